#include "common/config_client/project_watch.h"

#include <algorithm>
#include <utility>

#include "common/log/log.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "opmon/v1/config.grpc.pb.h"

namespace opmon::config {
namespace {

ProjectChangeEvent FromProto(const v1::ProjectChange& change) {
  ProjectChangeEvent event;
  event.change_id = change.change_id();
  switch (change.kind()) {
    case v1::ProjectChange::KIND_APPLIED: event.kind = ProjectChangeKind::kApplied; break;
    case v1::ProjectChange::KIND_DELETED: event.kind = ProjectChangeKind::kDeleted; break;
    case v1::ProjectChange::KIND_DEFINITIONS_APPLIED: event.kind = ProjectChangeKind::kDefinitionsApplied; break;
    default: event.kind = ProjectChangeKind::kOther; break;
  }
  event.slug = change.slug();
  event.version = change.version();
  event.changed_at = change.changed_at();
  return event;
}

}  // namespace

// One WatchProjects call. The callback API is used because it tells a real
// initial metadata (the server's subscription is in place) from a call that
// failed before the server answered, which the blocking reader cannot.
class ProjectWatch::Stream final : public grpc::ClientReadReactor<v1::ProjectChange> {
 public:
  explicit Stream(ProjectWatch& owner) : owner_(owner) {}

  void Begin(v1::ConfigService::Stub& stub, int64_t after_change_id) {
    request_.set_after_change_id(after_change_id);
    // Waits for the channel to connect instead of failing at once while the
    // config service is down: the stream opens as soon as it is back.
    ctx_.set_wait_for_ready(true);
    stub.async()->WatchProjects(&ctx_, &request_, this);
    StartCall();
  }

  void OnReadInitialMetadataDone(bool ok) override {
    if (!ok) return;  // OnDone follows with the status
    opened_ = true;
    owner_.Opened();
    StartRead(&change_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    owner_.Received(FromProto(change_));
    StartRead(&change_);
  }

  // Signals through the owner's mutex, which outlives the stream: the loop
  // may destroy the stream as soon as it sees done_.
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&owner_.mu_);
    status_ = status;
    done_ = true;
  }

  void Cancel() { ctx_.TryCancel(); }
  // Under the owner's mutex.
  bool done() const { return done_; }
  // Once done().
  bool opened() const { return opened_; }
  const grpc::Status& status() const { return status_; }

 private:
  ProjectWatch& owner_;
  grpc::ClientContext ctx_;
  v1::WatchProjectsRequest request_;
  v1::ProjectChange change_;
  bool opened_ = false;  // written before OnDone
  grpc::Status status_;
  bool done_ = false;  // guarded by owner_.mu_
};

ProjectWatch::ProjectWatch(std::shared_ptr<grpc::Channel> channel, ProjectWatchCallbacks callbacks,
                           ProjectWatchOptions options)
    : channel_(std::move(channel)), callbacks_(std::move(callbacks)), options_(options) {}

ProjectWatch::~ProjectWatch() { Stop(); }

void ProjectWatch::Start() {
  thread_ = std::jthread([this] { Loop(); });
}

void ProjectWatch::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->Cancel();
  }
  if (thread_.joinable()) thread_.join();
}

int64_t ProjectWatch::last_change_id() const {
  absl::MutexLock lock(&mu_);
  return last_change_id_;
}

int64_t ProjectWatch::streams_opened() const {
  absl::MutexLock lock(&mu_);
  return streams_opened_;
}

void ProjectWatch::Opened() {
  {
    absl::MutexLock lock(&mu_);
    ++streams_opened_;
  }
  if (callbacks_.on_watching) callbacks_.on_watching();
}

void ProjectWatch::Received(const ProjectChangeEvent& change) {
  {
    absl::MutexLock lock(&mu_);
    last_change_id_ = std::max(last_change_id_, change.change_id);
  }
  if (callbacks_.on_change) callbacks_.on_change(change);
}

bool ProjectWatch::Backoff(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), delay);
  return !stopping_;
}

void ProjectWatch::Loop() {
  auto stub = v1::ConfigService::NewStub(channel_);
  absl::Duration backoff = options_.initial_backoff;
  bool warned = false;  // one warning per outage; retries log at debug
  for (;;) {
    Stream stream(*this);
    int64_t after = options_.after_change_id;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      if (last_change_id_ > 0) after = last_change_id_;
      current_ = &stream;
    }
    stream.Begin(*stub, after);
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(&stream, &Stream::done));
      current_ = nullptr;
      if (stopping_) return;
    }
    if (stream.opened()) {
      backoff = options_.initial_backoff;
      warned = false;
    }
    const std::string error = stream.status().error_message();
    if (!warned) {
      log::Warn("config watch: stream ended; reconnecting",
                {{"code", std::to_string(stream.status().error_code())}, {"error", error},
                 {"retry_in", absl::FormatDuration(backoff)}});
      warned = true;
    } else {
      log::Debug("config watch: still unavailable", {{"error", error}, {"retry_in", absl::FormatDuration(backoff)}});
    }
    if (!Backoff(backoff)) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

}  // namespace opmon::config
