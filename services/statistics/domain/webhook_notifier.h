#pragma once
// Delivers new alerts to a webhook, each once, as JSON (alert_json.h), on a
// background thread: Enqueue never blocks on the network, so a slow or
// failing webhook never delays publishing. A delivery that fails (connection
// error, timeout, non-2xx answer) is retried with exponential backoff up to
// max_attempts, then dropped and logged; other deliveries go ahead meanwhile.
// The queue is in memory and bounded: a restart loses pending deliveries.
// Thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/statistics/domain/alert_record.h"
#include "services/statistics/domain/http_post.h"

namespace opmon::statistics {

struct WebhookOptions {
  std::string url{};  // http://host[:port][/path]
  int max_attempts = 8;
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(30);
  absl::Duration timeout = absl::Seconds(5);  // per attempt
  std::size_t max_queue = 10000;
};

class WebhookNotifier {
 public:
  // InvalidArgument when the URL is not http://host[:port][/path].
  static absl::StatusOr<std::unique_ptr<WebhookNotifier>> Create(WebhookOptions options);
  // Stops the thread; undelivered alerts are dropped.
  ~WebhookNotifier();
  WebhookNotifier(const WebhookNotifier&) = delete;
  WebhookNotifier& operator=(const WebhookNotifier&) = delete;

  // Queues one delivery per alert; alerts beyond max_queue are dropped (counted).
  void Enqueue(const std::string& slug, const std::vector<AlertRecord>& alerts);

  struct Stats {
    std::uint64_t delivered = 0;
    std::uint64_t retried = 0;   // failed attempts followed by another
    std::uint64_t abandoned = 0;  // failed max_attempts times
    std::uint64_t dropped = 0;    // queue full
    std::size_t pending = 0;
  };
  Stats stats() const;

 private:
  struct Delivery {
    std::string body;
    int attempts = 0;
    absl::Time due;
  };
  WebhookNotifier(WebhookOptions options, HttpUrl url);
  void Loop(std::stop_token stop);

  const WebhookOptions options_;
  const HttpUrl url_;
  mutable absl::Mutex mu_;
  std::deque<Delivery> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  std::jthread thread_;  // last: started once the rest exists
};

}  // namespace opmon::statistics
