#pragma once
// A server stream for a response that could pass kMaxMessageBytes
// (client_channel.h) as one message: the handler computes every message on
// the service's executor (it may block on PostgreSQL), then they are written
// in order.
//
//   return HandleBufferedStream<v1::RenderPreviewResponse>(ctx, executor_, "LookmlService.RenderPreview",
//       [=]() -> absl::StatusOr<std::vector<v1::RenderPreviewResponse>> { ... });
//
// As HandleUnary: the call passes the executor's gate first (a refusal
// finishes the stream at once), the handler's error status finishes the stream before any
// message, an escaped exception becomes INTERNAL naming the RPC, a full
// executor answers RESOURCE_EXHAUSTED, internal failures are logged once.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/grpc/admitted_stream.h"
#include "common/grpc/executor.h"
#include "common/grpc/status_conversion.h"
#include "common/grpc/unary_handler.h"
#include "grpcpp/support/server_callback.h"

namespace opmon::grpc_edge {

template <typename T>
class BufferedStreamReactor final : public grpc::ServerWriteReactor<T> {
 public:
  explicit BufferedStreamReactor(std::string rpc) : rpc_(std::move(rpc)) {}

  // Once, with the handler's result; starts writing.
  void Start(absl::StatusOr<std::vector<T>> messages) {
    if (!messages.ok()) {
      LogHandlerFailure(rpc_, messages.status());
      this->Finish(ToGrpcStatus(messages.status()));
      return;
    }
    messages_ = *std::move(messages);
    WriteNext();
  }

  // A failed write means the client went away (or cancelled).
  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, rpc_ + ": client went away"));
      return;
    }
    WriteNext();
  }
  void OnDone() override { delete this; }

 private:
  // Writes never overlap: the next starts from the previous one's completion.
  void WriteNext() {
    if (next_ == messages_.size()) {
      this->Finish(grpc::Status::OK);
      return;
    }
    this->StartWrite(&messages_[next_++]);
  }

  const std::string rpc_;
  std::vector<T> messages_;
  std::size_t next_ = 0;
};

template <typename T, typename Fn>
grpc::ServerWriteReactor<T>* HandleBufferedStream(grpc::CallbackServerContext* ctx, Executor& executor,
                                                  std::string_view rpc, Fn fn) {
  if (grpc::ServerWriteReactor<T>* refused = AdmitStream<T>(ctx, executor, rpc)) return refused;
  auto* reactor = new BufferedStreamReactor<T>(std::string(rpc));
  std::string name(rpc);
  const bool posted = executor.TryPost([reactor, name, fn = std::move(fn)]() mutable {
    absl::StatusOr<std::vector<T>> messages;
    try {
      messages = fn();
    } catch (...) {
      messages = StatusFromHandlerException(name);
    }
    reactor->Start(std::move(messages));
  });
  if (!posted) {
    reactor->Start(absl::ResourceExhaustedError(name + ": server busy (handler queue full); retry with backoff"));
  }
  return reactor;
}

}  // namespace opmon::grpc_edge
