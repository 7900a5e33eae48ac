#pragma once
// The one way opmonctl calls a service: a channel to the address (made by
// grpc_edge::MakeClientChannel with the given options: TLS), a stub, a
// context whose deadline is `timeout_seconds` from now (--timeout, or
// --wait-timeout for followed streams), the call, and its grpc::Status as an
// absl::Status (codes and messages kept verbatim).
//
//   absl::StatusOr<v1::ListJobsResponse> jobs = CallUnary(
//       global.compute_addr, global.channel, global.timeout_seconds, &v1::ComputeService::Stub::ListJobs,
//       request);

#include <memory>
#include <string>
#include <type_traits>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/opmonctl/rpc_context.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/status_conversion.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "grpcpp/support/sync_stream.h"

namespace opmon::ctl {

// Calls `method` of a fresh `Stub` on `address` with `request`. Returns the
// response, or the call's status (UNAVAILABLE when nothing listens,
// DEADLINE_EXCEEDED after `timeout_seconds`, else the service's status).
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallUnary(const std::string& address, const grpc_edge::ClientChannelOptions& channel,
                                   double timeout_seconds,
                                   grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                                   const std::type_identity_t<Request>& request) {
  Stub stub(grpc_edge::MakeClientChannel(address, channel));
  std::unique_ptr<grpc::ClientContext> context = MakeContext(timeout_seconds);
  Response response;
  absl::Status status = grpc_edge::FromGrpcStatus((stub.*method)(context.get(), request, &response));
  if (!status.ok()) return status;
  return response;
}

// Calls the server-streaming `method` of a fresh `Stub` on `address`, hands
// each message to `on_message` as it arrives (on this thread), and returns
// the stream's final status once the server ends it or the deadline passes.
template <typename Stub, typename Request, typename Response>
absl::Status ReadServerStream(
    const std::string& address, const grpc_edge::ClientChannelOptions& channel, double timeout_seconds,
    std::unique_ptr<grpc::ClientReader<Response>> (Stub::*method)(grpc::ClientContext*, const Request&),
    const std::type_identity_t<Request>& request,
    absl::FunctionRef<void(const std::type_identity_t<Response>&)> on_message) {
  Stub stub(grpc_edge::MakeClientChannel(address, channel));
  std::unique_ptr<grpc::ClientContext> context = MakeContext(timeout_seconds);
  std::unique_ptr<grpc::ClientReader<Response>> reader = (stub.*method)(context.get(), request);
  Response message;
  while (reader->Read(&message)) on_message(message);
  return grpc_edge::FromGrpcStatus(reader->Finish());
}

}  // namespace opmon::ctl
