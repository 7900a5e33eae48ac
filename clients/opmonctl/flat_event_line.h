#pragma once
// The fast path of ParseLiveEventLine (live_ndjson.h): the lines opmon's own
// tools write, a flat JSON object of distinct known keys whose values are
// ASCII strings without escapes, null (branch, event) or unsigned integers
// (the counts), read in one scan without building a JSON document. Any
// other line, valid or not, is left to the general parser, which then gives
// the same answer and error it always did.

#include <optional>
#include <string_view>

#include "opmon/v1/compute.pb.h"

namespace opmon::ctl {

// The event when `line` is such a line (then exactly what the general
// parser makes of it); nullopt otherwise.
std::optional<v1::LiveEvent> ParseFlatEventLine(std::string_view line);

}  // namespace opmon::ctl
