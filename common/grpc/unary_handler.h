#pragma once
// The one wrapper every unary RPC goes through:
//
//   grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* ctx,
//                                        const GetProjectRequest* req,
//                                        GetProjectResponse* resp) override {
//     return HandleUnary(ctx, executor_, "ConfigService.GetProject",
//                        [=] { return impl_.GetProject(*req, resp); });
//   }
//
// The call passes the executor's gate first (Executor::Admit: token and
// role); a refused call finishes with the gate's status and the handler never
// runs. The handler runs on the service's executor (it may block on
// PostgreSQL), its absl::Status becomes the gRPC status, an escaped exception becomes
// INTERNAL naming the RPC, and a full executor answers RESOURCE_EXHAUSTED.
// Internal errors are logged here, once.

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/server_context.h"
#include "common/grpc/executor.h"
#include "common/grpc/status_conversion.h"

namespace opmon::grpc_edge {

// Logs INTERNAL/UNKNOWN/DATA_LOSS failures (the ones that are opmon's bugs or
// an operator's problem) with the RPC name.
void LogHandlerFailure(std::string_view rpc, const absl::Status& status);

absl::Status StatusFromHandlerException(std::string_view rpc);

template <typename Fn>
grpc::ServerUnaryReactor* HandleUnary(grpc::CallbackServerContext* ctx, Executor& executor,
                                      std::string_view rpc, Fn fn) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (absl::Status admitted = executor.Admit(*ctx, rpc); !admitted.ok()) {
    reactor->Finish(ToGrpcStatus(admitted));
    return reactor;
  }
  std::string name(rpc);
  bool posted = executor.TryPost([reactor, name, fn = std::move(fn)]() mutable {
    absl::Status status;
    try {
      status = fn();
    } catch (...) {
      status = StatusFromHandlerException(name);
    }
    LogHandlerFailure(name, status);
    reactor->Finish(ToGrpcStatus(status));
  });
  if (!posted) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 name + ": server busy (handler queue full); retry with backoff"));
  }
  return reactor;
}

// For a handler that answers later, from another thread (it waits for an
// asynchronous downstream call and must not hold an executor thread while
// it does): `fn(finish)` runs on the executor and arranges for
// `finish(status)` to be called once, from any thread, after it has written
// the response. Later calls of `finish` are ignored; an exception escaping
// `fn` finishes the call with INTERNAL unless it already finished.
template <typename Fn>
grpc::ServerUnaryReactor* HandleUnaryDeferred(grpc::CallbackServerContext* ctx, Executor& executor,
                                              std::string_view rpc, Fn fn) {
  struct Call {
    grpc::ServerUnaryReactor* reactor;
    std::string name;
    std::atomic<bool> finished{false};
  };
  auto call = std::make_shared<Call>();
  call->reactor = ctx->DefaultReactor();
  if (absl::Status admitted = executor.Admit(*ctx, rpc); !admitted.ok()) {
    call->reactor->Finish(ToGrpcStatus(admitted));
    return call->reactor;
  }
  call->name = std::string(rpc);
  std::function<void(absl::Status)> finish = [call](absl::Status status) {
    if (call->finished.exchange(true)) return;
    LogHandlerFailure(call->name, status);
    call->reactor->Finish(ToGrpcStatus(status));
  };
  bool posted = executor.TryPost([call, finish, fn = std::move(fn)]() mutable {
    try {
      fn(finish);
    } catch (...) {
      finish(StatusFromHandlerException(call->name));
    }
  });
  if (!posted) {
    finish(absl::ResourceExhaustedError(call->name + ": server busy (handler queue full); retry with backoff"));
  }
  return call->reactor;
}

}  // namespace opmon::grpc_edge
