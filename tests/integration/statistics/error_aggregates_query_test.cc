// QueryErrorAggregates through the real opmon-statistics binary, and
// `opmonctl errors`: window rows are written into opmon.error_aggregates with
// plain SQL the way compute writes them (rows replaced and the
// @error_aggregates data version bumped in one transaction), and every answer
// is checked against sums worked by hand and against plain SQL.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One stored window row; "NULL" cells stay NULL.
struct ErrorRow {
  std::string window = "12:00";  // on 2026-01-31, UTC
  std::string channel = "release";
  std::string version = "122.0";
  std::string display_version = "122.0";
  std::string build_id = "20260101000000";
  std::string os_name = "Windows";
  std::string os_version = "10.0";
  std::string country = "DE";
  std::string experiment_id = "NULL";
  std::string experiment_branch = "NULL";
  int count = 0;
  double usage_hours = 0;
  int main_crashes = 0;
  int content_crashes = 0;
};

std::string Literal(const std::string& value) { return value == "NULL" ? value : absl::StrCat("'", value, "'"); }

std::string InsertSql(const ErrorRow& r) {
  return absl::StrCat(
      "INSERT INTO opmon.error_aggregates (window_start, channel, version, display_version, build_id, application, "
      "os_name, os_version, architecture, country, experiment_id, experiment_branch, count, subsession_count, "
      "usage_hours, main_crashes, content_crashes) VALUES ('2026-01-31 ",
      r.window, ":00+00', ",
      absl::StrJoin({Literal(r.channel), Literal(r.version), Literal(r.display_version), Literal(r.build_id),
                     std::string("'Firefox'"), Literal(r.os_name), Literal(r.os_version), std::string("'x86-64'"),
                     Literal(r.country), Literal(r.experiment_id), Literal(r.experiment_branch)},
                    ", "),
      ", ", r.count, ", ", r.count, ", ", r.usage_hours, ", ", r.main_crashes, ", ", r.content_crashes, ")");
}

// Two windows of population rows (experiment_id NULL) and the rows of the
// pings among them enrolled in exp-a (counted again, per branch).
std::vector<ErrorRow> TwoWindows() {
  return {
      {.count = 10, .usage_hours = 5.5, .main_crashes = 1, .content_crashes = 2},
      {.version = "123.0", .display_version = "123.0", .build_id = "20260115000000", .country = "FR", .count = 4,
       .usage_hours = 2.0, .main_crashes = 3},
      {.channel = "beta", .version = "123.0", .display_version = "123.0b3", .build_id = "20260120000000",
       .os_name = "Linux", .os_version = "6.1", .country = "NULL", .count = 6, .usage_hours = 1.25,
       .content_crashes = 1},
      {.window = "12:05", .count = 8, .usage_hours = 4.0, .main_crashes = 2},
      {.window = "12:05", .version = "99.0", .display_version = "99.0", .build_id = "20250101000000", .count = 1,
       .usage_hours = 0.5, .main_crashes = 5},
      {.experiment_id = "exp-a", .experiment_branch = "control", .count = 3, .usage_hours = 1.5, .main_crashes = 1},
      {.experiment_id = "exp-a", .experiment_branch = "treatment", .count = 2, .usage_hours = 1.0,
       .content_crashes = 2},
      {.window = "12:05", .experiment_id = "exp-a", .experiment_branch = "treatment", .count = 1,
       .usage_hours = 0.25, .main_crashes = 1},
  };
}

struct Filter {
  std::string dimension;
  std::vector<std::string> values;
};

v1::QueryErrorAggregatesRequest Request(const std::vector<std::string>& measurements,
                                        const std::vector<std::string>& dimensions,
                                        const std::vector<Filter>& filters = {}) {
  v1::QueryErrorAggregatesRequest r;
  for (const std::string& m : measurements) r.add_measurements(m);
  for (const std::string& d : dimensions) r.add_dimensions(d);
  for (const Filter& f : filters) {
    v1::ErrorAggregatesFilter* filter = r.add_filters();
    filter->set_dimension(f.dimension);
    for (const std::string& v : f.values) filter->add_values(v);
  }
  return r;
}

// "d1|d2|...|s1|s2": one row as text, NULL as "null", sums as %g.
std::string Text(const v1::ErrorAggregateRow& row) {
  std::vector<std::string> cells;
  for (const v1::ErrorAggregateValue& v : row.dimensions()) cells.push_back(v.has_value() ? v.value() : "null");
  for (double s : row.sums()) cells.push_back(absl::StrCat(s));
  return absl::StrJoin(cells, "|");
}

std::vector<std::string> Texts(const v1::QueryErrorAggregatesResponse& response) {
  std::vector<std::string> out;
  for (const v1::ErrorAggregateRow& row : response.rows()) out.push_back(Text(row));
  return out;
}

