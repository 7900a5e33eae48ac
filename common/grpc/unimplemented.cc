#include "common/grpc/unimplemented.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/grpc/executor.h"
#include "common/grpc/status_conversion.h"

namespace opmon::grpc_edge {

grpc::Status UnimplementedStatus(std::string_view rpc, std::string_view missing) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      absl::StrCat(std::string(rpc), " is not implemented yet: ", std::string(missing)));
}

grpc::ServerUnaryReactor* Unimplemented(grpc::CallbackServerContext* ctx, const Executor& executor,
                                        std::string_view rpc, std::string_view missing) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::Status admitted = executor.Admit(*ctx, rpc);
  reactor->Finish(admitted.ok() ? UnimplementedStatus(rpc, missing) : ToGrpcStatus(admitted));
  return reactor;
}

}  // namespace opmon::grpc_edge
