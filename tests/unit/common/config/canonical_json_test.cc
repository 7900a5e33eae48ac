#include "common/config/canonical_json.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "tests/testing/every_field_project.h"
#include "tests/testing/status_matchers.h"

namespace opmon::config {
namespace {

ResolvedProject FullProject() {
  ResolvedProject p;
  p.slug = "fission-rollout";
  p.table_name = "fission_rollout";
  p.name = "Fission \"rollout\"";
  p.platform = "firefox_desktop";
  p.xaxis = XAxis::kBuildId;
  p.start_date = absl::CivilDay(2024, 3, 1);
  p.end_date = absl::CivilDay(2024, 4, 30);
  p.is_rollout = true;
  p.reference_branch = "disabled";
  p.compact_visualization = true;
  p.population.data_source = "main";
  p.population.channel = Channel::kBeta;
  p.population.boolean_pref = "pref_fission_enabled";
  p.population.dimensions = {"os"};
  p.population.group_by_dimension = "os";

  Metric gc;
  gc.name = "gc_ms";
  gc.select_expression = "gc_ms";
  gc.data_source = "main";
  gc.type = MetricType::kHistogram;
  Statistic pct;
  pct.kind = StatisticKind::kPercentile;
  pct.percentile.percentiles = {25, 50, 99.9};
  pct.percentile.method = CiMethod::kBlockJackknife;
  pct.percentile.remove_nulls = true;
  gc.statistics = {pct};
  gc.owners = {"a@example.com"};
  Metric ticks;
  ticks.name = "active_ticks";
  ticks.select_expression = "SUM(active_ticks)";
  ticks.data_source = "main";
  Statistic ratio;
  ratio.kind = StatisticKind::kTotalRatio;
  ratio.total_ratio.denominator_metric = "uri_count";
  Statistic quantile;
  quantile.kind = StatisticKind::kQuantile;
  quantile.quantile.quantile = 90;
  ticks.statistics = {ratio, quantile, Statistic{}};
  ticks.bigger_is_better = false;
  p.metrics = {gc, ticks};

  DataSource main;
  main.name = "main";
  main.from_expression = "telemetry.main";
  main.experiments_column = "";
  p.data_sources = {main};
  p.dimensions = {{"os", "normalized_os", "main", "OS", "Operating system"}};

  Alert threshold;
  threshold.name = "limits";
  threshold.metrics = {"gc_ms"};
  threshold.parameters = {50, 99.9};
  threshold.min = {0, 1.5};
  threshold.max = {100, 200};
  threshold.statistics = {StatisticKind::kPercentile};
  Alert diff;
  diff.name = "diff";
  diff.type = AlertType::kAvgDiff;
  diff.metrics = {"active_ticks"};
  diff.window_size = 7;
  diff.max_relative_change = 0.25;
  p.alerts = {threshold, diff};
  p.alert_webhook_url = "https://hooks.example.com/opmon?token=a%20b";
  p.metric_groups = {{"memory", "Memory", "GC and ticks", {"gc_ms", "active_ticks"}}};

  Experiment e;
  e.slug = "fission-rollout";
  e.start_date = absl::CivilDay(2024, 3, 1);
  e.is_rollout = true;
  e.branches = {"enabled", "disabled"};
  e.channel = Channel::kBeta;
  p.experiment = e;
  return p;
}

struct RoundTripCase {
  std::string name;
  ResolvedProject project;
};

// Parsing what was written gives the project back, and writing that again
// the same bytes.
class CanonicalJsonRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(CanonicalJsonRoundTrip, GivesTheProjectAndItsBytesBack) {
  const ResolvedProject& p = GetParam().project;
  const std::string json = ToCanonicalJson(p);
  absl::StatusOr<ResolvedProject> back = ParseCanonicalJson(json);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, p);
  EXPECT_EQ(ToCanonicalJson(*back), json);
}

// EveryFieldSet(): canonical JSON carries every declared field
// (project_fields_test checks the fixture sets them all).
INSTANTIATE_TEST_SUITE_P(Projects, CanonicalJsonRoundTrip,
                         ::testing::Values(RoundTripCase{"AFullProject", FullProject()},
                                           RoundTripCase{"EveryFieldSet", ::opmon::testing::EveryFieldSet()},
                                           RoundTripCase{"TheDefaultProject", ResolvedProject{}}),
                         [](const ::testing::TestParamInfo<RoundTripCase>& param) { return param.param.name; });

TEST(CanonicalJson, IsCompactWithSortedKeys) {
  ResolvedProject p;
  p.slug = "s";
  const std::string json = ToCanonicalJson(p);
  EXPECT_EQ(json.rfind(R"({"alerts":[],"compact_visualization":false,"data_sources":[],)", 0), 0u)
      << json;
  EXPECT_EQ(json.find(' '), std::string::npos);
  EXPECT_NE(json.find(R"("end_date":null,"experiment":null,"format_version":1,)"),
            std::string::npos);
}

// Projects stored before alert_webhook_url existed keep their bytes, so
// their stored hashes still match when read back and re-written.
TEST(CanonicalJson, WritesTheWebhookUrlOnlyWhenSet) {
  ResolvedProject p;
  p.slug = "s";
  const std::string without = ToCanonicalJson(p);
  EXPECT_EQ(without.find("alert_webhook_url"), std::string::npos) << without;
  p.alert_webhook_url = "http://127.0.0.1:8080/hook";
  const std::string with = ToCanonicalJson(p);
  EXPECT_EQ(with.rfind(R"({"alert_webhook_url":"http://127.0.0.1:8080/hook","alerts":[],)", 0), 0u) << with;
  absl::StatusOr<ResolvedProject> back = ParseCanonicalJson(with);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->alert_webhook_url, "http://127.0.0.1:8080/hook");
  EXPECT_EQ(ParseCanonicalJson(R"({"alert_webhook_url":1})").status().message(),
            "alert_webhook_url: expected a string");
}

TEST(CanonicalJson, WritesStatisticParamsForItsKindOnly) {
  ResolvedProject p;
  Metric m;
  m.name = "m";
  Statistic pct;
  pct.kind = StatisticKind::kPercentile;
  m.statistics = {Statistic{}, pct};
  p.metrics = {m};
  const std::string json = ToCanonicalJson(p);
  EXPECT_NE(json.find(R"("statistics":[{"kind":"mean","params":{}},{"kind":"percentile","params":)"
                      R"({"method":"binomial","percentiles":[50,90,99],"reference_buckets":false,)"
                      R"("remove_nulls":false}}])"),
            std::string::npos)
      << json;
}

TEST(CanonicalJson, EqualProjectsGiveEqualBytes) {
  EXPECT_EQ(ToCanonicalJson(FullProject()), ToCanonicalJson(FullProject()));
  ResolvedProject changed = FullProject();
  changed.metrics[0].statistics[0].percentile.percentiles.push_back(95);
  EXPECT_NE(ToCanonicalJson(changed), ToCanonicalJson(FullProject()));
}

TEST(CanonicalJson, ReportsWrongTypesWithTheirPath) {
  EXPECT_EQ(ParseCanonicalJson(R"({"metrics":[{"statistics":[{"kind":"median"}]}]})")
                .status()
                .message(),
            "metrics[0].statistics[0].kind: unknown value \"median\"");
  EXPECT_EQ(ParseCanonicalJson(R"({"population":{"branches":"a"}})").status().message(),
            "population.branches: expected an array");
  EXPECT_EQ(ParseCanonicalJson(R"({"start_date":"2024-02-30"})").status().message(),
            "start_date: expected a date YYYY-MM-DD");
  EXPECT_EQ(ParseCanonicalJson("[]").status().message(), ": expected an object");
}

TEST(CanonicalJson, EscapesOnlyQuoteBackslashAndControlCharacters) {
  ResolvedProject p;
  p.name = "a\"b\\c\n\x01/\x7f\xc3\xa9";
  const std::string json = ToCanonicalJson(p);
  EXPECT_NE(json.find(R"("name":"a\"b\\c\n\u0001/)" "\x7f\xc3\xa9\""), std::string::npos) << json;
  absl::StatusOr<ResolvedProject> back = ParseCanonicalJson(json);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->name, p.name);
}

TEST(CanonicalJson, ReadsEscapedNonAsciiAsUtf8) {
  absl::StatusOr<ResolvedProject> p = ParseCanonicalJson(R"({"name":"x\u00e9\ud83d\ude00"})");
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->name, "x\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_NE(ToCanonicalJson(*p).find("\"name\":\"x\xc3\xa9\xf0\x9f\x98\x80\""), std::string::npos);
}

