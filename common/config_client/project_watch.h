#pragma once
// Follows opmon.v1.ConfigService.WatchProjects for a service that reacts to
// project changes (lookml regenerates, others may drop caches): one stream
// kept open on a background thread, re-opened with exponential backoff when
// it breaks (config service restarted, network, RESOURCE_EXHAUSTED). Calls
// wait for the channel to be ready, so while the config service is down the
// stream opens as soon as the channel reconnects (give the channel a short
// ClientChannelOptions::max_reconnect_backoff: gRPC's default grows to 2
// minutes, which would hold a watch back long after config is up again).
//
//   ProjectWatch watch(MakeClientChannel("127.0.0.1:7101", {.max_reconnect_backoff = absl::Seconds(2)}),
//                      {.on_watching = [&] { Recheck(); },
//                       .on_change = [&](const ProjectChangeEvent& c) { Changed(c.slug); }});
//   watch.Start();
//   ...
//   watch.Stop();
//
// `on_watching` runs each time a stream is in place (the config service
// answers with initial metadata once its subscription is fixed, so every
// change committed after that call is delivered): after the first open and
// after every re-open. Changes committed while no stream was open are
// replayed when the watch has seen a change before (it resumes after the
// last change_id received), but not before the first change, and not when
// the config service's change log was reset; callers that must not miss a
// change re-read their state in `on_watching`.
//
// Callbacks run on gRPC threads, one at a time, `on_watching` before the
// changes of its stream; they must not block, nor call Stop. Thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace grpc {
class Channel;
}

namespace opmon::config {

enum class ProjectChangeKind { kOther, kApplied, kDeleted, kDefinitionsApplied };

// One opmon.v1.ProjectChange.
struct ProjectChangeEvent {
  int64_t change_id = 0;
  ProjectChangeKind kind = ProjectChangeKind::kOther;
  std::string slug;  // project slug, or the platform for kDefinitionsApplied
  int64_t version = 0;
  std::string changed_at;  // RFC 3339
};

struct ProjectWatchOptions {
  // Where the first stream starts: changes after this id; 0: from now on.
  int64_t after_change_id = 0;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

struct ProjectWatchCallbacks {
  std::function<void()> on_watching;
  std::function<void(const ProjectChangeEvent&)> on_change;
};

class ProjectWatch {
 public:
  ProjectWatch(std::shared_ptr<grpc::Channel> channel, ProjectWatchCallbacks callbacks,
               ProjectWatchOptions options = {});
  ~ProjectWatch();  // Stop()
  ProjectWatch(const ProjectWatch&) = delete;
  ProjectWatch& operator=(const ProjectWatch&) = delete;

  // Starts the thread; the first stream opens at once. Call once.
  void Start();
  // Cancels the open stream and joins the thread; no callback runs after it
  // returns. Idempotent.
  void Stop();

  // Highest change_id received (0 before the first change).
  int64_t last_change_id() const;
  // Streams that reached `on_watching` so far.
  int64_t streams_opened() const;

 private:
  class Stream;
  void Loop();
  // Waits `delay` or until Stop; false when stopping.
  bool Backoff(absl::Duration delay);
  void Opened();
  void Received(const ProjectChangeEvent& change);

  const std::shared_ptr<grpc::Channel> channel_;
  const ProjectWatchCallbacks callbacks_;
  const ProjectWatchOptions options_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stream* current_ ABSL_GUARDED_BY(mu_) = nullptr;  // the open stream, for Stop to cancel
  int64_t last_change_id_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t streams_opened_ ABSL_GUARDED_BY(mu_) = 0;
  std::jthread thread_;
};

}  // namespace opmon::config
