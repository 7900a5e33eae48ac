// deploy/local/stack.sh run from a checkout inside a mode-0700 directory, as
// a fresh clone in /root is: `up` brings PostgreSQL and the four services up
// (as root PostgreSQL runs as `postgres`, which cannot enter that directory,
// so its data lives elsewhere), the directory stays 0700, and `clean`
// removes the data wherever it lives.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/free_port.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

bool LoopbackPortFree(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return free;
}

// A base port for the stack: base+1..base+4 (gRPC) and 2000 above (/metrics)
// free now; 0 when none was found.
int FreeStackPortBase() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    const int base = FreeLoopbackPort() - 1;
    if (base <= 0 || base + 2004 > 65535) continue;
    bool all_free = true;
    for (int i = 1; i <= 4; ++i) all_free = all_free && LoopbackPortFree(base + i) && LoopbackPortFree(base + 2000 + i);
    if (all_free) return base;
  }
  return 0;
}

int ModeOf(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

class LocalStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto scratch = ScratchDir::Create("opmon-home");
    ASSERT_THAT(scratch, IsOk());
    scratch_ = *std::move(scratch);
    home_ = scratch_->path();
    ASSERT_EQ(ModeOf(home_), 0700);
    checkout_ = home_ + "/opmon";
    // What stack.sh reads from its checkout.
    for (const char* file : {"deploy/local/stack.sh", "deploy/warehouse/reader_role.sql"}) {
      const std::filesystem::path target = std::filesystem::path(checkout_) / file;
      std::filesystem::create_directories(target.parent_path());
      std::filesystem::copy_file(SourcePath(file), target);
    }
    const int base = FreeStackPortBase();
    ASSERT_GT(base, 0);
    env_ = {"BUILD_DIR=" + BuiltBinary(""), absl::StrCat("OPMON_LOCAL_PORT_BASE=", base),
            absl::StrCat("OPMON_LOCAL_PG_PORT=", FreeLoopbackPort()), "OPMON_SCHEDULER=0"};
  }
  // Also after a failure: nothing left running, no data left behind.
  void TearDown() override { (void)Stack("clean"); }

  absl::StatusOr<CommandResult> Stack(const std::string& command) {
    return RunCommand({"bash", checkout_ + "/deploy/local/stack.sh", command}, env_);
  }

  std::unique_ptr<ScratchDir> scratch_;
  std::string home_;
  std::string checkout_;
  std::vector<std::string> env_;
};

TEST_F(LocalStackTest, ComesUpFromACheckoutInsideA0700Directory) {
  if (geteuid() == 0) {
    // The situation of a clone in /root: the cluster's user cannot enter it.
    auto enter = RunCommand({"runuser", "-u", "postgres", "--", "test", "-x", checkout_});
    ASSERT_THAT(enter, IsOk());
    ASSERT_NE(enter->exit_code, 0);
  }
  auto up = Stack("up");
  ASSERT_THAT(up, IsOk());
  ASSERT_EQ(up->exit_code, 0) << up->output;
  for (const char* service : {"config", "compute", "statistics", "lookml"}) {
    EXPECT_THAT(up->output, HasSubstr(absl::StrCat("starting opmon-", service))) << up->output;
  }
  EXPECT_THAT(up->output, Not(HasSubstr("UNREACHABLE")));
  EXPECT_EQ(ModeOf(home_), 0700);

  auto where = Stack("where");
  ASSERT_THAT(where, IsOk());
  const std::string data = std::string(absl::StripAsciiWhitespace(where->output));
  EXPECT_TRUE(std::filesystem::exists(data + "/PG_VERSION")) << data;
  if (geteuid() == 0) {
    EXPECT_THAT(data, StartsWith("/var/lib/opmon/stack-"));
  } else {
    EXPECT_EQ(data, checkout_ + "/var/pg/data");
  }
  EXPECT_THAT(up->output, HasSubstr("data in " + data));

  auto status = Stack("status");
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(status->exit_code, 0) << status->output;

  auto clean = Stack("clean");
  ASSERT_THAT(clean, IsOk());
  EXPECT_EQ(clean->exit_code, 0) << clean->output;
  EXPECT_FALSE(std::filesystem::exists(data));
  EXPECT_FALSE(std::filesystem::exists(checkout_ + "/var"));
}

}  // namespace
}  // namespace opmon::testing
