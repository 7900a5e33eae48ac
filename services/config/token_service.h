#pragma once
// opmon.v1.TokenService, served by opmon-config: create, list and revoke
// access tokens in the tokens table (common/auth/token_store.h).

#include "common/pg/pg_fwd.h"
#include "opmon/v1/tokens.grpc.pb.h"

namespace opmon::grpc_edge {
class Executor;
}

namespace opmon::config {

class TokenServiceImpl final : public opmon::v1::TokenService::CallbackService {
 public:
  TokenServiceImpl(pg::Pool& pool, grpc_edge::Executor& executor) : pool_(pool), executor_(executor) {}

  grpc::ServerUnaryReactor* CreateToken(grpc::CallbackServerContext* ctx, const v1::CreateTokenRequest* request,
                                        v1::CreateTokenResponse* response) override;
  grpc::ServerUnaryReactor* ListTokens(grpc::CallbackServerContext* ctx, const v1::ListTokensRequest* request,
                                       v1::ListTokensResponse* response) override;
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* ctx, const v1::RevokeTokenRequest* request,
                                        v1::RevokeTokenResponse* response) override;

 private:
  pg::Pool& pool_;
  grpc_edge::Executor& executor_;
};

}  // namespace opmon::config
