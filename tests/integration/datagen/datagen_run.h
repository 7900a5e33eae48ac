#pragma once
// Running the real opmon-datagen binary and reading the warehouse it filled.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {

// opmon-datagen --warehouse-url dsn <args...>.
absl::StatusOr<CommandResult> RunDatagen(const std::string& dsn, const std::vector<std::string>& args);

// The first column of the first row of `sql` as text ("" for NULL).
std::string QueryText(const std::string& dsn, const std::string& sql);
int64_t QueryInt(const std::string& dsn, const std::string& sql);

// md5 of every row of `table` (as text, sorted): equal iff equal contents.
std::string TableChecksum(const std::string& dsn, const std::string& table, const std::string& where = "TRUE");

}  // namespace opmon::testing
