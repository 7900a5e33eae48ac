#include "common/grpc/unary_handler.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"

namespace opmon::grpc_edge {

void LogHandlerFailure(std::string_view rpc, const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      log::Error("rpc failed", {{"rpc", std::string(rpc)}, {"code", absl::StatusCodeToString(status.code())},
                                {"error", std::string(status.message())}});
      break;
    default:
      break;
  }
}

absl::Status StatusFromHandlerException(std::string_view rpc) {
  try {
    throw;
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(std::string(rpc), ": unexpected exception: ", e.what()));
  } catch (...) {
    return absl::InternalError(absl::StrCat(std::string(rpc), ": unexpected exception"));
  }
}

}  // namespace opmon::grpc_edge
