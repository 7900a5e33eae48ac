// QueryLegacyAggregates through the real opmon-statistics binary, and
// `opmonctl legacy`: legacy rows are written with plain SQL the way an import
// writes them (a day replaced and the legacy data version bumped in one
// transaction), and every merge is checked against numbers worked by hand
// and against the same sums computed in plain SQL.
#include <cstdint>
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

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// An awkward keyed-histogram label: tab, backslash, quotes, non-ASCII.
const std::string kAwkwardLabel = "tab\there \\ \"q\" 'é'";

// One stored row: (aggregate type, day, channel, version, os, os_version,
// application, architecture, child, label, metric, aggregate). "NULL" cells
// stay NULL.
struct LegacyRow {
  std::string type = "submission_date";
  std::string day = "20150615";
  std::string channel = "nightly";
  std::string version = "42";
  std::string os = "Windows_NT";
  std::string os_version = "6.1";
  std::string application = "Firefox";
  std::string architecture = "x86";
  std::string child = "false";
  std::string label = "NULL";
  std::string metric = "GC_MS";
  std::string aggregate;
};

std::string Literal(const std::string& value) {
  if (value == "NULL") return value;
  std::string out = "E'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back(c);
    out.push_back(c);
  }
  return out + "'";
}

class LegacyQueryTest : public StatisticsServiceTest {
 protected:
  void SetUp() override { StartServiceOnEmptyDataset("opmon.legacy_aggregates", "@legacy_aggregates"); }

  // Replaces the (type, day) of every row given and bumps the data version,
  // in one transaction, as the importer does. `bump` false writes without
  // telling anyone (to show the cache answers).
  void Import(const std::vector<LegacyRow>& rows, bool bump = true) {
    std::vector<std::string> statements;
    for (const LegacyRow& r : rows) {
      statements.push_back(absl::StrCat("DELETE FROM opmon.legacy_aggregates WHERE aggregate_type = ",
                                        Literal(r.type), " AND ds_nodash = ", Literal(r.day)));
    }
    for (const LegacyRow& r : rows) {
      statements.push_back(absl::StrCat(
          "INSERT INTO opmon.legacy_aggregates (aggregate_type, ds_nodash, channel, version, os, os_version, "
          "application, architecture, child, label, metric, aggregate) VALUES (",
          absl::StrJoin({Literal(r.type), Literal(r.day), Literal(r.channel), Literal(r.version), Literal(r.os),
                         Literal(r.os_version), Literal(r.application), Literal(r.architecture), Literal(r.child),
                         Literal(r.label), Literal(r.metric)},
                        ", "),
          ", '", r.aggregate, "'::bigint[])"));
    }
    ExecInTransaction(statements, bump ? "@legacy_aggregates" : "");
  }

  // Two days of GC_MS on nightly 42 with rows of several dimensions, keyed
  // and unkeyed, plus rows no query below selects (other metric, channel,
  // version, aggregate type).
  void SeedTwoDays() {
    std::vector<LegacyRow> rows;
    auto add = [&rows](std::string day, std::string aggregate, auto edit) {
      LegacyRow r;
      r.day = std::move(day);
      r.aggregate = std::move(aggregate);
      edit(r);
      rows.push_back(r);
    };
    auto same = [](LegacyRow&) {};
    // 20150615 unkeyed: {1,2,3|10,6} + {4,0,1|7,5} + {0,0,2|30,2} = {5,2,6|47,13}.
    add("20150615", "{1,2,3,10,6}", same);
    add("20150615", "{4,0,1,7,5}", [](LegacyRow& r) { r.os = "Linux"; r.os_version = "4.1"; r.child = "true"; });
    add("20150615", "{0,0,2,30,2}", [](LegacyRow& r) { r.application = "Fennec"; r.architecture = "arm"; });
    // 20150615 keyed: the awkward label alone, and label "" (as the reference
    // stored unkeyed ones) merged with the NULL label above.
    add("20150615", "{9,9,9,99,27}", [](LegacyRow& r) { r.label = kAwkwardLabel; });
    add("20150615", "{1,1,1,3,3}", [](LegacyRow& r) { r.label = ""; r.os = "NULL"; });
    // 20150616 unkeyed: {2,2,2|6,6} + {0,1,0|5,1} = {2,3,2|11,7}.
    add("20150616", "{2,2,2,6,6}", same);
    add("20150616", "{0,1,0,5,1}", [](LegacyRow& r) { r.os = "Darwin"; r.os_version = "14"; });
    // Not selected by the queries below.
    add("20150616", "{100,100,100,100,100}", [](LegacyRow& r) { r.metric = "CC_MS"; });
    add("20150616", "{100,100,100,100,100}", [](LegacyRow& r) { r.channel = "beta"; });
    add("20150616", "{100,100,100,100,100}", [](LegacyRow& r) { r.version = "41"; });
    add("20150616", "{100,100,100,100,100}", [](LegacyRow& r) { r.type = "build_id"; });
    add("20150617", "{100,100,100,100,100}", same);
    Import(rows);
  }

