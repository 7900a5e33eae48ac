#pragma once
// opmon.data_versions: a per-project counter bumped in every transaction that
// replaces results, so caches (statistics service) and Looker datagroups can
// tell when a project's results changed.

#include <cstdint>
#include <string>

namespace pqxx {
class transaction_base;
}

namespace opmon::results {

// Increments (or starts at 1) the data version of `slug` inside `tx`;
// returns the new version. Throws pqxx exceptions.
int64_t BumpDataVersion(pqxx::transaction_base& tx, const std::string& slug);

}  // namespace opmon::results
