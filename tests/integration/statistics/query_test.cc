// QueryStatistics, GetProjectOverview and argument validation through the
// real opmon-statistics binary, checked against plain SQL on the same tables.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

class StatisticsQueryTest : public StatisticsServiceTest {
 protected:
  void SetUp() override { StartService(); }

  // A rollout (dimension os, branches enabled/disabled) with `days` days of
  // two metrics, three percentiles each, for three operating systems.
  config::ResolvedProject Seed(const std::string& slug, int days) {
    config::ResolvedProject project = ResolvedExample("fission-rollout", slug);
    RegisterProject(dsn(), project);
    std::vector<results::StatisticsRow> rows;
    std::vector<std::string> dates;
    for (int d = 1; d <= days; ++d) {
      const std::string date = absl::StrCat("2024-03-", d < 10 ? "0" : "", d);
      dates.push_back(date);
      for (const char* os : {"Windows", "Linux", "Mac"}) {
        for (const char* branch : {"enabled", "disabled"}) {
          for (const char* metric : {"memory_total", "main_crashes"}) {
            for (const char* p : {"50", "90", "99"}) {
              const double v = d * 1000 + std::string(os).size() * 10 + std::string(p).size() + (branch[0] == 'e');
              rows.push_back(StatRow(date, "", {os}, branch, metric, "percentile", p, v, v - 1, v + 1));
            }
          }
        }
      }
    }
    WriteStatistics(dsn(), project, dates, rows);
    return project;
  }
};

std::vector<std::string> RowText(const v1::StatisticRow& r) {
  std::vector<std::string> out = {r.submission_date()};
  for (const auto& d : r.dimensions()) out.push_back(d.value());
  for (const std::string* s : {&r.branch(), &r.metric(), &r.statistic(), &r.parameter()}) out.push_back(*s);
  out.push_back(absl::StrCat(r.point()));
  out.push_back(absl::StrCat(r.lower()));
  out.push_back(absl::StrCat(r.upper()));
  return out;
}

TEST_F(StatisticsQueryTest, FiltersAndOrdersRowsExactlyAsPlainSqlDoes) {
  Seed("query-filters", 3);
  v1::QueryStatisticsRequest request;
  request.set_slug("query-filters");
  request.add_metrics("memory_total");
  request.add_parameters("50.0");  // normalised to "50"
  request.add_parameters("99");
  request.add_branches("enabled");
  auto* filter = request.add_dimension_filters();
  filter->set_name("os");
  filter->set_value("Linux");
  filter = request.add_dimension_filters();
  filter->set_name("os");
  filter->set_value("Mac");
  request.set_from("2024-03-02");
  request.set_to("2024-03-03");
  v1::QueryStatisticsResponse response;
  grpc::Status status = stub_->QueryStatistics(Deadline().get(), request, &response);
  ASSERT_THAT(status, IsOk());

  auto expected = QueryRows(
      dsn(),
      "SELECT submission_date::text, os, branch, metric, statistic, parameter, point, lower, upper "
      "FROM opmon_results.query_filters_statistics WHERE metric = 'memory_total' AND parameter IN ('50', '99') "
      "AND branch = 'enabled' AND os IN ('Linux', 'Mac') AND submission_date BETWEEN '2024-03-02' AND '2024-03-03' "
      "ORDER BY submission_date, os, branch, metric, statistic, parameter");
  ASSERT_EQ(expected.size(), 8u);  // 2 days × 2 os × 2 percentiles
  ASSERT_EQ(response.rows_size(), static_cast<int>(expected.size()));
  for (int i = 0; i < response.rows_size(); ++i) {
    std::vector<std::string> want = expected[static_cast<std::size_t>(i)];
    EXPECT_EQ(RowText(response.rows(i)), want) << i;
    EXPECT_EQ(response.rows(i).dimensions(0).name(), "os");
  }
  EXPECT_TRUE(response.next_page_token().empty());
  EXPECT_EQ(response.data_version(), 1);
}

