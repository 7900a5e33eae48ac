#pragma once
// Keeps --output-dir current: a background thread checks the change
// fingerprint (project versions and data versions, see stored_projects.h)
// every poll interval and, when it changed, generates the whole tree and
// publishes it atomically (output_tree.h). The first check runs at once.
//
// TODO(#7): also wake on the config service's WatchProjects stream once
// common/config_client lands; the poll covers project changes until then.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"

namespace opmon::lookml {

class LookmlGenerator;

class Regenerator {
 public:
  // `generator` must outlive this object.
  Regenerator(LookmlGenerator& generator, std::string output_dir, absl::Duration poll_interval);
  ~Regenerator();  // stops the thread

  void Start();
  // Stops the thread after the current regeneration, if any. Idempotent.
  void Stop();

  int64_t publications() const;  // trees published so far

 private:
  void Loop(std::stop_token stop);
  void RunOnce();

  LookmlGenerator& generator_;
  const std::string output_dir_;
  const absl::Duration poll_interval_;
  std::string fingerprint_;  // loop thread only
  mutable std::mutex mu_;
  std::condition_variable_any wake_;
  int64_t publications_ = 0;  // guarded by mu_
  std::jthread thread_;
};

}  // namespace opmon::lookml
