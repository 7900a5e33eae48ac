// Alerts evaluated on publish through the real binary: stored once in
// opmon.alerts and opmon_results.<table>_alerts (dimensions as columns),
// replaced when a date is re-evaluated, listed by ListAlerts, and sent to a
// webhook once each.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/integration/statistics/webhook_receiver.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::string Date(absl::CivilDay d) { return absl::FormatCivilTime(d); }

// engagement-statistics: dimensions os and channel; alerts search_limits
// (threshold on search_count quantile 19 within [0, 200]), search_overlap
// (ci_overlap on uri_count and gc_ms), ticks_drift (avg_diff on active_ticks,
// window 14, max relative change 0.5).
std::vector<results::StatisticsRow> AlertingDay(const std::string& date, double search_quantile_lower) {
  const std::vector<std::string> dims = {"Windows", "beta"};
  return {
      // threshold: the lower bound is above 200 (when search_quantile_lower > 200)
      StatRow(date, "", dims, "control", "search_count", "quantile", "19", 250, search_quantile_lower, 290),
      StatRow(date, "", dims, "treatment", "search_count", "quantile", "19", 150, 140, 160),
      StatRow(date, "", dims, "control", "search_count", "quantile", "10", 1000, 990, 1010),  // not parameter 19
      StatRow(date, "", dims, "control", "search_count", "mean", "", 1000, 990, 1010),        // not a quantile
      // ci_overlap: treatment misses control for uri_count, overlaps for gc_ms
      StatRow(date, "", dims, "control", "uri_count", "mean", "", 10, 9, 11),
      StatRow(date, "", dims, "treatment", "uri_count", "mean", "", 21, 20, 22),
      StatRow(date, "", dims, "control", "gc_ms", "percentile", "50", 10, 9, 11),
      StatRow(date, "", dims, "treatment", "gc_ms", "percentile", "50", 11, 10, 12),
  };
}

class StatisticsAlertsTest : public StatisticsServiceTest {
 protected:
  // 28 days of active_ticks ending on `last`: 14 at 100, then 14 at 300.
  void WriteHistory(const config::ResolvedProject& project, absl::CivilDay last, double search_quantile_lower) {
    std::vector<std::string> dates;
    std::vector<results::StatisticsRow> rows;
    for (int i = 27; i >= 0; --i) {
      const std::string date = Date(last - i);
      dates.push_back(date);
      const double ticks = i >= 14 ? 100 : 300;
      rows.push_back(StatRow(date, "", {"Windows", "beta"}, "control", "active_ticks", "mean", "", ticks, ticks, ticks));
    }
    for (results::StatisticsRow& r : AlertingDay(Date(last), search_quantile_lower)) rows.push_back(r);
    WriteStatistics(dsn(), project, dates, rows);
  }

  v1::PublishResultsResponse Publish(const std::string& slug, const std::vector<std::string>& dates) {
    v1::PublishResultsRequest request;
    request.set_slug(slug);
    for (const std::string& d : dates) request.add_dates(d);
    v1::PublishResultsResponse response;
    grpc::Status status = stub_->PublishResults(Deadline().get(), request, &response);
    EXPECT_THAT(status, IsOk());
    return response;
  }

  std::vector<v1::Alert> List(const std::string& slug, const std::string& since = "") {
    v1::ListAlertsRequest request;
    request.set_slug(slug);
    request.set_since(since);
    v1::ListAlertsResponse response;
    grpc::Status status = stub_->ListAlerts(Deadline().get(), request, &response);
    EXPECT_THAT(status, IsOk());
    return {response.alerts().begin(), response.alerts().end()};
  }
};

