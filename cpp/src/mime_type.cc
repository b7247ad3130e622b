// Content-Type checks (WHATWG MIME Sniffing "parse a MIME type", Fetch "extract a MIME type").
#include "mime_type.h"

#include <vector>

namespace sse {
namespace {

bool IsHttpWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// HTTP token code points (RFC 9110 tchar).
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

std::string_view TrimHttpWhitespace(std::string_view s) {
  while (!s.empty() && IsHttpWhitespace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHttpWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// "Parse a MIME type", reduced to the essence: parameters are skipped, not validated, because
// the essence is all an event source looks at. Returns "" on failure.
std::string ParseMimeEssence(std::string_view input) {
  input = TrimHttpWhitespace(input);
  size_t slash = input.find('/');
  if (slash == std::string_view::npos) return "";
  std::string_view type = input.substr(0, slash);
  std::string_view rest = input.substr(slash + 1);
  std::string_view subtype = TrimHttpWhitespace(rest.substr(0, rest.find(';')));
  if (!IsToken(type) || !IsToken(subtype)) return "";
  std::string essence;
  essence.reserve(type.size() + 1 + subtype.size());
  for (char c : type) essence += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  essence += '/';
  for (char c : subtype) essence += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return essence;
}

// Splits a combined header value on commas that are not inside a quoted string.
std::vector<std::string_view> SplitHeaderValues(std::string_view value) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted && c == '\\') {
      ++i;  // the escaped character cannot end the quoted string
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      parts.push_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(value.substr(start));
  return parts;
}

}  // namespace

std::string ExtractMimeEssence(std::string_view header_value) {
  std::string essence;
  // [spec] Fetch "extract a MIME type": for each value, parse it; skip failures and "*/*";
  // the last one that parses wins.
  for (std::string_view part : SplitHeaderValues(header_value)) {
    std::string parsed = ParseMimeEssence(part);
    if (parsed.empty() || parsed == "*/*") continue;
    essence = std::move(parsed);
  }
  return essence;
}

}  // namespace sse
