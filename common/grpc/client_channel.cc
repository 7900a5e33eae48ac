#include "common/grpc/client_channel.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "common/grpc/bearer_token_interceptor.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/channel_arguments.h"

namespace opmon::grpc_edge {
namespace {

std::string TokenFor(const ClientChannelOptions& options) {
  if (options.token) return *options.token;
  const char* env = std::getenv("OPMON_TOKEN");
  return env == nullptr ? "" : env;
}

}  // namespace

std::shared_ptr<grpc::Channel> MakeClientChannel(const std::string& target, const ClientChannelOptions& options) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  if (options.max_reconnect_backoff > absl::ZeroDuration()) {
    const int max_ms =
        static_cast<int>(std::max<int64_t>(absl::ToInt64Milliseconds(options.max_reconnect_backoff), 100));
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, max_ms);
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, std::min(max_ms, 1000));
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, std::min(max_ms, 1000));
  }
  if (options.own_subchannel) args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // The resolver re-resolves when a connection drops, so replicas that come
  // and go behind a DNS name are picked up.
  args.SetServiceConfigJSON(options.health_checked
                                ? R"({"loadBalancingConfig": [{"round_robin": {}}],
                                     "healthCheckConfig": {"serviceName": ""}})"
                                : R"({"loadBalancingConfig": [{"round_robin": {}}]})");
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  if (std::string token = TokenFor(options); !token.empty()) {
    interceptors.push_back(MakeBearerTokenInterceptorFactory(std::move(token)));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, MakeChannelCredentials(options.tls), args,
                                                                 std::move(interceptors));
}

}  // namespace opmon::grpc_edge