  absl::StatusOr<v1::QueryLegacyAggregatesResponse> Query(const v1::QueryLegacyAggregatesRequest& request) {
    return Call(&v1::StatisticsService::Stub::QueryLegacyAggregates, request);
  }

  static v1::QueryLegacyAggregatesRequest Gc(const std::string& from = "20150615", const std::string& to = "20150616") {
    v1::QueryLegacyAggregatesRequest r;
    r.set_channel("nightly");
    r.set_version("42");
    r.set_metric("GC_MS");
    r.set_from(from);
    r.set_to(to);
    return r;
  }
};

// "date|label|rows|count|sum|b0,b1,...": one merged histogram as text.
std::string Text(const v1::LegacyAggregate& a) {
  return absl::StrCat(a.date(), "|", a.label(), "|", a.rows(), "|", a.count(), "|", a.sum(), "|",
                      absl::StrJoin(a.histogram(), ","));
}

std::vector<std::string> Texts(const v1::QueryLegacyAggregatesResponse& response) {
  std::vector<std::string> out;
  for (const auto& a : response.aggregates()) out.push_back(Text(a));
  return out;
}

TEST_F(LegacyQueryTest, MergesRowsPerDateAndLabelAsWorkedByHand) {
  SeedTwoDays();
  absl::StatusOr<v1::QueryLegacyAggregatesResponse> r = Query(Gc());
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->data_version(), 1);
  // Label "" and NULL merge: {5,2,6|47,13} + {1,1,1|3,3} = {6,3,7|50,16}.
  EXPECT_THAT(Texts(*r), ElementsAre("20150615||4|16|50|6,3,7", "20150615|" + kAwkwardLabel + "|1|27|99|9,9,9",
                                     "20150616||2|7|11|2,3,2"));
}

TEST_F(LegacyQueryTest, AgreesWithTheSameSumsInPlainSql) {
  SeedTwoDays();
  absl::StatusOr<v1::QueryLegacyAggregatesResponse> r = Query(Gc("2015-06-15", "2015-06-17"));
  ASSERT_THAT(r, IsOk());
  // Bucket-wise sums in SQL: every element by position, the last two being
  // the sum and the count.
  const std::vector<std::string> expected =
      QueryColumn(dsn(),
                  "WITH e AS (SELECT ds_nodash, COALESCE(label, '') AS label, i, v, "
                  "  array_length(aggregate, 1) AS n FROM opmon.legacy_aggregates, "
                  "  unnest(aggregate) WITH ORDINALITY AS u(v, i) "
                  "  WHERE aggregate_type = 'submission_date' AND channel = 'nightly' AND version = '42' "
                  "  AND metric = 'GC_MS' AND ds_nodash BETWEEN '20150615' AND '20150617'), "
                  "s AS (SELECT ds_nodash, label, i, n, sum(v) AS v FROM e GROUP BY 1, 2, 3, 4) "
                  "SELECT ds_nodash || '|' || label || '|' || "
                  "  (SELECT count(*) FROM opmon.legacy_aggregates a WHERE a.ds_nodash = s.ds_nodash "
                  "   AND COALESCE(a.label, '') = s.label AND a.metric = 'GC_MS' AND a.channel = 'nightly' "
                  "   AND a.version = '42' AND a.aggregate_type = 'submission_date') || '|' || "
                  "  max(v) FILTER (WHERE i = n) || '|' || max(v) FILTER (WHERE i = n - 1) || '|' || "
                  "  string_agg(v::text, ',' ORDER BY i) FILTER (WHERE i < n - 1) "
                  "FROM s GROUP BY ds_nodash, label ORDER BY ds_nodash, label");
  ASSERT_EQ(expected.size(), 4u);  // 20150617 included this time
  EXPECT_EQ(Texts(*r), expected);
}

