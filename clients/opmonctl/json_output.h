#pragma once
// How opmonctl prints its --json results.

#include "nlohmann/json.hpp"

namespace opmon::ctl {

// `value` on stdout, indented by two spaces, and a newline. Returns 0, the
// exit code of a command that printed its result: `return PrintJson(out);`.
int PrintJson(const nlohmann::json& value);

}  // namespace opmon::ctl
