#pragma once
// Child processes for integration tests: run-to-completion commands and
// long-running service binaries that are always reaped.

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace opmon::testing {

struct CommandResult {
  int exit_code = -1;   // -1 when killed by a signal
  std::string output;   // stdout and stderr, interleaved
};

// Runs argv[0] (searched in PATH) to completion, capturing its output.
absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                         const std::vector<std::string>& extra_env = {});

// A running child. The destructor kills (SIGKILL) and reaps it if still alive.
class Process {
 public:
  // stdout and stderr go to `log_path` (appended).
  static absl::StatusOr<Process> Spawn(const std::vector<std::string>& argv, const std::string& log_path,
                                       const std::vector<std::string>& extra_env = {});
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  ~Process();

  pid_t pid() const { return pid_; }
  void Signal(int sig) const;
  // Waits for exit up to `timeout`; returns the exit code (-signal when
  // killed), or DeadlineExceeded.
  absl::StatusOr<int> Wait(absl::Duration timeout);
  bool running() const { return pid_ > 0; }

 private:
  explicit Process(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

}  // namespace opmon::testing
