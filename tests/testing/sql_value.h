#pragma once
// One value read back with plain SQL, for checking what a service stored.

#include <string>

namespace opmon::testing {

// The first column of the first row of `sql` run on `dsn`, as text; "" for
// NULL or no row. A query that fails throws (pqxx), failing the test.
std::string QueryValue(const std::string& dsn, const std::string& sql);

}  // namespace opmon::testing
