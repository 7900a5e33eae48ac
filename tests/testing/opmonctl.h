#pragma once
// opmonctl, the built client binary, run to completion by an integration
// test the way a person or CI job runs it.

#include <string>
#include <vector>

#include "tests/testing/subprocess.h"

namespace opmon::testing {

// opmonctl `flags` (global flags such as --config-addr) then `args`; a
// failure to run it fails the test and returns an empty result (exit code -1).
CommandResult RunOpmonctl(const std::vector<std::string>& flags, const std::vector<std::string>& args);

}  // namespace opmon::testing
