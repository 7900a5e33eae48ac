#include "services/statistics/domain/webhook_notifier.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "services/statistics/domain/alert_json.h"

namespace opmon::statistics {

absl::StatusOr<std::unique_ptr<WebhookNotifier>> WebhookNotifier::Create(WebhookOptions options) {
  absl::StatusOr<HttpUrl> url = ParseHttpUrl(options.url, "webhook-url");
  if (!url.ok()) return url.status();
  return std::unique_ptr<WebhookNotifier>(new WebhookNotifier(std::move(options), std::move(*url)));
}

WebhookNotifier::WebhookNotifier(WebhookOptions options, HttpUrl url)
    : options_(std::move(options)), url_(std::move(url)) {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

WebhookNotifier::~WebhookNotifier() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.request_stop();
  thread_.join();
}

void WebhookNotifier::Enqueue(const std::string& slug, const std::vector<AlertRecord>& alerts) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = absl::Now();
  for (const AlertRecord& a : alerts) {
    if (queue_.size() >= options_.max_queue) {
      ++stats_.dropped;
      continue;
    }
    queue_.push_back(Delivery{AlertToJson(slug, a), 0, now});
  }
}

WebhookNotifier::Stats WebhookNotifier::stats() const {
  absl::MutexLock lock(&mu_);
  Stats out = stats_;
  out.pending = queue_.size();
  return out;
}

void WebhookNotifier::Loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    Delivery delivery;
    {
      absl::MutexLock lock(&mu_);
      // Wait for the earliest due delivery, a new one, or shutdown.
      while (!stopping_) {
        if (!queue_.empty()) {
          auto earliest = std::min_element(queue_.begin(), queue_.end(),
                                           [](const Delivery& a, const Delivery& b) { return a.due < b.due; });
          if (earliest->due <= absl::Now()) {
            delivery = std::move(*earliest);
            queue_.erase(earliest);
            break;
          }
          const std::size_t size = queue_.size();
          auto changed = [this, size]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
            return stopping_ || queue_.size() != size;
          };
          mu_.AwaitWithDeadline(absl::Condition(&changed), earliest->due);
        } else {
          auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !queue_.empty(); };
          mu_.Await(absl::Condition(&ready));
        }
      }
      if (stopping_) return;
    }
    absl::StatusOr<int> status = HttpPostJson(url_, delivery.body, options_.timeout);
    const bool ok = status.ok() && *status >= 200 && *status < 300;
    ++delivery.attempts;
    absl::MutexLock lock(&mu_);
    if (ok) {
      ++stats_.delivered;
      continue;
    }
    const std::string error = status.ok() ? absl::StrCat("HTTP ", *status) : std::string(status.status().message());
    if (delivery.attempts >= options_.max_attempts) {
      ++stats_.abandoned;
      log::Warn("webhook delivery abandoned", {{"url", options_.url},
                                               {"attempts", absl::StrCat(delivery.attempts)},
                                               {"error", error}});
      continue;
    }
    ++stats_.retried;
    absl::Duration backoff = options_.initial_backoff;
    for (int i = 1; i < delivery.attempts && backoff < options_.max_backoff; ++i) backoff *= 2;
    delivery.due = absl::Now() + std::min(backoff, options_.max_backoff);
    log::Info("webhook delivery failed; will retry",
              {{"url", options_.url}, {"attempt", absl::StrCat(delivery.attempts)}, {"error", error}});
    queue_.push_back(std::move(delivery));
  }
}

}  // namespace opmon::statistics
