#include "clients/opmonctl/rpc_failure.h"

#include <iostream>

namespace opmon::ctl {

int RpcFailed(const absl::Status& status) {
  std::cerr << "opmonctl: " << status.message() << " (" << static_cast<int>(status.code()) << ")\n";
  return 1;
}

int ReportRpcFailure(std::ostream& err, const std::string& what, const absl::Status& status) {
  err << "opmonctl: " << what << ": " << absl::StatusCodeToString(status.code()) << ": " << status.message() << "\n";
  return 1;
}

}  // namespace opmon::ctl
