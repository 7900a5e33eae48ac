// Webhook deliveries through the real opmon-statistics binary, a real
// PostgreSQL and local HTTP receivers: per-project URLs (set in project
// files applied through the real opmon-config) and the --webhook-url
// fallback; the durable outbox surviving a receiver outage and a SIGKILL;
// two replicas sending each alert exactly once; retries given up as dead and
// counted; and PublishResults never waiting for a webhook.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/config.grpc.pb.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/integration/statistics/webhook_receiver.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/wait_until.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

// Short backoff and polling so retries happen within a test's patience.
const std::vector<std::string> kFastRetries = {"--webhook-initial-backoff-ms", "100", "--webhook-max-backoff-ms",
                                               "400", "--webhook-poll-ms", "100"};

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// One threshold alert (search_limits: search_count quantile 19 above 200)
// per os value, on `date`, for the engagement-statistics example.
std::vector<results::StatisticsRow> ThresholdRows(const std::string& date, const std::vector<std::string>& oses) {
  std::vector<results::StatisticsRow> rows;
  for (const std::string& os : oses) {
    rows.push_back(StatRow(date, "", {os, "beta"}, "control", "search_count", "quantile", "19", 250, 210, 290));
  }
  return rows;
}

// "slug/date/os" of each accepted body.
std::vector<std::string> Keys(const std::vector<std::string>& bodies) {
  std::vector<std::string> keys;
  for (const std::string& body : bodies) {
    auto doc = nlohmann::json::parse(body);
    keys.push_back(absl::StrCat(doc["slug"].get<std::string>(), "/", doc["submission_date"].get<std::string>(), "/",
                                doc["dimensions"]["os"].get<std::string>()));
  }
  return keys;
}

class StatisticsWebhookTest : public PgTest {
 protected:
  void SetUp() override {
    // Rows left by an earlier test of this suite would go to its receivers.
    ASSERT_TRUE(cluster().Exec(database(), "DELETE FROM opmon.webhook_outbox").ok());
  }

  // The receivers listen on loopback: --webhook-allow-private.
  std::unique_ptr<ServiceProcess> StartStatistics(const std::vector<std::string>& args) {
    auto service = ServiceProcess::Start("statistics", dsn(), With({"--webhook-allow-private"}, args));
    EXPECT_THAT(service, IsOk());
    if (!service.ok()) return nullptr;
    EXPECT_THAT((*service)->WaitForHealth(true), IsOk()) << (*service)->Log();
    return std::move(*service);
  }

  // A project of the engagement-statistics example with `url` (may be
  // empty), registered as opmon-config stores it, and its alerting rows.
  config::ResolvedProject Project(const std::string& slug, const std::string& url = "") {
    config::ResolvedProject project = ResolvedExample("engagement-statistics", slug);
    project.alert_webhook_url = url;
    RegisterProject(dsn(), project);
    return project;
  }

  static grpc::Status Publish(ServiceProcess& service, const std::string& slug, const std::vector<std::string>& dates,
                              int deadline_seconds = 20) {
    v1::PublishResultsRequest request;
    request.set_slug(slug);
    for (const std::string& d : dates) request.add_dates(d);
    v1::PublishResultsResponse response;
    return StatisticsStub(service)->PublishResults(Deadline(deadline_seconds).get(), request, &response);
  }

  // The outbox and the metrics endpoint have no change feed: polls
  // `done` until it holds, for at most `timeout`.
  static bool Eventually(const std::function<bool()>& done) { return WaitUntil(done, absl::Seconds(30)); }

  // True once `sql` (one cell) reads `expected`.
  bool WaitForSql(const std::string& sql, const std::string& expected) {
    return Eventually([&] {
      const auto rows = QueryRows(dsn(), sql);
      return !rows.empty() && rows[0][0] == expected;
    });
  }

  static bool WaitForMetric(ServiceProcess& service, const std::string& name, double expected) {
    return Eventually([&] { return MetricValue(service, name) == expected; });
  }

  std::string Count(const std::string& slug, const std::string& state) {
    return absl::StrCat("SELECT count(*) FROM opmon.webhook_outbox WHERE slug = '", slug, "' AND state = '", state,
                        "'");
  }
};