TEST_F(StatisticsAlertsTest, RaisesEachRuleOnceAndStoresDimensionsAsColumns) {
  config::ResolvedProject project = ResolvedExample("engagement-statistics", "alerts-rules");
  RegisterProject(dsn(), project);
  WriteHistory(project, absl::CivilDay(2024, 3, 1), 210);
  StartService();

  // The avg_diff expectation, computed independently in SQL.
  auto windows = QueryRows(dsn(),
                           "SELECT avg(point) FILTER (WHERE submission_date > '2024-02-16'), "
                           "avg(point) FILTER (WHERE submission_date <= '2024-02-16') "
                           "FROM opmon_results.alerts_rules_statistics WHERE metric = 'active_ticks'");
  const double last = std::stod(windows[0][0]), previous = std::stod(windows[0][1]);
  ASSERT_GT(std::abs(last - previous) / last, 0.5);

  v1::PublishResultsResponse published = Publish("alerts-rules", {"2024-03-01"});
  EXPECT_EQ(published.alerts_raised(), 3);

  std::vector<v1::Alert> alerts = List("alerts-rules");
  ASSERT_EQ(alerts.size(), 3u);
  std::map<std::string, v1::Alert> by_name;
  for (const v1::Alert& a : alerts) by_name[a.alert_name()] = a;
  EXPECT_EQ(by_name["search_limits"].message(), "Value above threshold (90% interval)");
  EXPECT_EQ(by_name["search_limits"].branch(), "control");
  EXPECT_EQ(by_name["search_limits"].parameter(), "19");
  EXPECT_EQ(by_name["search_limits"].alert_type(), "threshold");
  EXPECT_EQ(by_name["search_limits"].lower(), 210);
  EXPECT_EQ(by_name["search_overlap"].message(),
            "Significant difference between branches (90% block_jackknife intervals)");
  EXPECT_EQ(by_name["search_overlap"].metric(), "uri_count");
  EXPECT_EQ(by_name["search_overlap"].branch(), "treatment");
  EXPECT_EQ(by_name["ticks_drift"].message(),
            "Significant difference to historical data (means of 14 points, 50% change)");
  EXPECT_EQ(by_name["ticks_drift"].submission_date(), "2024-03-01");
  ASSERT_EQ(by_name["search_limits"].dimensions_size(), 2);
  EXPECT_EQ(by_name["search_limits"].dimensions(0).name(), "os");
  EXPECT_EQ(by_name["search_limits"].dimensions(0).value(), "Windows");
  EXPECT_EQ(by_name["search_limits"].dimensions(1).name(), "channel");

  auto stored = QueryRows(dsn(),
                          "SELECT submission_date::text, os, channel, branch, metric, statistic, "
                          "COALESCE(parameter, ''), alert_name, alert_type, message "
                          "FROM opmon_results.alerts_rules_alerts ORDER BY alert_name");
  EXPECT_THAT(stored,
              ElementsAre(ElementsAre("2024-03-01", "Windows", "beta", "control", "search_count", "quantile", "19",
                                      "search_limits", "threshold", "Value above threshold (90% interval)"),
                          ElementsAre("2024-03-01", "Windows", "beta", "treatment", "uri_count", "mean", "",
                                      "search_overlap", "ci_overlap",
                                      "Significant difference between branches (90% block_jackknife intervals)"),
                          ElementsAre("2024-03-01", "Windows", "beta", "control", "active_ticks", "mean", "",
                                      "ticks_drift", "avg_diff",
                                      "Significant difference to historical data (means of 14 points, 50% change)")));
}

TEST_F(StatisticsAlertsTest, SequentialModeChangesWhichAlertsFireAndSaysSo) {
  // The same rows with false_alert_rate 0.05: five series (search_count q19 x
  // 2 branches, uri_count and gc_ms treatment, active_ticks control), 1% each.
  // search_limits' interval [210, 290] around 250, widened to look 1's 0.5%
  // (z 2.807 / 1.645), reaches down to 181.7 < 200: no alert. uri_count's
  // one-day difference of 11 is z = 12.8 > b_1(1%) = 4.45; active_ticks' exact
  // points have no sampling error: both still alert.
  config::ResolvedProject project = ResolvedExample("engagement-statistics", "alerts-sequential");
  project.false_alert_rate = 0.05;
  RegisterProject(dsn(), project);
  WriteHistory(project, absl::CivilDay(2024, 3, 1), 210);
  StartService();

  EXPECT_EQ(Publish("alerts-sequential", {"2024-03-01"}).alerts_raised(), 2);
  std::map<std::string, std::string> messages;
  for (const v1::Alert& a : List("alerts-sequential")) messages[a.alert_name()] = a.message();
  EXPECT_THAT(messages,
              ElementsAre(Pair("search_overlap", "Significant difference between branches (sequential, 5% per project)"),
                          Pair("ticks_drift", "Significant difference to historical data (sequential, 5% per project)")));
}

