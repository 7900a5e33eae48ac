#include "services/config/storage/change_feed.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "common/log/log.h"
#include "common/pg/error_mapping.h"
#include "services/config/storage/change_log.h"

namespace opmon::config {

// An eventfd the feed thread polls next to the database socket, so Subscribe
// and Stop can wake it.
class ChangeFeed::Wakeup {
 public:
  Wakeup() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~Wakeup() {
    if (fd_ >= 0) close(fd_);
  }
  void Signal() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(fd_, &one, sizeof(one));
  }
  void Drain() {
    uint64_t value = 0;
    [[maybe_unused]] ssize_t n = read(fd_, &value, sizeof(value));
  }
  // Waits until `other_fd` (if >= 0) is readable, a Signal, or the timeout.
  void Wait(int other_fd, absl::Duration timeout) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {other_fd, POLLIN, 0}};
    const int count = other_fd >= 0 ? 2 : 1;
    const int ms = static_cast<int>(absl::ToInt64Milliseconds(timeout));
    if (poll(fds, count, ms) > 0 && (fds[0].revents & POLLIN) != 0) Drain();
  }

 private:
  int fd_;
};

namespace {

// The feed reads the table after every wake-up, so the receiver only needs
// to exist (it makes libpqxx LISTEN on the channel).
class Listener final : public pqxx::notification_receiver {
 public:
  explicit Listener(pqxx::connection_base& conn)
      : pqxx::notification_receiver(conn, std::string(kProjectChangesChannel)) {}
  void operator()(const std::string&, int) override {}
};

// A safety net only: NOTIFY wakes the feed; this bounds the delay if a
// notification were ever lost.
constexpr absl::Duration kIdleRead = absl::Seconds(10);

}  // namespace

ChangeFeed::ChangeFeed(ChangeFeedOptions options)
    : options_(std::move(options)), wakeup_(std::make_unique<Wakeup>()) {}

ChangeFeed::~ChangeFeed() { Stop(); }

void ChangeFeed::Start() {
  absl::MutexLock lock(&mu_);
  if (started_ || stopping_) return;
  started_ = true;
  thread_ = std::jthread([this] { Loop(); });
}

void ChangeFeed::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_ && !thread_.joinable() && subscriptions_.empty()) return;
    stopping_ = true;
  }
  wakeup_->Signal();
  if (thread_.joinable()) thread_.join();
  std::map<uint64_t, Subscription> ended;
  {
    absl::MutexLock lock(&mu_);
    ended.swap(subscriptions_);
  }
  for (auto& [id, s] : ended) {
    s.subscriber->OnEnd(absl::UnavailableError("config service is shutting down; watch again"));
  }
}

bool ChangeFeed::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

std::optional<uint64_t> ChangeFeed::Subscribe(int64_t after_change_id,
                                              std::shared_ptr<Subscriber> subscriber) {
  uint64_t id = 0;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return std::nullopt;
    id = next_id_++;
    Subscription s{.subscriber = std::move(subscriber), .cursor = after_change_id};
    // "Now" is fixed on the feed thread right after a read of the table, so
    // changes committed before the subscriber's OnStart are never sent.
    s.from_now = after_change_id <= 0;
    subscriptions_.emplace(id, std::move(s));
  }
  wakeup_->Signal();
  return id;
}

void ChangeFeed::Unsubscribe(uint64_t id) {
  absl::MutexLock lock(&mu_);
  subscriptions_.erase(id);
}

int64_t ChangeFeed::last_change_id() const {
  absl::MutexLock lock(&mu_);
  return last_id_;
}

void ChangeFeed::Loop() {
  absl::Duration backoff = options_.reconnect_backoff;
  while (!stopping()) {
    try {
      RunSession();
      backoff = options_.reconnect_backoff;
    } catch (...) {
      const absl::Status status = pg::StatusFromCurrentException("project change feed");
      log::Warn("change feed lost its database connection; reconnecting",
                {{"error", std::string(status.message())},
                 {"retry_in", absl::FormatDuration(backoff)}});
      wakeup_->Wait(-1, backoff);
      backoff = std::min(backoff * 2, options_.max_reconnect_backoff);
    }
  }
}

namespace {

using Delivery = std::pair<std::shared_ptr<ChangeFeed::Subscriber>, std::vector<ProjectChangeRecord>>;

// Outside the lock: a subscriber may call back into the feed.
void Deliver(std::vector<Delivery>& deliveries) {
  for (auto& [subscriber, changes] : deliveries) {
    for (const ProjectChangeRecord& c : changes) subscriber->OnChange(c);
  }
}

}  // namespace

