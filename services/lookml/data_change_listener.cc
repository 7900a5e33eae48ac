#include "services/lookml/data_change_listener.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include <pqxx/pqxx>

#include "common/log/log.h"
#include "common/results/data_version.h"

namespace opmon::lookml {
namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& conn, const std::function<void()>& on_change)
      : pqxx::notification_receiver(conn, std::string(results::kDataVersionsChannel)), on_change_(on_change) {}
  void operator()(const std::string&, int) override { on_change_(); }

 private:
  const std::function<void()>& on_change_;
};

constexpr absl::Duration kInitialBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);
// How often the thread looks at its stop token while idle.
constexpr long kStopCheckMicros = 200 * 1000;

}  // namespace

DataChangeListener::DataChangeListener(std::string dsn, std::function<void()> on_change)
    : dsn_(std::move(dsn)), on_change_(std::move(on_change)) {}

DataChangeListener::~DataChangeListener() { Stop(); }

void DataChangeListener::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void DataChangeListener::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

void DataChangeListener::Loop(std::stop_token stop) {
  absl::Duration backoff = kInitialBackoff;
  bool warned = false;  // one warning per outage
  while (!stop.stop_requested()) {
    try {
      pqxx::connection conn(dsn_);
      Receiver receiver(conn, on_change_);
      conn.get_notifs();  // LISTEN has run once this returns
      if (warned) log::Info("results listener reconnected");
      backoff = kInitialBackoff;
      warned = false;
      on_change_();
      while (!stop.stop_requested()) conn.await_notification(0, kStopCheckMicros);
    } catch (const std::exception& e) {
      if (!warned) {
        log::Warn("results listener lost its database connection; reconnecting",
                  {{"error", e.what()}, {"retry_in", absl::FormatDuration(backoff)}});
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

}  // namespace opmon::lookml
