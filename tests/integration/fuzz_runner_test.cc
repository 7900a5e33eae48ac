// scripts/run-fuzzers.sh, which CI runs on every libFuzzer target
// (.ci/run -> scripts/fuzz.sh): a fuzzer with a finding fails the run and
// leaves the input behind; fuzzers without findings pass. The fuzzers here
// are tiny ones compiled by the test with clang (installed by bootstrap).
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

// Crashes on inputs starting with "opm": libFuzzer finds it within seconds.
constexpr char kCrashingFuzzer[] = R"(#include <cstddef>
#include <cstdint>
#include <cstdlib>
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) {
  if (n >= 3 && d[0] == 'o' && d[1] == 'p' && d[2] == 'm') abort();
  return 0;
}
)";
constexpr char kQuietFuzzer[] = R"(#include <cstddef>
#include <cstdint>
extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }
)";

class FuzzRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto scratch = ScratchDir::Create("opmon-fuzz");
    ASSERT_THAT(scratch, IsOk());
    scratch_ = *std::move(scratch);
    dir_ = scratch_->path();
  }

  // Compiles `source` into <dir>/fuzzers/<name> with -fsanitize=fuzzer.
  void Compile(const std::string& name, const std::string& source) {
    std::filesystem::create_directories(dir_ + "/fuzzers");
    const std::string src = absl::StrCat(dir_, "/", name, ".cc");
    std::ofstream(src) << source;
    auto built = RunCommand({"clang++", "-fsanitize=fuzzer", "-O1", src, "-o", absl::StrCat(dir_, "/fuzzers/", name)});
    ASSERT_THAT(built, IsOk());
    ASSERT_EQ(built->exit_code, 0) << built->output;
  }

  // scripts/run-fuzzers.sh on <dir>/fuzzers, `seconds` per fuzzer.
  absl::StatusOr<CommandResult> RunFuzzers(int seconds) {
    return RunCommand({"bash", SourcePath("scripts/run-fuzzers.sh"), dir_ + "/fuzzers", std::to_string(seconds)},
                      {"FUZZ_ARTIFACTS=" + dir_ + "/artifacts"});
  }

  std::unique_ptr<ScratchDir> scratch_;
  std::string dir_;
};

TEST_F(FuzzRunnerTest, AFindingFailsTheRunAndKeepsTheInput) {
  Compile("quiet_fuzzer", kQuietFuzzer);
  Compile("crashing_fuzzer", kCrashingFuzzer);
  auto run = RunFuzzers(5);
  ASSERT_THAT(run, IsOk());
  EXPECT_NE(run->exit_code, 0) << run->output;
  EXPECT_THAT(run->output, HasSubstr("findings in crashing_fuzzer"));
  bool kept = false;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ + "/artifacts")) {
    kept = kept || entry.path().filename().string().rfind("crashing_fuzzer-crash-", 0) == 0;
  }
  EXPECT_TRUE(kept) << run->output;
}

TEST_F(FuzzRunnerTest, FuzzersWithoutFindingsPass) {
  Compile("quiet_fuzzer", kQuietFuzzer);
  auto run = RunFuzzers(2);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->exit_code, 0) << run->output;
  EXPECT_THAT(run->output, HasSubstr("1 fuzzer(s), no findings"));
}

TEST(ContinuousIntegration, RunsTheTestsThenTheFuzzers) {
  const std::string ci = ReadSourceFile(".ci/run");
  EXPECT_THAT(ci, HasSubstr("./scripts/test.sh"));
  EXPECT_THAT(ci, HasSubstr("./scripts/fuzz.sh"));
  EXPECT_THAT(ReadSourceFile("scripts/fuzz.sh"), HasSubstr("scripts/run-fuzzers.sh"));
}

}  // namespace
}  // namespace opmon::testing