void ChangeFeed::RunSession() {
  pqxx::connection conn(options_.dsn);
  Listener listener(conn);
  conn.get_notifs();  // makes sure LISTEN ran before the first read
  {
    // Where live reading starts, once; later sessions resume from last_id_.
    const int64_t latest = LatestChangeId(conn);
    absl::MutexLock lock(&mu_);
    if (!initialized_) {
      initialized_ = true;
      last_id_ = latest;
    }
  }
  while (!stopping()) {
    // Subscribers waiting to start, as of before the live read: that read
    // began after they subscribed, so whatever it saw was committed before
    // their "now". Later arrivals wait for the next round (Subscribe wakes
    // the thread).
    const std::vector<uint64_t> waiting = WaitingSubscribers();
    ReadLive(conn);
    StartWaiting(waiting);
    ReadBacklog(conn);
    wakeup_->Wait(conn.sock(), kIdleRead);
    conn.get_notifs();
  }
}

std::vector<uint64_t> ChangeFeed::WaitingSubscribers() {
  std::vector<uint64_t> waiting;
  absl::MutexLock lock(&mu_);
  for (const auto& [id, s] : subscriptions_) {
    if (!s.started) waiting.push_back(id);
  }
  return waiting;
}

void ChangeFeed::ReadLive(pqxx::connection_base& conn) {
  for (;;) {
    int64_t from = 0;
    {
      absl::MutexLock lock(&mu_);
      from = last_id_;
    }
    std::vector<ProjectChangeRecord> batch = ReadChanges(conn, from, 0, options_.batch_size);
    if (batch.empty()) return;
    std::vector<Delivery> deliveries;
    {
      absl::MutexLock lock(&mu_);
      for (auto& [id, s] : subscriptions_) {
        // Not started or still catching up: the backlog read covers this batch.
        if (!s.started || s.cursor < from) continue;
        std::vector<ProjectChangeRecord> mine;
        for (const ProjectChangeRecord& c : batch) {
          if (c.change_id > s.cursor) mine.push_back(c);
        }
        s.cursor = std::max(s.cursor, batch.back().change_id);
        if (!mine.empty()) deliveries.emplace_back(s.subscriber, std::move(mine));
      }
      last_id_ = batch.back().change_id;
    }
    Deliver(deliveries);
    if (static_cast<int64_t>(batch.size()) < options_.batch_size) return;
  }
}

void ChangeFeed::StartWaiting(const std::vector<uint64_t>& waiting) {
  // Changes they missed meanwhile come from the backlog read.
  std::vector<std::shared_ptr<Subscriber>> starting;
  {
    absl::MutexLock lock(&mu_);
    for (uint64_t id : waiting) {
      auto it = subscriptions_.find(id);
      if (it == subscriptions_.end()) continue;
      Subscription& s = it->second;
      if (s.from_now) {
        s.cursor = last_id_;
        s.from_now = false;
      }
      s.started = true;
      starting.push_back(s.subscriber);
    }
  }
  for (const auto& subscriber : starting) subscriber->OnStart();
}

void ChangeFeed::ReadBacklog(pqxx::connection_base& conn) {
  for (;;) {
    uint64_t behind = 0;
    int64_t cursor = 0;
    int64_t up_to = 0;
    {
      absl::MutexLock lock(&mu_);
      up_to = last_id_;
      for (const auto& [id, s] : subscriptions_) {
        if (s.started && s.cursor < up_to) {
          behind = id;
          cursor = s.cursor;
          break;
        }
      }
    }
    if (behind == 0) return;
    std::vector<ProjectChangeRecord> batch = ReadChanges(conn, cursor, up_to, options_.batch_size);
    std::vector<Delivery> deliveries;
    {
      absl::MutexLock lock(&mu_);
      auto it = subscriptions_.find(behind);
      if (it == subscriptions_.end()) continue;
      // An empty batch means the ids up to up_to do not exist (never
      // written, e.g. a rolled-back sequence value): skip to up_to.
      it->second.cursor = batch.empty() ? up_to : batch.back().change_id;
      if (!batch.empty()) deliveries.emplace_back(it->second.subscriber, std::move(batch));
    }
    Deliver(deliveries);
  }
}

}  // namespace opmon::config
