#pragma once
// Keeps --output-dir current: a background thread checks the change
// fingerprint (project versions, data versions and today's date, see
// LookmlGenerator::ChangeFingerprint) and, when it changed, generates the
// whole tree and publishes it atomically (output_tree.h).
//
// A check runs at once on Start, whenever RequestCheck is called (the
// binary calls it for every config WatchProjects change and stream re-open,
// and every results notification), and every poll interval as a safety net.
// Requests that arrive during a check cause one more check after it, so no
// change is left unseen; a failed check is retried after 1 s, doubling up to
// 30 s (never later than the poll interval).

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

  // Asks for a check as soon as the thread is free; never blocks on one.
  // Thread-safe.
  void RequestCheck();

  int64_t publications() const;  // trees published so far

 private:
  void Loop(std::stop_token stop);
  // False when the check or the publication failed (retried with backoff).
  bool RunOnce();

  LookmlGenerator& generator_;
  const std::string output_dir_;
  const absl::Duration poll_interval_;
  std::string fingerprint_;  // loop thread only
  mutable std::mutex mu_;
  std::condition_variable_any wake_;
  bool check_requested_ = false;  // guarded by mu_
  int64_t publications_ = 0;      // guarded by mu_
  std::jthread thread_;
};

}  // namespace opmon::lookml
