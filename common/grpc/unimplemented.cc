#include "common/grpc/unimplemented.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace opmon::grpc_edge {

grpc::Status UnimplementedStatus(std::string_view rpc, std::string_view missing) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      absl::StrCat(std::string(rpc), " is not implemented yet: ", std::string(missing)));
}

grpc::ServerUnaryReactor* Unimplemented(grpc::CallbackServerContext* ctx, std::string_view rpc,
                                        std::string_view missing) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(UnimplementedStatus(rpc, missing));
  return reactor;
}

}  // namespace opmon::grpc_edge
