#include "common/time/periodic_thread.h"

#include <condition_variable>
#include <mutex>

namespace opmon::time {

void PeriodicThread::Start(absl::Duration interval, std::function<bool()> ready, std::function<void()> tick) {
  thread_ = std::jthread([interval, ready = std::move(ready), tick = std::move(tick)](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      const bool is_ready = !ready || ready();
      if (is_ready) tick();
      const absl::Duration wait = is_ready ? interval : absl::Seconds(1);
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, absl::ToChronoSeconds(wait), [] { return false; });
    }
  });
}

void PeriodicThread::Stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

}  // namespace opmon::time