TEST_F(LegacyQueryTest, FiltersByEveryOptionalDimension) {
  SeedTwoDays();
  auto with = [this](auto edit) {
    v1::QueryLegacyAggregatesRequest request = Gc("20150615", "20150615");
    edit(request);
    absl::StatusOr<v1::QueryLegacyAggregatesResponse> r = Query(request);
    EXPECT_THAT(r, IsOk());
    return r.ok() ? Texts(*r) : std::vector<std::string>{};
  };
  using Request = v1::QueryLegacyAggregatesRequest;
  EXPECT_THAT(with([](Request& r) { r.set_os("Linux"); }), ElementsAre("20150615||1|5|7|4,0,1"));
  EXPECT_THAT(with([](Request& r) { r.set_os_version("4.1"); }), ElementsAre("20150615||1|5|7|4,0,1"));
  EXPECT_THAT(with([](Request& r) { r.set_child("true"); }), ElementsAre("20150615||1|5|7|4,0,1"));
  EXPECT_THAT(with([](Request& r) { r.set_application("Fennec"); }), ElementsAre("20150615||1|2|30|0,0,2"));
  EXPECT_THAT(with([](Request& r) { r.set_architecture("arm"); }), ElementsAre("20150615||1|2|30|0,0,2"));
  EXPECT_THAT(with([](Request& r) { r.set_label(kAwkwardLabel); }),
              ElementsAre("20150615|" + kAwkwardLabel + "|1|27|99|9,9,9"));
  // "" selects unkeyed rows, stored as NULL or "" alike; so does os "" for the NULL os.
  EXPECT_THAT(with([](Request& r) { r.set_label(""); }), ElementsAre("20150615||4|16|50|6,3,7"));
  EXPECT_THAT(with([](Request& r) { r.set_os(""); }), ElementsAre("20150615||1|3|3|1,1,1"));
  // Filters combine with AND.
  EXPECT_THAT(with([](Request& r) {
                r.set_os("Windows_NT");
                r.set_application("Firefox");
                r.set_label("");
              }),
              ElementsAre("20150615||1|6|10|1,2,3"));
  EXPECT_THAT(with([](Request& r) { r.set_os("BeOS"); }), ElementsAre());
  // The other aggregate type is its own set of days.
  EXPECT_THAT(with([](Request& r) {
                r.set_aggregate_type("build_id");
                r.set_to("20150616");
              }),
              ElementsAre("20150616||1|100|100|100,100,100"));
}

TEST_F(LegacyQueryTest, AnswersFromTheCacheUntilAnImportBumpsTheDataVersion) {
  SeedTwoDays();
  ASSERT_THAT(Query(Gc()), IsOk());
  const double misses = MetricValue(*service_, "opmon_statistics_cache_misses_total");
  const double hits = MetricValue(*service_, "opmon_statistics_cache_hits_total");
  // A write that bumps nothing is not seen: the answer comes from the cache.
  LegacyRow extra;
  extra.day = "20150616";
  extra.aggregate = "{1,1,1,1,1}";
  Import({extra}, /*bump=*/false);
  absl::StatusOr<v1::QueryLegacyAggregatesResponse> cached = Query(Gc());
  ASSERT_THAT(cached, IsOk());
  EXPECT_EQ(MetricValue(*service_, "opmon_statistics_cache_hits_total"), hits + 1);
  EXPECT_EQ(MetricValue(*service_, "opmon_statistics_cache_misses_total"), misses);
  EXPECT_EQ(cached->data_version(), 1);
  EXPECT_EQ(Texts(*cached).back(), "20150616||2|7|11|2,3,2");
  // An import of the day (the day replaced, the version bumped) is seen at once.
  LegacyRow replaced = extra;
  replaced.aggregate = "{3,0,0,30,3}";
  Import({replaced});
  absl::StatusOr<v1::QueryLegacyAggregatesResponse> fresh = Query(Gc());
  ASSERT_THAT(fresh, IsOk());
  EXPECT_EQ(fresh->data_version(), 2);
  EXPECT_EQ(Texts(*fresh).back(), "20150616||1|3|30|3,0,0");
  EXPECT_EQ(MetricValue(*service_, "opmon_statistics_cache_misses_total"), misses + 1);
}

TEST_F(LegacyQueryTest, RefusesBadRequestsNamingTheField) {
  auto code_of = [this](auto edit) {
    v1::QueryLegacyAggregatesRequest request = Gc();
    edit(request);
    return Query(request).status();
  };
  using Request = v1::QueryLegacyAggregatesRequest;
  using absl::StatusCode::kInvalidArgument;
  EXPECT_THAT(code_of([](Request& r) { r.clear_channel(); }), StatusIs(kInvalidArgument, HasSubstr("channel: required")));
  EXPECT_THAT(code_of([](Request& r) { r.clear_version(); }), StatusIs(kInvalidArgument, HasSubstr("version: required")));
  EXPECT_THAT(code_of([](Request& r) { r.clear_metric(); }), StatusIs(kInvalidArgument, HasSubstr("metric: required")));
  EXPECT_THAT(code_of([](Request& r) { r.set_aggregate_type("daily"); }),
              StatusIs(kInvalidArgument, HasSubstr("aggregate_type: \"daily\" is not build_id|submission_date")));
  EXPECT_THAT(code_of([](Request& r) { r.set_from("2015-13-01"); }),
              StatusIs(kInvalidArgument, HasSubstr("from: \"2015-13-01\"")));
  EXPECT_THAT(code_of([](Request& r) { r.set_to("20150614"); }),
              StatusIs(kInvalidArgument, HasSubstr("from: 20150615 is after to: 20150614")));
}

