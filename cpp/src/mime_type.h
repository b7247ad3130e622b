// Content-Type checks: does a response declare an event stream (WHATWG MIME Sniffing + Fetch)?
#ifndef SSE_MIME_TYPE_H_
#define SSE_MIME_TYPE_H_

#include <string>
#include <string_view>

namespace sse {

// The essence ("type/subtype", ASCII-lowercased) of the MIME type that Fetch's "extract a MIME type"
// finds in a Content-Type header value (several values may be joined with ", "); empty when none
// parses. Parameters, such as charset, are ignored: event streams are always UTF-8.
std::string ExtractMimeEssence(std::string_view header_value);

}  // namespace sse

#endif  // SSE_MIME_TYPE_H_