class ErrorAggregatesQueryTest : public StatisticsServiceTest {
 protected:
  void SetUp() override { StartServiceOnEmptyDataset("opmon.error_aggregates", "@error_aggregates"); }

  // Writes `rows` in one transaction, bumping the data version unless `bump`
  // is false (to show the cache answers until a pass tells it).
  void Write(const std::vector<ErrorRow>& rows, bool bump = true) {
    std::vector<std::string> statements;
    for (const ErrorRow& r : rows) statements.push_back(InsertSql(r));
    ExecInTransaction(statements, bump ? "@error_aggregates" : "");
  }

  absl::StatusOr<v1::QueryErrorAggregatesResponse> Query(const v1::QueryErrorAggregatesRequest& request) {
    return Call(&v1::StatisticsService::Stub::QueryErrorAggregates, request);
  }
};

TEST_F(ErrorAggregatesQueryTest, SumsThePopulationPerWindowWhenNoExperimentIsAsked) {
  Write(TwoWindows());
  absl::StatusOr<v1::QueryErrorAggregatesResponse> r =
      Query(Request({"count", "usage_hours", "main_crashes"}, {"channel"}));
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(r->dimensions(), ElementsAre("window_start", "channel"));
  EXPECT_THAT(r->measurements(), ElementsAre("count", "usage_hours", "main_crashes"));
  EXPECT_EQ(r->data_version(), 1);
  EXPECT_TRUE(r->next_page_token().empty());
  // The exp-a rows repeat pings of the population: not counted again.
  // 12:00 release: 10+4, 5.5+2.0, 1+3; 12:05 release: 8+1, 4.0+0.5, 2+5.
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|beta|6|1.25|0", "2026-01-31T12:00:00Z|release|14|7.5|4",
                                     "2026-01-31T12:05:00Z|release|9|4.5|7"));
}

TEST_F(ErrorAggregatesQueryTest, GroupsThePopulationBesideEachExperiment) {
  Write(TwoWindows());
  v1::QueryErrorAggregatesRequest request = Request({"count", "content_crashes"}, {"experiment_id"});
  request.set_from("2026-01-31T12:00:00Z");
  request.set_to("2026-01-31T12:05:00Z");
  absl::StatusOr<v1::QueryErrorAggregatesResponse> r = Query(request);
  ASSERT_THAT(r, IsOk());
  // The population row (NULL) first: 10+4+6 pings, 2+0+1 content crashes.
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|null|20|3", "2026-01-31T12:00:00Z|exp-a|5|2"));
  r = Query(Request({"count"}, {"experiment_branch"}, {{"experiment_id", {"exp-a"}}}));
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|control|3", "2026-01-31T12:00:00Z|treatment|2",
                                     "2026-01-31T12:05:00Z|treatment|1"));
}

TEST_F(ErrorAggregatesQueryTest, FiltersByEqualityNullAndInclusiveRanges) {
  Write(TwoWindows());
  // Versions compare by their numbers: 99.0 is in [99, 122], 123.0 is not.
  absl::StatusOr<v1::QueryErrorAggregatesResponse> r =
      Query(Request({"count"}, {"version"}, {{"version", {"99", "122"}}}));
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|122.0|10", "2026-01-31T12:05:00Z|122.0|8",
                                     "2026-01-31T12:05:00Z|99.0|1"));
  r = Query(Request({"count"}, {"display_version"}, {{"display_version", {"123", "123"}}}));
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|123.0|4", "2026-01-31T12:00:00Z|123.0b3|6"));
  r = Query(Request({"count"}, {"build_id"}, {{"build_id", {"20260101000000", "20260115000000"}},
                                              {"channel", {"release"}}}));
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|20260101000000|10", "2026-01-31T12:00:00Z|20260115000000|4",
                                     "2026-01-31T12:05:00Z|20260101000000|8"));
  r = Query(Request({"count"}, {"country"}, {{"country", {""}}}));  // a stored NULL
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|null|6"));
}

TEST_F(ErrorAggregatesQueryTest, AgreesWithTheSameSumsInPlainSql) {
  Write(TwoWindows());
  absl::StatusOr<v1::QueryErrorAggregatesResponse> r =
      Query(Request({"count", "usage_hours", "main_crashes", "content_crashes"}, {"os_name", "window_start", "version"}));
  ASSERT_THAT(r, IsOk());
  const std::vector<std::string> expected =
      QueryColumn(dsn(),
                  "SELECT os_name || '|' || to_char(window_start AT TIME ZONE 'UTC', "
                  "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || '|' || version || '|' || sum(count) || '|' || "
                  "sum(usage_hours) || '|' || sum(main_crashes) || '|' || sum(content_crashes) "
                  "FROM opmon.error_aggregates WHERE experiment_id IS NULL "
                  "GROUP BY os_name, window_start, version ORDER BY os_name, window_start, version");
  ASSERT_EQ(expected.size(), 5u);
  EXPECT_EQ(Texts(*r), expected);
}

