#include "services/config/token_service.h"

#include <string>

#include "absl/status/status.h"
#include "common/auth/role.h"
#include "common/auth/token_store.h"
#include "common/grpc/unary_handler.h"
#include "common/log/log.h"
#include "common/status/status_macros.h"

namespace opmon::config {

using grpc_edge::HandleUnary;

grpc::ServerUnaryReactor* TokenServiceImpl::CreateToken(grpc::CallbackServerContext* ctx,
                                                        const v1::CreateTokenRequest* request,
                                                        v1::CreateTokenResponse* response) {
  return HandleUnary(ctx, executor_, "TokenService.CreateToken", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(auth::Role role, auth::ParseRole(request->role()));
    OPMON_ASSIGN_OR_RETURN(std::string token, auth::CreateToken(pool_, request->name(), role));
    log::Info("token created", {{"name", request->name()}, {"role", std::string(auth::RoleName(role))}});
    response->set_name(request->name());
    response->set_role(std::string(auth::RoleName(role)));
    response->set_token(std::move(token));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TokenServiceImpl::ListTokens(grpc::CallbackServerContext* ctx,
                                                       const v1::ListTokensRequest*,
                                                       v1::ListTokensResponse* response) {
  return HandleUnary(ctx, executor_, "TokenService.ListTokens", [this, response] {
    OPMON_ASSIGN_OR_RETURN(std::vector<auth::TokenRecord> tokens, auth::ListTokens(pool_));
    for (const auth::TokenRecord& t : tokens) {
      v1::TokenInfo* info = response->add_tokens();
      info->set_name(t.name);
      info->set_role(std::string(auth::RoleName(t.role)));
      info->set_created_at(t.created_at);
      info->set_last_used_at(t.last_used_at);
      info->set_revoked_at(t.revoked_at);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TokenServiceImpl::RevokeToken(grpc::CallbackServerContext* ctx,
                                                        const v1::RevokeTokenRequest* request,
                                                        v1::RevokeTokenResponse*) {
  return HandleUnary(ctx, executor_, "TokenService.RevokeToken", [this, request] {
    OPMON_RETURN_IF_ERROR(auth::RevokeToken(pool_, request->name()));
    log::Info("token revoked", {{"name", request->name()}});
    return absl::OkStatus();
  });
}

}  // namespace opmon::config