TEST_F(StatisticsWebhookTest, EachProjectsAlertsGoToItsOwnUrlOthersToTheServiceFlag) {
  WebhookReceiver first, second, fallback;
  auto config = ServiceProcess::StartServing("config", dsn());
  ASSERT_THAT(config, IsOk());
  auto config_stub = v1::ConfigService::NewStub((*config)->channel());
  const absl::Status applied = ApplyExampleDefinitions(*config_stub);
  ASSERT_THAT(applied, IsOk());
  // The same example three times: two with their own webhook in the file.
  const std::string source = ExampleText("projects/engagement-statistics.yaml");
  const std::string alerts_line = "  alerts: [search_limits, search_overlap, ticks_drift]\n";
  ASSERT_NE(source.find(alerts_line), std::string::npos);
  const std::map<std::string, std::string> urls = {
      {"hook-first", first.url()}, {"hook-second", second.url()}, {"hook-fallback", ""}};
  for (const auto& [slug, url] : urls) {
    std::string content = source;
    if (!url.empty()) {
      content.insert(content.find(alerts_line) + alerts_line.size(), "  alert_webhook_url: " + url + "\n");
    }
    v1::ApplyProjectRequest request;
    request.set_slug(slug);
    request.mutable_file()->set_path(slug + ".yaml");
    request.mutable_file()->set_content(content);
    v1::ApplyProjectResponse response;
    grpc::Status status = config_stub->ApplyProject(Deadline().get(), request, &response);
    ASSERT_THAT(status, IsOk()) << slug << ": " << status.error_message();
    WriteStatistics(dsn(), ResolvedExample("engagement-statistics", slug), {"2024-03-01"},
                    ThresholdRows("2024-03-01", {"Windows"}));
  }
  auto statistics = StartStatistics(
      With(kFastRetries, {"--config-addr", (*config)->grpc_address(), "--webhook-url", fallback.url()}));
  ASSERT_NE(statistics, nullptr);
  for (const auto& [slug, url] : urls) {
    grpc::Status status = Publish(*statistics, slug, {"2024-03-01"});
    ASSERT_THAT(status, IsOk()) << slug << ": " << status.error_message();
  }

  ASSERT_TRUE(first.WaitForAccepted(1, absl::Seconds(30))) << statistics->Log();
  ASSERT_TRUE(second.WaitForAccepted(1, absl::Seconds(30))) << statistics->Log();
  ASSERT_TRUE(fallback.WaitForAccepted(1, absl::Seconds(30))) << statistics->Log();
  ASSERT_TRUE(WaitForSql("SELECT count(*) FROM opmon.webhook_outbox WHERE state = 'delivered'", "3"));
  EXPECT_THAT(Keys(first.accepted()), ::testing::ElementsAre("hook-first/2024-03-01/Windows"));
  EXPECT_THAT(Keys(second.accepted()), ::testing::ElementsAre("hook-second/2024-03-01/Windows"));
  EXPECT_THAT(Keys(fallback.accepted()), ::testing::ElementsAre("hook-fallback/2024-03-01/Windows"));
  EXPECT_EQ(QueryRows(dsn(), "SELECT url FROM opmon.webhook_outbox WHERE slug = 'hook-second'")[0][0], second.url());
}

