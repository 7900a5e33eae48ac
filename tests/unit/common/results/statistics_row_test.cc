// The statistics row's COPY encoding, in the column order of the relation.
#include "common/results/statistics_row.h"

#include <cmath>

#include "common/results/results_tables.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::results {
namespace {

TEST(StatisticsRow, EncodesAsCopyTextInColumnOrder) {
  StatisticsRow row;
  row.submission_date = absl::CivilDay(2024, 3, 1);
  row.dimensions = {"Windows", std::nullopt, ""};
  row.branch = "enabled";
  row.metric = "gc\tms";
  row.statistic = StatisticKind::kPercentile;
  row.parameter = StatisticParameter::Number(99.9);
  row.point = 1.5;
  row.lower = std::nan("");
  pg::CopyLine line;
  EncodeCopyLine(row, line);
  EXPECT_EQ(line.text(), "2024-03-01\t\\N\tWindows\t\\N\t\tenabled\tgc\\tms\tpercentile\t1.5\t\\N\t\\N\t99.9");
  row.build_id = "20240301000000";
  row.statistic = StatisticKind::kSum;
  row.parameter = {};
  row.dimensions = {};
  EncodeCopyLine(row, line);
  EXPECT_EQ(line.text(), "2024-03-01\t20240301000000\tenabled\tgc\\tms\tsum\t1.5\t\\N\t\\N\t");
}

TEST(StatisticsRow, SelectListMatchesTheDecoderOrder) {
  config::ResolvedProject p;
  config::Dimension os;
  os.name = "os";
  p.dimensions = {os};
  EXPECT_EQ(StatisticsSelectSql(p),
            "submission_date::text, COALESCE(build_id, ''), COALESCE(\"os\", ''), COALESCE(branch, ''), "
            "COALESCE(metric, ''), COALESCE(statistic, ''), COALESCE(parameter, ''), point, lower, upper");
}

TEST(AlertsRelation, HasTheStatisticsKeyThenTheAlert) {
  config::ResolvedProject p;
  p.table_name = "t";
  config::Dimension os;
  os.name = "os";
  p.dimensions = {os};
  auto schema = AlertsSchema(p);
  ASSERT_THAT(schema, IsOk());
  EXPECT_EQ(CreateTableSql(schema->table, schema->columns),
            "CREATE TABLE IF NOT EXISTS \"opmon_results\".\"t_alerts\" (\"submission_date\" date NOT NULL, "
            "\"build_id\" text, \"os\" text, \"branch\" text NOT NULL, \"metric\" text NOT NULL, \"statistic\" text "
            "NOT NULL, \"parameter\" text, \"alert_name\" text NOT NULL, \"alert_type\" text NOT NULL, \"message\" "
            "text NOT NULL, \"point\" double precision, \"lower\" double precision, \"upper\" double precision, "
            "\"raised_at\" timestamp with time zone NOT NULL)");
  os.name = "message";
  p.dimensions = {os};
  EXPECT_THAT(AlertsSchema(p), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace opmon::results
