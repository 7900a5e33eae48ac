#pragma once
// opmonctl's calls to opmon's own services: the address is the one the
// global options give the service `Stub` belongs to, with their channel
// options (TLS; the token comes from OPMON_TOKEN) and --timeout.
//
//   absl::StatusOr<v1::ListJobsResponse> jobs = Call(global, &v1::ComputeService::Stub::ListJobs, request);

#include <memory>
#include <string>
#include <type_traits>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/rpc_call.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "opmon/v1/config.grpc.pb.h"
#include "opmon/v1/lookml.grpc.pb.h"
#include "opmon/v1/statistics.grpc.pb.h"
#include "opmon/v1/tokens.grpc.pb.h"

namespace opmon::ctl {

// The address (--config-addr, ...) of the service that serves `Stub`.
template <typename Stub>
const std::string& AddressOf(const GlobalOptions& g) {
  if constexpr (std::is_same_v<Stub, v1::ConfigService::Stub> || std::is_same_v<Stub, v1::TokenService::Stub>) {
    return g.config_addr;
  } else if constexpr (std::is_same_v<Stub, v1::ComputeService::Stub>) {
    return g.compute_addr;
  } else if constexpr (std::is_same_v<Stub, v1::StatisticsService::Stub>) {
    return g.statistics_addr;
  } else {
    static_assert(std::is_same_v<Stub, v1::LookmlService::Stub>, "a stub of a service opmonctl has no address for");
    return g.lookml_addr;
  }
}

// CallUnary on the service's address with the global channel options and
// --timeout; same results.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Call(const GlobalOptions& g,
                              grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                              const std::type_identity_t<Request>& request) {
  return CallUnary(AddressOf<Stub>(g), g.channel, g.timeout_seconds, method, request);
}

// ReadServerStream on the service's address with the global channel options
// and --timeout; same results.
template <typename Stub, typename Request, typename Response>
absl::Status Stream(const GlobalOptions& g,
                    std::unique_ptr<grpc::ClientReader<Response>> (Stub::*method)(grpc::ClientContext*, const Request&),
                    const std::type_identity_t<Request>& request,
                    absl::FunctionRef<void(const std::type_identity_t<Response>&)> on_message) {
  return ReadServerStream(AddressOf<Stub>(g), g.channel, g.timeout_seconds, method, request, on_message);
}

}  // namespace opmon::ctl