TEST_F(StatisticsWebhookTest, ATokenInAProjectsWebhookUrlIsUsedButNeverShownByGetProjectOrLogs) {
  WebhookReceiver receiver;
  auto config = ServiceProcess::StartServing("config", dsn());
  ASSERT_THAT(config, IsOk());
  auto config_stub = v1::ConfigService::NewStub((*config)->channel());
  ASSERT_THAT(ApplyExampleDefinitions(*config_stub), IsOk());
  const std::string url = absl::StrCat("http://bot:pa55@127.0.0.1:", receiver.port(), "/hook?token=s3cret");
  std::string content = ExampleText("projects/engagement-statistics.yaml");
  const std::string alerts_line = "  alerts: [search_limits, search_overlap, ticks_drift]\n";
  ASSERT_NE(content.find(alerts_line), std::string::npos);
  content.insert(content.find(alerts_line) + alerts_line.size(), "  alert_webhook_url: \"" + url + "\"\n");
  v1::ApplyProjectRequest apply;
  apply.set_slug("hook-token");
  apply.mutable_file()->set_path("hook-token.yaml");
  apply.mutable_file()->set_content(content);
  v1::ApplyProjectResponse applied;
  grpc::Status status = config_stub->ApplyProject(Deadline().get(), apply, &applied);
  ASSERT_THAT(status, IsOk());

  v1::GetProjectRequest get;
  get.set_slug("hook-token");
  v1::GetProjectResponse got;
  ASSERT_TRUE(config_stub->GetProject(Deadline().get(), get, &got).ok());
  const std::string redacted = absl::StrCat("http://REDACTED@127.0.0.1:", receiver.port(), "/hook?token=REDACTED");
  EXPECT_TRUE(got.project().redacted());
  EXPECT_THAT(got.project().source().content(), HasSubstr(redacted));
  EXPECT_THAT(got.project().resolved_json(), HasSubstr(redacted));
  for (const std::string& text : {got.project().source().content(), got.project().resolved_json()}) {
    EXPECT_THAT(text, Not(HasSubstr("s3cret")));
    EXPECT_THAT(text, Not(HasSubstr("pa55")));
  }

  // The statistics service reads projects through the config service and
  // still posts to the real URL, which it reads from the database.
  WriteStatistics(dsn(), ResolvedExample("engagement-statistics", "hook-token"), {"2024-03-01"},
                  ThresholdRows("2024-03-01", {"Windows"}));
  auto statistics = StartStatistics(With(kFastRetries, {"--config-addr", (*config)->grpc_address()}));
  ASSERT_NE(statistics, nullptr);
  ASSERT_TRUE(Publish(*statistics, "hook-token", {"2024-03-01"}).ok());
  ASSERT_TRUE(receiver.WaitForAccepted(1, absl::Seconds(30))) << statistics->Log();
  EXPECT_EQ(QueryRows(dsn(), "SELECT url FROM opmon.webhook_outbox WHERE slug = 'hook-token'")[0][0], url);
  EXPECT_THAT(statistics->Log(), Not(HasSubstr("s3cret")));
  EXPECT_THAT((*config)->Log(), Not(HasSubstr("s3cret")));
}

TEST_F(StatisticsWebhookTest, AReceiverThatIsDownAtPublishGetsTheAlertsOnceItIsUp) {
  WebhookReceiver receiver(WebhookReceiverOptions{.listening = false});
  config::ResolvedProject project = Project("hook-down");
  WriteStatistics(dsn(), project, {"2024-03-01"}, ThresholdRows("2024-03-01", {"Windows", "Linux"}));
  auto statistics = StartStatistics(With(kFastRetries, {"--webhook-url", receiver.url()}));
  ASSERT_NE(statistics, nullptr);
  ASSERT_TRUE(Publish(*statistics, "hook-down", {"2024-03-01"}).ok());

  // Both failed at least once while the receiver was down.
  ASSERT_TRUE(WaitForSql("SELECT count(*) FROM opmon.webhook_outbox WHERE slug = 'hook-down' AND attempts > 0 "
                         "AND state = 'pending'",
                         "2"))
      << statistics->Log();
  EXPECT_THAT(QueryRows(dsn(), "SELECT last_error FROM opmon.webhook_outbox WHERE slug = 'hook-down'")[0][0],
              HasSubstr(absl::StrCat("webhook POST to http://127.0.0.1:", receiver.port(), ": Failed to connect")));

  receiver.Listen();
  ASSERT_TRUE(receiver.WaitForAccepted(2, absl::Seconds(30))) << statistics->Log();
  ASSERT_TRUE(WaitForSql(Count("hook-down", "delivered"), "2"));
  EXPECT_THAT(Keys(receiver.accepted()),
              UnorderedElementsAreArray({"hook-down/2024-03-01/Windows", "hook-down/2024-03-01/Linux"}));
}

