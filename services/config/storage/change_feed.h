#pragma once
// The live side of opmon.project_changes: one thread per process LISTENs on
// opmon_project_changes (change_log.h) and hands every change, in change_id
// order, to the subscribers (WatchProjects streams). A subscriber that starts
// behind (after_change_id in the past) first gets the stored backlog, then
// live changes, with nothing missed or repeated. A lost database connection
// is re-opened; changes made meanwhile come from the table.
//
//   ChangeFeed feed({.dsn = dsn});
//   feed.Start();
//   auto id = feed.Subscribe(after_change_id, subscriber);   // on any thread
//   ...
//   feed.Unsubscribe(*id);
//   feed.Stop();   // OnEnd(Unavailable) for everyone still subscribed
//
// Thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/config/storage/stored_types.h"

namespace opmon::config {

struct ChangeFeedOptions {
  std::string dsn;
  absl::Duration reconnect_backoff = absl::Milliseconds(100);
  absl::Duration max_reconnect_backoff = absl::Seconds(2);
  int64_t batch_size = 500;  // rows per backlog read
};

class ChangeFeed {
 public:
  // Called on the feed thread, one change at a time, in change_id order.
  // Must not block, and must not call Subscribe or Unsubscribe.
  class Subscriber {
   public:
    virtual ~Subscriber() = default;
    // Once, before any OnChange, when the subscription's starting point is
    // fixed: every change committed after this call will be delivered (for
    // after_change_id 0, "now" is this moment).
    virtual void OnStart() = 0;
    virtual void OnChange(const ProjectChangeRecord& change) = 0;
    // The feed stopped; no call follows. Called on the thread running Stop.
    virtual void OnEnd(const absl::Status& status) = 0;
  };

  explicit ChangeFeed(ChangeFeedOptions options);
  ~ChangeFeed();  // Stop()
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  void Start();
  // Ends every subscription with Unavailable and joins the thread. Idempotent.
  void Stop();

  // Delivers changes with change_id > after_change_id; 0 means changes from
  // now on. Returns an id for Unsubscribe, or nullopt once stopped.
  std::optional<uint64_t> Subscribe(int64_t after_change_id, std::shared_ptr<Subscriber> subscriber);
  // No call is made to the subscriber after this returns, except one
  // already running on the feed thread (subscribers guard their own state).
  void Unsubscribe(uint64_t id);

  // Highest change_id handed out so far (0 before the first read).
  int64_t last_change_id() const;

 private:
  struct Subscription {
    std::shared_ptr<Subscriber> subscriber;
    int64_t cursor = 0;      // last change_id delivered (or skipped)
    bool from_now = false;   // cursor not yet fixed: "now" is the first read
    bool started = false;    // OnStart called
  };
  class Wakeup;

  void Loop();
  // One connected session; returns when stopping, throws (pqxx) when the
  // connection breaks. Each round: ReadLive, StartWaiting, ReadBacklog.
  void RunSession();
  // Subscribers not yet started, as of now.
  std::vector<uint64_t> WaitingSubscribers();
  // Changes after last_id_ to every started subscriber that is caught up.
  void ReadLive(pqxx::connection_base& conn);
  // Fixes the starting point of `waiting` (those still subscribed) and calls
  // their OnStart; they get no change before it.
  void StartWaiting(const std::vector<uint64_t>& waiting);
  // Started subscribers behind last_id_ read up to it, one batch at a time.
  void ReadBacklog(pqxx::connection_base& conn);
  bool stopping() const;

  const ChangeFeedOptions options_;
  std::unique_ptr<Wakeup> wakeup_;
  mutable absl::Mutex mu_;
  std::map<uint64_t, Subscription> subscriptions_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  int64_t last_id_ ABSL_GUARDED_BY(mu_) = 0;
  bool initialized_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  std::jthread thread_;
};

}  // namespace opmon::config
