// Content-Type checks: does a response declare an event stream (WHATWG MIME Sniffing + Fetch)?
#ifndef SSE_MIME_TYPE_H_
#define SSE_MIME_TYPE_H_

#include <string_view>

namespace sse {

// The essence ("type/subtype", case as received) of the MIME type that Fetch's "extract a MIME type"
// finds in a Content-Type header value (several values may be joined with ", "): a view into
// `header_value`, empty when none parses. Parameters, such as charset, are ignored: event streams are
// always UTF-8.
std::string_view ExtractMimeEssence(std::string_view header_value);

// True when `a` and `b` are equal after ASCII lowercasing (MIME essences compare so).
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

}  // namespace sse

#endif  // SSE_MIME_TYPE_H_