TEST_F(StatisticsWebhookTest, AlertsOfAProcessKilledBeforeDeliveryAreDeliveredAfterARestart) {
  WebhookReceiver receiver(WebhookReceiverOptions{.listening = false});
  config::ResolvedProject project = Project("hook-killed");
  WriteStatistics(dsn(), project, {"2024-03-01"}, ThresholdRows("2024-03-01", {"Windows", "Linux", "Darwin"}));
  auto first = StartStatistics(With(kFastRetries, {"--webhook-url", receiver.url()}));
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(Publish(*first, "hook-killed", {"2024-03-01"}).ok());
  ASSERT_TRUE(WaitForSql("SELECT count(*) FROM opmon.webhook_outbox WHERE slug = 'hook-killed' AND attempts > 0",
                         "3"))
      << first->Log();
  ASSERT_THAT(first->Kill(), IsOk());
  EXPECT_EQ(QueryRows(dsn(), Count("hook-killed", "pending"))[0][0], "3") << "nothing was delivered";

  receiver.Listen();
  auto second = StartStatistics(With(kFastRetries, {"--webhook-url", receiver.url()}));
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(receiver.WaitForAccepted(3, absl::Seconds(30))) << second->Log();
  ASSERT_TRUE(WaitForSql(Count("hook-killed", "delivered"), "3"));
  EXPECT_THAT(Keys(receiver.accepted()),
              UnorderedElementsAreArray(
                  {"hook-killed/2024-03-01/Windows", "hook-killed/2024-03-01/Linux", "hook-killed/2024-03-01/Darwin"}));
}

TEST_F(StatisticsWebhookTest, TwoReplicasDeliverEachAlertExactlyOnce) {
  // Down first, so both replicas find a backlog of due rows at once.
  WebhookReceiver receiver(WebhookReceiverOptions{.listening = false});
  config::ResolvedProject project = Project("hook-replicas");
  std::vector<std::string> oses;
  for (int i = 0; i < 12; ++i) oses.push_back(absl::StrCat("os", i));
  const std::vector<std::string> dates = {"2024-03-01", "2024-03-02"};
  std::vector<results::StatisticsRow> rows = ThresholdRows(dates[0], oses);
  for (const results::StatisticsRow& r : ThresholdRows(dates[1], oses)) rows.push_back(r);
  WriteStatistics(dsn(), project, dates, rows);
  const std::vector<std::string> args =
      With(kFastRetries, {"--webhook-url", receiver.url(), "--webhook-workers", "3"});
  auto a = StartStatistics(args);
  auto b = StartStatistics(args);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  // Both replicas publish (the second publish finds nothing new).
  ASSERT_TRUE(Publish(*a, "hook-replicas", dates).ok());
  ASSERT_TRUE(Publish(*b, "hook-replicas", dates).ok());
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon.webhook_outbox WHERE slug = 'hook-replicas'")[0][0], "24");

  receiver.Listen();
  ASSERT_TRUE(receiver.WaitForAccepted(24, absl::Seconds(60))) << a->Log() << b->Log();
  ASSERT_TRUE(WaitForSql(Count("hook-replicas", "delivered"), "24"));
  const std::vector<std::string> keys = Keys(receiver.accepted());
  EXPECT_EQ(keys.size(), 24u);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), 24u) << "an alert was sent twice";
  EXPECT_TRUE(Eventually([&] {
    return MetricValue(*a, "opmon_statistics_webhook_delivered_total") +
               MetricValue(*b, "opmon_statistics_webhook_delivered_total") ==
           24;
  })) << "the replicas' delivered counters do not add up to 24";
}

TEST_F(StatisticsWebhookTest, AHangingWebhookNeverDelaysPublishResults) {
  WebhookReceiver silent(WebhookReceiverOptions{.hang = true});
  config::ResolvedProject project = Project("hook-hang", silent.url());
  const std::vector<std::string> dates = {"2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"};
  std::vector<results::StatisticsRow> rows;
  for (const std::string& d : dates) {
    for (const results::StatisticsRow& r : ThresholdRows(d, {"Windows"})) rows.push_back(r);
  }
  WriteStatistics(dsn(), project, dates, rows);
  // One delivery thread, stuck for up to two minutes on the silent receiver.
  auto statistics =
      StartStatistics(With(kFastRetries, {"--webhook-workers", "1", "--webhook-timeout-ms", "120000"}));
  ASSERT_NE(statistics, nullptr);
  ASSERT_TRUE(Publish(*statistics, "hook-hang", {dates[0]}).ok());
  ASSERT_TRUE(silent.WaitForRequests(1, absl::Seconds(30))) << statistics->Log();

  for (std::size_t i = 1; i < dates.size(); ++i) {
    const absl::Time start = absl::Now();
    grpc::Status status = Publish(*statistics, "hook-hang", {dates[i]}, /*deadline_seconds=*/10);
    EXPECT_THAT(status, IsOk()) << dates[i] << ": " << status.error_message();
    EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  }
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon.alerts WHERE slug = 'hook-hang'")[0][0], "4");
  EXPECT_EQ(QueryRows(dsn(), Count("hook-hang", "pending"))[0][0], "4");
  EXPECT_EQ(silent.requests(), 1);
}

