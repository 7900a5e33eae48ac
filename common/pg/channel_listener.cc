#include "common/pg/channel_listener.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include <pqxx/pqxx>

#include "absl/time/time.h"
#include "common/log/log.h"

namespace opmon::pg {
namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& conn, const std::string& channel, const std::function<void()>& on_notify)
      : pqxx::notification_receiver(conn, channel), on_notify_(on_notify) {}
  void operator()(const std::string&, int) override { on_notify_(); }

 private:
  const std::function<void()>& on_notify_;
};

constexpr absl::Duration kInitialBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);
// How often the thread looks at its stop token while idle.
constexpr long kStopCheckMicros = 200 * 1000;

}  // namespace

ChannelListener::ChannelListener(std::string dsn, std::string channel, std::function<void()> on_notify)
    : dsn_(std::move(dsn)), channel_(std::move(channel)), on_notify_(std::move(on_notify)) {}

ChannelListener::~ChannelListener() { Stop(); }

void ChannelListener::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void ChannelListener::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

void ChannelListener::Loop(std::stop_token stop) {
  absl::Duration backoff = kInitialBackoff;
  bool warned = false;  // one warning per outage
  while (!stop.stop_requested()) {
    try {
      pqxx::connection conn(dsn_);
      Receiver receiver(conn, channel_, on_notify_);
      conn.get_notifs();  // LISTEN has run once this returns
      if (warned) log::Info("listener reconnected", {{"channel", channel_}});
      backoff = kInitialBackoff;
      warned = false;
      on_notify_();
      while (!stop.stop_requested()) conn.await_notification(0, kStopCheckMicros);
    } catch (const std::exception& e) {
      if (!warned) {
        log::Warn("listener lost its database connection; reconnecting",
                  {{"channel", channel_}, {"error", e.what()}, {"retry_in", absl::FormatDuration(backoff)}});
        warned = true;
      }
      // Backoff that Stop can interrupt.
      std::mutex mu;
      std::condition_variable_any cv;
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_for(lock, stop, std::chrono::milliseconds(absl::ToInt64Milliseconds(backoff)), [] { return false; });
      backoff = std::min(backoff * 2, kMaxBackoff);
    }
  }
}

}  // namespace opmon::pg