TEST_F(ErrorAggregatesQueryTest, PagesOneAnswerAndAbortsWhenTheAggregatesChange) {
  Write(TwoWindows());
  v1::QueryErrorAggregatesRequest request = Request({"count"}, {"channel"});
  request.set_page_size(2);
  absl::StatusOr<v1::QueryErrorAggregatesResponse> first = Query(request);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->rows_size(), 2);
  ASSERT_FALSE(first->next_page_token().empty());
  request.set_page_token(first->next_page_token());
  absl::StatusOr<v1::QueryErrorAggregatesResponse> second = Query(request);
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(Texts(*second), ElementsAre("2026-01-31T12:05:00Z|release|9"));
  EXPECT_TRUE(second->next_page_token().empty());

  v1::QueryErrorAggregatesRequest other = Request({"usage_hours"}, {"channel"});
  other.set_page_token(first->next_page_token());
  EXPECT_THAT(Query(other), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));

  Write({{.window = "12:10", .count = 1}});
  EXPECT_THAT(Query(request), StatusIs(absl::StatusCode::kAborted, HasSubstr("changed since the first page")));
}

TEST_F(ErrorAggregatesQueryTest, AnswersFromTheCacheUntilTheDataVersionChanges) {
  Write(TwoWindows());
  const v1::QueryErrorAggregatesRequest request = Request({"count"}, {"channel"}, {{"channel", {"beta"}}});
  ASSERT_THAT(Query(request), IsOk());
  Write({{.channel = "beta", .count = 100}}, /*bump=*/false);
  absl::StatusOr<v1::QueryErrorAggregatesResponse> r = Query(request);
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|beta|6"));
  Exec(BumpDataVersionSql("@error_aggregates"));
  r = Query(request);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->data_version(), 2);
  EXPECT_THAT(Texts(*r), ElementsAre("2026-01-31T12:00:00Z|beta|106"));
}

TEST_F(ErrorAggregatesQueryTest, NamesTheBadMeasurementDimensionOrFilter) {
  EXPECT_THAT(Query(Request({"crashes"}, {})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("measurements: \"crashes\"")));
  EXPECT_THAT(Query(Request({"count"}, {"platform"})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dimensions: \"platform\"")));
  EXPECT_THAT(Query(Request({"count"}, {}, {{"channel", {"a", "b", "c"}}})),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("filters.channel")));
}

TEST_F(ErrorAggregatesQueryTest, OpmonctlPrintsATableAndJsonAndNamesBadInput) {
  Write(TwoWindows());
  CommandResult table = RunOpmonctl(*service_, {"errors", "--measurement", "count", "--measurement", "main_crashes",
                                                "--dimension", "channel", "--filter", "channel=release",
                                                "--from", "2026-01-31T12:05:00Z"});
  EXPECT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, HasSubstr("WINDOW_START          CHANNEL  COUNT  MAIN_CRASHES"));
  EXPECT_THAT(table.output, HasSubstr("2026-01-31T12:05:00Z  release  9      7"));
  EXPECT_THAT(table.output, HasSubstr("1 groups, data version 1"));

  CommandResult json = RunOpmonctl(*service_, {"--json", "errors", "--measurement", "count", "--dimension",
                                               "experiment_id", "--filter", "version=122,122"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json out = nlohmann::json::parse(json.output);
  EXPECT_EQ(out["dimensions"], nlohmann::json({"window_start", "experiment_id"}));
  ASSERT_EQ(out["rows"].size(), 4u);
  EXPECT_EQ(out["rows"][0], nlohmann::json({{"window_start", "2026-01-31T12:00:00Z"},
                                            {"experiment_id", nullptr},
                                            {"count", 10.0}}));
  EXPECT_EQ(out["rows"][1]["count"], 5.0);

  CommandResult bad_filter = RunOpmonctl(*service_, {"errors", "--measurement", "count", "--filter", "channel"});
  EXPECT_EQ(bad_filter.exit_code, 2) << bad_filter.output;
  EXPECT_THAT(bad_filter.output, HasSubstr("DIMENSION=VALUE"));
  CommandResult bad_measure = RunOpmonctl(*service_, {"errors", "--measurement", "crashes"});
  EXPECT_EQ(bad_measure.exit_code, 1) << bad_measure.output;
  EXPECT_THAT(bad_measure.output, HasSubstr("measurements: \"crashes\""));
}

}  // namespace
}  // namespace opmon::testing
