#pragma once
// Tells the lookml service promptly when results change: a dedicated
// connection LISTENs on opmon_data_versions (compute's results transaction
// sends it at commit, common/results/data_version.h) and calls `on_change`
// for every notification, and once after every (re)connect, since anything
// may have changed while nobody listened. A lost connection is re-opened with
// exponential backoff.
//
// `on_change` runs on the listener's thread and should return quickly.
// Thread-safe.

#include <functional>
#include <string>
#include <thread>

#include "absl/time/time.h"

namespace opmon::lookml {

class DataChangeListener {
 public:
  DataChangeListener(std::string dsn, std::function<void()> on_change);
  ~DataChangeListener();  // Stop()
  DataChangeListener(const DataChangeListener&) = delete;
  DataChangeListener& operator=(const DataChangeListener&) = delete;

  void Start();
  // Joins the thread (within about 200 ms); no call to `on_change` follows.
  // Idempotent.
  void Stop();

 private:
  void Loop(std::stop_token stop);

  const std::string dsn_;
  const std::function<void()> on_change_;
  std::jthread thread_;
};

}  // namespace opmon::lookml
