#pragma once
// Calls `on_notify` for every PostgreSQL NOTIFY on one channel, from a
// dedicated connection that LISTENs on it, and once after every (re)connect,
// since anything may have changed while nobody listened. A lost connection
// is re-opened with exponential backoff (100 ms to 5 s), with one warning per
// outage; meanwhile callers fall back on whatever timeouts they have.
//
// `on_notify` runs on the listener's thread and should return quickly.
// Thread-safe.

#include <functional>
#include <string>
#include <thread>

namespace opmon::pg {

class ChannelListener {
 public:
  ChannelListener(std::string dsn, std::string channel, std::function<void()> on_notify);
  ~ChannelListener();  // Stop()
  ChannelListener(const ChannelListener&) = delete;
  ChannelListener& operator=(const ChannelListener&) = delete;

  void Start();
  // Joins the thread (within about 200 ms, a reconnect backoff included); no
  // call to `on_notify` follows. Idempotent.
  void Stop();

 private:
  void Loop(std::stop_token stop);

  const std::string dsn_;
  const std::string channel_;
  const std::function<void()> on_notify_;
  std::jthread thread_;
};

}  // namespace opmon::pg