TEST_F(StatisticsWebhookTest, ADeliveryThatKeepsFailingIsKeptAsDeadAndCounted) {
  WebhookReceiver refusing(/*failures=*/1000);
  config::ResolvedProject project = Project("hook-dead", refusing.url());
  WriteStatistics(dsn(), project, {"2024-03-01"}, ThresholdRows("2024-03-01", {"Windows", "Linux"}));
  auto statistics = StartStatistics(With(kFastRetries, {"--webhook-max-attempts", "3"}));
  ASSERT_NE(statistics, nullptr);
  ASSERT_TRUE(Publish(*statistics, "hook-dead", {"2024-03-01"}).ok());
  ASSERT_TRUE(WaitForSql(Count("hook-dead", "dead"), "2")) << statistics->Log();
  EXPECT_EQ(QueryRows(dsn(), "SELECT DISTINCT attempts::text || ' ' || last_error FROM opmon.webhook_outbox "
                             "WHERE slug = 'hook-dead'")[0][0],
            absl::StrCat("3 webhook POST to http://127.0.0.1:", refusing.port(), ": HTTP 500"));
  EXPECT_EQ(refusing.requests(), 6);
  EXPECT_TRUE(WaitForMetric(*statistics, "opmon_statistics_webhook_dead_total", 2));
  EXPECT_EQ(MetricValue(*statistics, "opmon_statistics_webhook_retries_total"), 4);
  EXPECT_EQ(MetricValue(*statistics, "opmon_statistics_webhook_delivered_total"), 0);
  // The table's gauges are refreshed when a worker goes idle.
  EXPECT_TRUE(WaitForMetric(*statistics, "opmon_statistics_webhook_outbox_rows{state=\"dead\"}", 2));
  EXPECT_EQ(MetricValue(*statistics, "opmon_statistics_webhook_outbox_rows{state=\"pending\"}"), 0);
}

TEST_F(StatisticsWebhookTest, AProjectWebhookOnALocalNameIsRefusedWithoutWebhookAllowPrivate) {
  WebhookReceiver receiver;
  // A name, not an address: the check applies to what it resolves to.
  const std::string url = absl::StrCat("http://localhost:", receiver.port(), "/hook?token=secret");
  config::ResolvedProject project = Project("hook-local", url);
  WriteStatistics(dsn(), project, {"2024-03-01"}, ThresholdRows("2024-03-01", {"Windows"}));
  auto statistics = ServiceProcess::StartServing("statistics", dsn(), kFastRetries);
  ASSERT_THAT(statistics, IsOk());
  ASSERT_TRUE(Publish(**statistics, "hook-local", {"2024-03-01"}).ok());
  ASSERT_TRUE(WaitForSql(Count("hook-local", "dead"), "1")) << (*statistics)->Log();
  const std::string error = QueryRows(dsn(), "SELECT attempts::text || ' ' || last_error FROM opmon.webhook_outbox "
                                             "WHERE slug = 'hook-local'")[0][0];
  EXPECT_THAT(error, HasSubstr(absl::StrCat("1 webhook POST to http://localhost:", receiver.port(), ": refused: ")));
  EXPECT_THAT(error, HasSubstr("is a loopback address"));
  EXPECT_EQ(receiver.requests(), 0);
  EXPECT_THAT((*statistics)->Log(), Not(HasSubstr("secret")));
}

TEST_F(StatisticsWebhookTest, ABadWebhookUrlFlagIsAUsageError) {
  auto result = RunCommand({BuiltBinary("services/statistics/opmon-statistics"), "--db-url", dsn(), "--webhook-url",
                            "ftp://hooks.example.com/x"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("\"ftp://hooks.example.com/x\" is not an http:// or https:// URL"));
}

}  // namespace
}  // namespace opmon::testing
