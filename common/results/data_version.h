#pragma once
// opmon.data_versions: a per-project counter bumped in every transaction that
// replaces results, so caches (statistics service) and Looker datagroups can
// tell when a project's results changed. The same transaction sends
// NOTIFY opmon_data_versions with the slug as payload (delivered at commit),
// so listeners (the lookml service, statistics' pending alerts) learn of new
// results without polling. Keys that start with '@' name a system relation
// (common/live, common/legacy), not a project: they are counted but not
// announced, since live ingest bumps its key with every stored batch and
// their readers compare versions on each read instead.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/pg/pg_fwd.h"

namespace opmon::results {

inline constexpr std::string_view kDataVersionsChannel = "opmon_data_versions";

// Increments (or starts at 1) the data version of `slug` inside `tx` and
// queues the notification; returns the new version. Throws pqxx exceptions.
int64_t BumpDataVersion(pqxx::transaction_base& tx, const std::string& slug);

// The data version of `slug` (a project or an '@' key) as `tx` sees it; 0
// before its first bump. Throws pqxx exceptions.
int64_t ReadDataVersion(pqxx::transaction_base& tx, const std::string& slug);

}  // namespace opmon::results
