// Names of parse outcomes.
#include "parse_status.h"

namespace sse {

const char* ParseStatusName(ParseStatus status) {
  switch (status) {
    case ParseStatus::kOk:
      return "ok";
    case ParseStatus::kLineTooLong:
      return "line-too-long";
    case ParseStatus::kEventTooLarge:
      return "event-too-large";
  }
  return "unknown";
}

}  // namespace sse