TEST_F(StatisticsQueryTest, PagesCoverTheResultOnceInOrderAndTokensAreBoundToTheirQuery) {
  Seed("query-paging", 2);  // 2 × 3 × 2 × 2 × 3 = 72 rows
  v1::QueryStatisticsRequest request;
  request.set_slug("query-paging");
  request.set_page_size(25);
  std::vector<std::vector<std::string>> seen;
  std::string token;
  int pages = 0;
  do {
    request.set_page_token(token);
    v1::QueryStatisticsResponse response;
    grpc::Status status = stub_->QueryStatistics(Deadline().get(), request, &response);
    ASSERT_THAT(status, IsOk());
    for (const auto& r : response.rows()) seen.push_back(RowText(r));
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  auto expected = QueryRows(dsn(),
                            "SELECT submission_date::text, os, branch, metric, statistic, parameter, point, lower, "
                            "upper FROM opmon_results.query_paging_statistics ORDER BY submission_date, os, branch, "
                            "metric, statistic, parameter");
  ASSERT_EQ(seen.size(), 72u);
  EXPECT_EQ(seen, expected);

  // A token replayed with another question is refused.
  request.set_page_token("");
  v1::QueryStatisticsResponse first;
  ASSERT_TRUE(stub_->QueryStatistics(Deadline().get(), request, &first).ok());
  request.set_page_token(first.next_page_token());
  request.add_branches("enabled");
  v1::QueryStatisticsResponse other;
  grpc::Status status = stub_->QueryStatistics(Deadline().get(), request, &other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
}

TEST_F(StatisticsQueryTest, APublishBetweenPagesAbortsTheRestInsteadOfMixingData) {
  config::ResolvedProject project = Seed("query-abort", 2);
  v1::QueryStatisticsRequest request;
  request.set_slug("query-abort");
  request.set_page_size(10);
  v1::QueryStatisticsResponse first;
  ASSERT_TRUE(stub_->QueryStatistics(Deadline().get(), request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  WriteStatistics(dsn(), project, {"2024-03-01"}, {});
  request.set_page_token(first.next_page_token());
  v1::QueryStatisticsResponse second;
  grpc::Status status = stub_->QueryStatistics(Deadline().get(), request, &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(), HasSubstr("results changed since the first page"));
}

TEST_F(StatisticsQueryTest, RejectsBadArgumentsNamingTheField) {
  Seed("query-validation", 1);
  auto call = [&](const v1::QueryStatisticsRequest& request) {
    v1::QueryStatisticsResponse response;
    return stub_->QueryStatistics(Deadline().get(), request, &response);
  };
  v1::QueryStatisticsRequest unknown_project;
  unknown_project.set_slug("no-such-project");
  grpc::Status status = call(unknown_project);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("\"no-such-project\""));

  v1::QueryStatisticsRequest bad_metric;
  bad_metric.set_slug("query-validation");
  bad_metric.add_metrics("memory_totl");
  status = call(bad_metric);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("metrics[0]: \"memory_totl\" is not a metric"));

  v1::QueryStatisticsRequest bad_dimension;
  bad_dimension.set_slug("query-validation");
  auto* f = bad_dimension.add_dimension_filters();
  f->set_name("country");
  f->set_value("DE");
  status = call(bad_dimension);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("dimension_filters[0].name: \"country\" is not a dimension"));

  v1::QueryStatisticsRequest bad_range;
  bad_range.set_slug("query-validation");
  bad_range.set_from("2024-03-05");
  bad_range.set_to("2024-03-01");
  status = call(bad_range);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("from: \"2024-03-05\" is after to"));

  bad_range.set_from("2024-13-01");
  status = call(bad_range);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("from"));
}

TEST_F(StatisticsQueryTest, OverviewRanksDimensionValuesByFrequencyAndReportsCoverage) {
  config::ResolvedProject project = ResolvedExample("fission-rollout", "overview");
  RegisterProject(dsn(), project);
  std::vector<results::StatisticsRow> rows;
  // Windows on 3 rows, Linux on 2, Mac on 1.
  for (const char* os : {"Windows", "Windows", "Windows", "Linux", "Linux", "Mac"}) {
    rows.push_back(StatRow("2024-03-0" + std::to_string(rows.size() % 2 + 1), "", {os}, "enabled",
                    rows.size() % 2 ? "main_crashes" : "memory_total", rows.size() % 2 ? "sum" : "percentile",
                    rows.size() % 2 ? "" : std::to_string(rows.size()), 1.0, std::nullopt, std::nullopt));
  }
  rows.push_back(StatRow("2024-03-02", "", {"Mac"}, "disabled", "main_crashes", "sum", "", 1.0, std::nullopt, std::nullopt));
  const int64_t version = WriteStatistics(dsn(), project, {"2024-03-01", "2024-03-02"}, rows);
  ASSERT_TRUE(cluster()
                  .Exec(database(),
                        "INSERT INTO opmon.jobs (slug, day, state, finished_at) VALUES "
                        "('overview', '2024-03-02', 'succeeded', '2024-03-03 04:05:06+00'), "
                        "('overview', '2024-03-03', 'failed', '2024-03-04 00:00:00+00')")
                  .ok());
  v1::GetProjectOverviewRequest request;
  request.set_slug("overview");
  v1::GetProjectOverviewResponse response;
  grpc::Status status = stub_->GetProjectOverview(Deadline().get(), request, &response);
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(response.name(), "Fission rollout");
  ASSERT_EQ(response.dimensions_size(), 1);
  ASSERT_EQ(response.dimensions(0).values_size(), 3);
  auto ranked = QueryRows(dsn(),
                          "SELECT os, count(*)::text FROM opmon_results.overview_statistics GROUP BY os "
                          "ORDER BY count(*) DESC, os");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(response.dimensions(0).values(i).value(), ranked[static_cast<std::size_t>(i)][0]);
    EXPECT_EQ(absl::StrCat(response.dimensions(0).values(i).count()), ranked[static_cast<std::size_t>(i)][1]);
  }
  EXPECT_EQ(response.dimensions(0).values(0).value(), "Windows");
  ASSERT_EQ(response.metrics_size(), 2);
  EXPECT_EQ(response.metrics(0).metric(), "main_crashes");
  EXPECT_EQ(response.metrics(0).statistics(0), "sum");
  EXPECT_EQ(response.metrics(1).metric(), "memory_total");
  EXPECT_THAT(std::vector<std::string>(response.branches().begin(), response.branches().end()),
              ::testing::ElementsAre("disabled", "enabled"));
  EXPECT_EQ(response.first_date(), "2024-03-01");
  EXPECT_EQ(response.last_date(), "2024-03-02");
  EXPECT_EQ(response.last_job_finished_at(), "2024-03-03T04:05:06Z");
  EXPECT_EQ(response.data_version(), version);
  EXPECT_EQ(response.alert_count(), 0);

  request.set_slug("missing");
  status = stub_->GetProjectOverview(Deadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace opmon::testing