TEST_F(LegacyQueryTest, ReportsStoredRowsThatCannotMergeAsAFailedPrecondition) {
  LegacyRow three, two, with_null;
  three.aggregate = "{1,2,3,10,6}";
  two.aggregate = "{1,2,3,4}";
  two.os = "Linux";
  Import({three, two});
  EXPECT_THAT(Query(Gc()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("legacy aggregate of 20150615 label \"\": a row with 2 buckets among rows with 3")));
  with_null.day = "20150616";
  with_null.aggregate = "{1,NULL,3,10,6}";
  Import({with_null});
  EXPECT_THAT(Query(Gc("20150616", "20150616")).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("legacy aggregate of 20150616 label \"\": a NULL element at index 1")));
}

TEST_F(LegacyQueryTest, TheLegacyDataVersionKeyIsNeverTakenForAProject) {
  SeedTwoDays();  // bumps @legacy_aggregates in opmon.data_versions
  v1::QueryStatisticsRequest query;
  query.set_slug("@legacy_aggregates");
  v1::QueryStatisticsResponse rows;
  EXPECT_EQ(stub_->QueryStatistics(Deadline().get(), query, &rows).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::GetProjectOverviewRequest overview;
  overview.set_slug("@legacy_aggregates");
  v1::GetProjectOverviewResponse response;
  EXPECT_EQ(stub_->GetProjectOverview(Deadline().get(), overview, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

class OpmonctlLegacyTest : public LegacyQueryTest {
 protected:
  CommandResult Run(const std::vector<std::string>& args) { return RunOpmonctl(*service_, args); }
};

TEST_F(OpmonctlLegacyTest, PrintsTheMergedHistogramsAsATableAndAsJson) {
  SeedTwoDays();
  CommandResult table = Run({"legacy", "--channel", "nightly", "--version", "42", "--metric", "GC_MS", "--from",
                             "2015-06-15", "--to", "20150616", "--label", ""});
  EXPECT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, ContainsRegex("DATE +LABEL +ROWS +COUNT +SUM +HISTOGRAM"));
  EXPECT_THAT(table.output, ContainsRegex("\n20150615 +4 +16 +50 +6,3,7\n"));
  EXPECT_THAT(table.output, ContainsRegex("\n20150616 +2 +7 +11 +2,3,2\n"));
  EXPECT_THAT(table.output, HasSubstr("2 histograms, data version 1"));

  CommandResult json = Run({"--json", "legacy", "--channel", "nightly", "--version", "42", "--metric", "GC_MS",
                            "--type", "submission_date", "--os", "Linux"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  nlohmann::json out = nlohmann::json::parse(json.output);
  EXPECT_EQ(out["data_version"], 1);
  ASSERT_EQ(out["data"].size(), 1u);
  EXPECT_EQ(out["data"][0]["date"], "20150615");
  EXPECT_EQ(out["data"][0]["label"], "");
  EXPECT_EQ(out["data"][0]["count"], 5);
  EXPECT_EQ(out["data"][0]["sum"], 7);
  EXPECT_EQ(out["data"][0]["histogram"], nlohmann::json::parse("[4,0,1]"));
}

TEST_F(OpmonctlLegacyTest, ExitsOneNamingTheFieldAndTwoForBadFlags) {
  CommandResult bad_day = Run({"legacy", "--channel", "nightly", "--version", "42", "--metric", "GC_MS", "--from",
                               "yesterday"});
  EXPECT_EQ(bad_day.exit_code, 1);
  EXPECT_THAT(bad_day.output, HasSubstr("from: \"yesterday\" is not a day"));
  CommandResult no_metric = Run({"legacy", "--channel", "nightly", "--version", "42"});
  EXPECT_EQ(no_metric.exit_code, 2);
  CommandResult bad_type = Run({"legacy", "--channel", "nightly", "--version", "42", "--metric", "GC_MS", "--type",
                                "daily"});
  EXPECT_EQ(bad_type.exit_code, 2);
}

}  // namespace
}  // namespace opmon::testing
