#include "services/config/watch_reactor.h"

#include <deque>
#include <memory>
#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/grpc/status_conversion.h"
#include "services/config/config_proto.h"

namespace opmon::config {
namespace {

class WatchReactor;

// What the feed talks to. It outlives the reactor when the feed still holds
// it; `reactor_` is cleared (under mu_) when the call is done, so a late
// change is dropped instead of touching a deleted reactor.
class WatchSession final : public ChangeFeed::Subscriber {
 public:
  explicit WatchSession(WatchReactor* reactor) : reactor_(reactor) {}

  void OnStart() override;
  void OnChange(const ProjectChangeRecord& change) override;
  void OnEnd(const absl::Status& status) override;

  // From the reactor's callbacks.
  void WriteDone(bool ok);
  void Cancelled();
  void Detach();

 private:
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  WatchReactor* reactor_ ABSL_GUARDED_BY(mu_);
  std::deque<ProjectChangeRecord> pending_ ABSL_GUARDED_BY(mu_);
  v1::ProjectChange writing_message_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;  // initial metadata requested
  bool busy_ ABSL_GUARDED_BY(mu_) = false;     // an operation is in flight
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> finish_after_write_ ABSL_GUARDED_BY(mu_);
};

class WatchReactor final : public grpc::ServerWriteReactor<v1::ProjectChange> {
 public:
  WatchReactor(ChangeFeed& feed, int64_t after_change_id, ConfigMetrics& metrics, grpc_edge::StreamSlot slot)
      : feed_(feed), metrics_(metrics), slot_(std::move(slot)), session_(std::make_shared<WatchSession>(this)) {
    metrics_.WatchOpened();
    subscription_ = feed_.Subscribe(after_change_id, session_);
    if (!subscription_) {
      session_->Detach();
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "config service is shutting down; watch again"));
      return;
    }
  }

  void OnSendInitialMetadataDone(bool ok) override { session_->WriteDone(ok); }
  void OnWriteDone(bool ok) override { session_->WriteDone(ok); }
  void OnCancel() override { session_->Cancelled(); }
  void OnDone() override {
    if (subscription_) feed_.Unsubscribe(*subscription_);
    session_->Detach();
    metrics_.WatchClosed();
    delete this;
  }

 private:
  ChangeFeed& feed_;
  ConfigMetrics& metrics_;
  grpc_edge::StreamSlot slot_;
  std::shared_ptr<WatchSession> session_;
  std::optional<uint64_t> subscription_;
};

// Initial metadata tells the client the subscription is in place.
void WatchSession::OnStart() {
  absl::MutexLock lock(&mu_);
  if (finished_ || reactor_ == nullptr) return;
  started_ = true;
  busy_ = true;
  reactor_->StartSendInitialMetadata();
}

void WatchSession::OnChange(const ProjectChangeRecord& change) {
  absl::MutexLock lock(&mu_);
  if (finished_ || reactor_ == nullptr) return;
  if (pending_.size() >= kMaxPendingChanges) {
    pending_.clear();
    const grpc::Status status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                              "WatchProjects: client fell more than 10000 changes behind; watch again "
                              "with after_change_id set to the last change received");
    if (busy_) {
      finish_after_write_ = status;
    } else {
      FinishLocked(status);
    }
    return;
  }
  pending_.push_back(change);
  if (!busy_) WriteNextLocked();
}

void WatchSession::OnEnd(const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  if (finished_ || reactor_ == nullptr) return;
  pending_.clear();
  if (busy_) {
    finish_after_write_ = grpc_edge::ToGrpcStatus(status);
  } else {
    FinishLocked(grpc_edge::ToGrpcStatus(status));
  }
}

void WatchSession::WriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  busy_ = false;
  if (finished_ || reactor_ == nullptr) return;
  if (!ok) {
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "WatchProjects: client went away"));
    return;
  }
  if (finish_after_write_) {
    FinishLocked(*finish_after_write_);
    return;
  }
  WriteNextLocked();
}

void WatchSession::Cancelled() {
  absl::MutexLock lock(&mu_);
  if (finished_ || reactor_ == nullptr) return;
  pending_.clear();
  // A cancelled call fails its outstanding write; finishing now is allowed.
  FinishLocked(grpc::Status::CANCELLED);
}

void WatchSession::Detach() {
  absl::MutexLock lock(&mu_);
  reactor_ = nullptr;
}

void WatchSession::WriteNextLocked() {
  if (!started_ || busy_ || pending_.empty()) return;
  writing_message_.Clear();
  ToProto(pending_.front(), &writing_message_);
  pending_.pop_front();
  busy_ = true;
  reactor_->StartWrite(&writing_message_);
}

void WatchSession::FinishLocked(const grpc::Status& status) {
  finished_ = true;
  reactor_->Finish(status);
}

}  // namespace

grpc::ServerWriteReactor<v1::ProjectChange>* StartWatch(ChangeFeed& feed, int64_t after_change_id,
                                                        ConfigMetrics& metrics, grpc_edge::StreamSlot slot) {
  return new WatchReactor(feed, after_change_id, metrics, std::move(slot));
}

}  // namespace opmon::config