TEST_F(StatisticsAlertsTest, ReEvaluatingADateReplacesItsAlertsWithoutDuplicates) {
  config::ResolvedProject project = ResolvedExample("engagement-statistics", "alerts-replace");
  RegisterProject(dsn(), project);
  WriteHistory(project, absl::CivilDay(2024, 3, 1), 210);
  StartService();
  Publish("alerts-replace", {"2024-03-01"});
  std::vector<v1::Alert> first = List("alerts-replace");
  ASSERT_EQ(first.size(), 3u);

  Publish("alerts-replace", {"2024-03-01"});  // the same results again
  std::vector<v1::Alert> again = List("alerts-replace");
  ASSERT_EQ(again.size(), 3u);
  for (std::size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].alert_name(), first[i].alert_name());
    EXPECT_EQ(again[i].raised_at(), first[i].raised_at()) << "an unchanged alert keeps when it was first raised";
  }
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon.alerts WHERE slug = 'alerts-replace'")[0][0], "3");
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon_results.alerts_replace_alerts")[0][0], "3");

  // The day is recomputed and the threshold no longer fires (lower bound 190).
  WriteHistory(project, absl::CivilDay(2024, 3, 1), 190);
  Publish("alerts-replace", {"2024-03-01"});
  std::vector<v1::Alert> replaced = List("alerts-replace");
  std::vector<std::string> names;
  for (const v1::Alert& a : replaced) names.push_back(a.alert_name());
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("search_overlap", "ticks_drift"));
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon_results.alerts_replace_alerts")[0][0], "2");
  EXPECT_EQ(List("alerts-replace", "2024-03-02").size(), 0u);

  v1::GetProjectOverviewRequest overview_request;
  overview_request.set_slug("alerts-replace");
  v1::GetProjectOverviewResponse overview;
  ASSERT_TRUE(stub_->GetProjectOverview(Deadline().get(), overview_request, &overview).ok());
  EXPECT_EQ(overview.alert_count(), 2);
}

TEST_F(StatisticsAlertsTest, PublishValidatesItsArguments) {
  config::ResolvedProject project = ResolvedExample("engagement-statistics", "alerts-validate");
  RegisterProject(dsn(), project);
  StartService();
  v1::PublishResultsRequest request;
  request.set_slug("alerts-validate");
  request.add_dates("2024-03-01");
  request.add_dates("2024-02-31");
  v1::PublishResultsResponse response;
  grpc::Status status = stub_->PublishResults(Deadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("dates[1]"));
  request.set_slug("nope");
  request.clear_dates();
  request.add_dates("2024-03-01");
  status = stub_->PublishResults(Deadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  // No results yet: publishing raises nothing and succeeds.
  request.set_slug("alerts-validate");
  status = stub_->PublishResults(Deadline().get(), request, &response);
  EXPECT_THAT(status, IsOk());
  EXPECT_EQ(response.alerts_raised(), 0);
}

TEST_F(StatisticsAlertsTest, TheWebhookReceivesEachNewAlertOnceDespiteAFailure) {
  WebhookReceiver receiver(/*failures=*/1);
  config::ResolvedProject project = ResolvedExample("engagement-statistics", "alerts-webhook");
  RegisterProject(dsn(), project);
  WriteHistory(project, absl::CivilDay(2024, 3, 1), 210);
  StartService({"--webhook-url", receiver.url(), "--webhook-allow-private", "--webhook-initial-backoff-ms", "100"});

  Publish("alerts-webhook", {"2024-03-01"});
  ASSERT_TRUE(receiver.WaitForAccepted(3, absl::Seconds(20))) << service_->Log();
  Publish("alerts-webhook", {"2024-03-01"});  // nothing new: nothing sent
  // A new alert on a new day.
  WriteStatistics(dsn(), project, {"2024-03-02"},
                  {StatRow("2024-03-02", "", {"Linux", "beta"}, "treatment", "search_count", "quantile", "19", 300, 250,
                    350)});
  Publish("alerts-webhook", {"2024-03-02"});
  ASSERT_TRUE(receiver.WaitForAccepted(4, absl::Seconds(20))) << service_->Log();

  std::vector<std::string> bodies = receiver.accepted();
  EXPECT_EQ(bodies.size(), 4u);
  EXPECT_EQ(receiver.requests(), 5);  // one refused and retried
  std::set<std::string> keys;
  for (const std::string& body : bodies) {
    auto doc = nlohmann::json::parse(body);
    EXPECT_EQ(doc["slug"], "alerts-webhook");
    keys.insert(absl::StrCat(doc["submission_date"].get<std::string>(), "/", doc["alert_name"].get<std::string>(),
                             "/", doc["branch"].get<std::string>()));
    if (doc["submission_date"] == "2024-03-02") {
      EXPECT_EQ(doc["dimensions"]["os"], "Linux");
      EXPECT_EQ(doc["message"], "Value above threshold (90% interval)");
      EXPECT_EQ(doc["lower"], 250);
    }
  }
  EXPECT_THAT(keys, ElementsAre("2024-03-01/search_limits/control", "2024-03-01/search_overlap/treatment",
                                "2024-03-01/ticks_drift/control", "2024-03-02/search_limits/treatment"));
}

}  // namespace
}  // namespace opmon::testing
