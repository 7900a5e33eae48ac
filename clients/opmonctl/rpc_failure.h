#pragma once
// How opmonctl reports a failed call on stderr. Both return the exit code 1.
// The two formats are kept as the commands have always printed them: the
// compute and statistics commands give the numeric code, the config
// commands name the command and the code.

#include <ostream>
#include <string>

#include "absl/status/status.h"

namespace opmon::ctl {

// "opmonctl: <message> (<numeric code>)" on stderr; returns 1.
int RpcFailed(const absl::Status& status);

// "opmonctl: <what>: CODE: message" on `err`; returns 1.
int ReportRpcFailure(std::ostream& err, const std::string& what, const absl::Status& status);

}  // namespace opmon::ctl
