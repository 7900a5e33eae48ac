#pragma once
// The reference's (mozaggregator's) tables for legacy import tests: a source
// database with several days, channels and versions, awkward labels (tabs,
// backslashes, quotes, newlines, non-ASCII), an index and a bookkeeping
// table; its pg_dump --format directory dump; and both sides' rows as text
// for row-by-row comparison.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/scratch_dir.h"

namespace opmon::compute::testing {

// The legacy tables LegacySourceSql creates: 3 days, 5 tables.
inline constexpr int kLegacySourceTables = 5;
inline constexpr int kLegacySourceDays = 3;

// Creates the legacy tables (and an index and table_update_dates, which an
// import skips) in the current database.
std::string LegacySourceSql();

// pg_dump --format directory of `database` into `directory` (gzip-compressed
// data files unless `compress` is false).
absl::Status DumpDirectory(const opmon::testing::PgCluster& cluster, const std::string& database,
                           const std::string& directory, bool compress = true);

// A suite's source database, <suite database>_legacy_src filled by
// LegacySourceSql, and its dumps: <dumps>/gz (compressed) and <dumps>/plain.
struct LegacySourceFixture {
  std::string database;
  std::unique_ptr<opmon::testing::ScratchDir> dumps;
  std::string Dump(const std::string& name) const { return dumps->path() + "/" + name; }
};
// Fails the test (and returns what it made) when a step fails.
LegacySourceFixture MakeLegacySource(const opmon::testing::PgCluster& cluster, const std::string& suite_database);

// Every row of every legacy table of `source_dsn`, as opmon.legacy_aggregates
// should hold it (aggregate_type, ds_nodash, channel, version, the
// dimensions, the array as text), sorted — computed in plain SQL.
Rows ExpectedLegacyRows(const std::string& source_dsn);
// opmon.legacy_aggregates of `opmon_dsn` in the same form, sorted.
Rows StoredLegacyRows(const std::string& opmon_dsn);

}  // namespace opmon::compute::testing
