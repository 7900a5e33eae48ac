#include "tests/integration/compute/legacy_source.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

namespace opmon::compute::testing {
namespace {

// One SELECT per legacy table: the stored columns from the table's name and
// its dimensions object.
constexpr const char* kLegacyTables[][5] = {
    {"build_id_nightly_68_20191220", "build_id", "20191220", "nightly", "68"},
    {"build_id_nightly_69_20191220", "build_id", "20191220", "nightly", "69"},
    {"submission_date_beta_70_20191221", "submission_date", "20191221", "beta", "70"},
    {"submission_date_release_70_20191221", "submission_date", "20191221", "release", "70"},
    {"build_id_release_71_20200102031459", "build_id", "20200102", "release", "71"},
};

}  // namespace

std::string LegacySourceSql() {
  std::string sql;
  for (const auto& t : kLegacyTables) {
    absl::StrAppend(&sql, "CREATE TABLE ", t[0], " (dimensions jsonb, histogram bigint[]);\n");
  }
  absl::StrAppend(&sql, R"sql(
CREATE INDEX build_id_nightly_68_20191220_dimensions_idx ON build_id_nightly_68_20191220 USING gin (dimensions jsonb_path_ops);
CREATE TABLE table_update_dates (tablename text, updated timestamptz);
INSERT INTO table_update_dates VALUES ('build_id_nightly_68_20191220', now());
INSERT INTO build_id_nightly_68_20191220
SELECT jsonb_build_object('os', os, 'child', 'false', 'label', label, 'metric', metric, 'osVersion', '10.0',
                          'application', 'Firefox', 'architecture', 'x86'),
       ARRAY[i, 2 * i, 0, 3 * i + 1, i]::bigint[]
FROM generate_series(1, 40) AS i,
     (VALUES ('Windows_NT'), ('Linux')) AS o(os),
     (VALUES (E'tab\there'), (E'back\\slash'), ('quote" and ''single'''), (E'new\nline'), ('é 🎉 日本'), ('')) AS l(label),
     (VALUES ('GC_MS'), ('CYCLE_COLLECTOR')) AS m(metric)
WHERE i % 7 <> 3;
INSERT INTO build_id_nightly_69_20191220
SELECT jsonb_build_object('os', 'Darwin', 'child', true, 'metric', 'GC_MS', 'osVersion', 19.6), ARRAY[1, 2, 3, 6, 3]::bigint[]
FROM generate_series(1, 5);
INSERT INTO submission_date_beta_70_20191221
SELECT jsonb_build_object('os', 'Linux', 'label', E'a\\tb\\\\c', 'metric', 'HTTP_' || i, 'application', null),
       ARRAY[i, -1, 9223372036854775807, 7]::bigint[]
FROM generate_series(1, 25) AS i;
INSERT INTO submission_date_release_70_20191221
SELECT jsonb_build_object('metric', 'SEARCH_COUNTS', 'label', 'google'), ARRAY[0, 0]::bigint[] FROM generate_series(1, 3);
INSERT INTO build_id_release_71_20200102031459
SELECT jsonb_build_object('os', 'Windows_NT', 'metric', 'GC_MS', 'label', E'\\N'), ARRAY[5, 5, 5]::bigint[];
)sql");
  return sql;
}

absl::Status DumpDirectory(const opmon::testing::PgCluster& cluster, const std::string& database,
                           const std::string& directory, bool compress) {
  absl::StatusOr<opmon::testing::CommandResult> run = opmon::testing::RunCommand(
      {"pg_dump", "--format", "directory", compress ? "--compress=6" : "--compress=0", "--file", directory,
       "--dbname", cluster.Dsn(database)});
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) return absl::InternalError(absl::StrCat("pg_dump failed: ", run->output));
  return absl::OkStatus();
}

LegacySourceFixture MakeLegacySource(const opmon::testing::PgCluster& cluster, const std::string& suite_database) {
  LegacySourceFixture source;
  source.database = suite_database + "_legacy_src";
  EXPECT_TRUE(cluster.CreateDatabase(source.database).ok());
  EXPECT_TRUE(cluster.Exec(source.database, LegacySourceSql()).ok());
  absl::StatusOr<std::unique_ptr<opmon::testing::ScratchDir>> dumps = opmon::testing::ScratchDir::Create("legacy-dump");
  EXPECT_TRUE(dumps.ok()) << dumps.status();
  if (!dumps.ok()) return source;
  source.dumps = *std::move(dumps);
  EXPECT_TRUE(DumpDirectory(cluster, source.database, source.Dump("gz")).ok());
  EXPECT_TRUE(DumpDirectory(cluster, source.database, source.Dump("plain"), false).ok());
  return source;
}

Rows ExpectedLegacyRows(const std::string& source_dsn) {
  std::string sql;
  for (const auto& t : kLegacyTables) {
    absl::StrAppend(&sql, sql.empty() ? "" : " UNION ALL ", "SELECT '", t[1], "', '", t[2], "', '", t[3], "', '", t[4],
                    "', dimensions->>'os', dimensions->>'child', dimensions->>'label', dimensions->>'metric', "
                    "dimensions->>'osVersion', dimensions->>'application', dimensions->>'architecture', "
                    "histogram::text FROM ",
                    t[0]);
  }
  absl::StatusOr<Rows> rows = Query(source_dsn, sql);
  EXPECT_TRUE(rows.ok()) << rows.status();
  Rows out = rows.ok() ? *std::move(rows) : Rows{};
  std::sort(out.begin(), out.end());
  return out;
}

Rows StoredLegacyRows(const std::string& opmon_dsn) {
  absl::StatusOr<Rows> rows =
      Query(opmon_dsn,
            "SELECT aggregate_type, ds_nodash, channel, version, os, child, label, metric, os_version, application, "
            "architecture, aggregate::text FROM opmon.legacy_aggregates");
  EXPECT_TRUE(rows.ok()) << rows.status();
  Rows out = rows.ok() ? *std::move(rows) : Rows{};
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace opmon::compute::testing
