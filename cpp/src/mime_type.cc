// Content-Type checks (WHATWG MIME Sniffing "parse a MIME type", Fetch "extract a MIME type").
#include "mime_type.h"

namespace sse {
namespace {

bool IsHttpWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// HTTP token code points (RFC 9110 tchar).
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

std::string_view TrimLeadingHttpWhitespace(std::string_view s) {
  while (!s.empty() && IsHttpWhitespace(s.front())) s.remove_prefix(1);
  return s;
}

std::string_view TrimTrailingHttpWhitespace(std::string_view s) {
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

// [spec] "Parse a MIME type", reduced to the essence: parameters are skipped, not validated, because
// the essence is all an event source looks at. Returns "" on failure.
std::string_view ParseMimeEssence(std::string_view input) {
  // 1. Remove any leading and trailing HTTP whitespace from input.
  input = TrimTrailingHttpWhitespace(TrimLeadingHttpWhitespace(input));
  // 3-6. type: the code points up to "/", a non-empty token.
  size_t slash = input.find('/');
  if (slash == std::string_view::npos || !IsToken(input.substr(0, slash))) return {};
  // 7-9. subtype: the code points up to ";", trailing HTTP whitespace removed, a non-empty token.
  std::string_view rest = input.substr(slash + 1);
  std::string_view subtype = TrimTrailingHttpWhitespace(rest.substr(0, rest.find(';')));
  if (!IsToken(subtype)) return {};
  return input.substr(0, slash + 1 + subtype.size());
}

// The end of the header value that starts at `start`: the next comma outside a quoted string.
size_t ValueEnd(std::string_view value, size_t start) {
  bool quoted = false;
  for (size_t i = start; i < value.size(); ++i) {
    char c = value[i];
    if (quoted && c == '\\') {
      ++i;  // the escaped character cannot end the quoted string
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      return i;
    }
  }
  return value.size();
}

}  // namespace

std::string_view ExtractMimeEssence(std::string_view header_value) {
  std::string_view essence;
  // [spec] Fetch "extract a MIME type": for each value, parse it; skip failures and "*/*";
  // the last one that parses wins.
  for (size_t start = 0;;) {
    size_t end = ValueEnd(header_value, start);
    std::string_view parsed = ParseMimeEssence(header_value.substr(start, end - start));
    if (!parsed.empty() && parsed != "*/*") essence = parsed;
    if (end == header_value.size()) return essence;
    start = end + 1;
  }
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace sse