// Stored hashes pin these bytes: std::to_chars' shortest round-trip form, which
// differs from nlohmann's own (0.0001, 1.2345678901234567e+19).
TEST(CanonicalJson, WritesDoublesInShortestRoundTripForm) {
  ResolvedProject p;
  Alert a;
  a.parameters = {0.1, 0.30000000000000004, 0.0001, 1e300, 12345678901234567890.0, -2.5, 50.0};
  a.max_relative_change = 1e-7;
  p.alerts = {a};
  const std::string json = ToCanonicalJson(p);
  EXPECT_NE(json.find(R"("max_relative_change":1e-07,)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("parameters":[0.1,0.30000000000000004,1e-04,1e+300,)"
                      R"(12345678901234567168,-2.5,50])"),
            std::string::npos)
      << json;
  absl::StatusOr<ResolvedProject> back = ParseCanonicalJson(json);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->alerts[0].parameters, a.parameters);
}

TEST(CanonicalJson, RejectsMalformedJsonWithItsPosition) {
  EXPECT_EQ(ParseCanonicalJson(R"({"slug":})").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ParseCanonicalJson(R"({"slug":})").status().message()),
              ::testing::StartsWith("invalid JSON: parse error at line 1, column 9:"));
  for (const char* text : {"", "[1,]", "01", R"("\ud800")", R"({"slug":"x"} x)",
                           R"({"slug":"\x"})", "{\"slug\":\"\x01\"}", "{\"slug\":\"\xff\"}",
                           R"({"max_relative_change":1e400})"}) {
    EXPECT_THAT(ParseCanonicalJson(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
}

TEST(CanonicalJson, RejectsANewerFormat) {
  EXPECT_EQ(ParseCanonicalJson(R"({"format_version":2})").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CanonicalJson, IgnoresUnknownMembers) {
  absl::StatusOr<ResolvedProject> p = ParseCanonicalJson(R"({"slug":"x","later_field":[1]})");
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->slug, "x");
}

}  // namespace
}  // namespace opmon::config
