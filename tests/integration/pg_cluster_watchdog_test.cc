// The test harness's throwaway PostgreSQL does not outlive a test process
// that is killed from outside (ctest timeout, SIGKILL): its watchdog stops
// the server and removes the directory.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/wait_until.h"

namespace opmon::testing {
namespace {

TEST(PgClusterWatchdog, AKilledTestProcessLeavesNoServerOrDirectory) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The "test process": starts a cluster, reports where, waits to be killed.
    close(pipe_fds[0]);
    auto cluster = PgCluster::Start();
    const std::string dir = cluster.ok() ? (*cluster)->dir() : "";
    (void)!write(pipe_fds[1], dir.c_str(), dir.size() + 1);
    close(pipe_fds[1]);
    while (true) pause();
  }
  close(pipe_fds[1]);
  char buffer[4096] = {};
  size_t used = 0;
  ssize_t n;
  // Up to the terminating NUL: the server the child started may hold the
  // pipe open, so there is no end of file to wait for.
  while (used < sizeof(buffer) - 1 && (used == 0 || buffer[used - 1] != '\0') &&
         (n = read(pipe_fds[0], buffer + used, sizeof(buffer) - 1 - used)) > 0) {
    used += static_cast<size_t>(n);
  }
  close(pipe_fds[0]);
  const std::string dir(buffer);
  ASSERT_FALSE(dir.empty()) << "the child could not start a cluster";
  const std::string pid_file = dir + "/data/postmaster.pid";
  ASSERT_TRUE(std::filesystem::exists(pid_file));

  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  WaitUntil([&] { return !std::filesystem::exists(dir); }, absl::Seconds(30), absl::Milliseconds(100));
  EXPECT_FALSE(std::filesystem::exists(dir)) << dir << " still there 30 s after its process was killed";
}

}  // namespace
}  // namespace opmon::testing
