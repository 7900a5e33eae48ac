#include "tests/testing/opmonctl.h"

#include "gtest/gtest.h"
#include "tests/testing/source_tree.h"

namespace opmon::testing {

CommandResult RunOpmonctl(const std::vector<std::string>& flags, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {BuiltBinary("clients/opmonctl/opmonctl")};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<CommandResult> result = RunCommand(argv);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : CommandResult{};
}

}  // namespace opmon::testing
