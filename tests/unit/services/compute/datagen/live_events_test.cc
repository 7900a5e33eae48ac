// datagen's live events: deterministic, every kind under each source's
// names, the planned shares (and the injected SRM), the defects at their
// rates, late rows out of order, rows valid as compute checks them.
#include "services/compute/datagen/live_events.h"

#include <map>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/domain/live/event_name.h"
#include "services/compute/domain/live/live_event.h"

namespace opmon::datagen {
namespace {

constexpr absl::CivilDay kDay(2024, 2, 20);

compute::live::RawLiveEvent Raw(const LiveRow& row) {
  return {.event_id = row.event_id,
          .submission_timestamp = absl::FormatTime(absl::RFC3339_full, row.submission_timestamp, absl::UTCTimeZone()),
          .client_id = row.client_id,
          .app = row.app,
          .channel = row.channel,
          .experiment = row.experiment,
          .branch = row.branch,
          .event = row.event,
          .search_count = row.search_count,
          .search_with_ads_count = row.search_with_ads_count,
          .ad_clicks_count = row.ad_clicks_count};
}

class LiveEventsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    params_ = new LiveParams{.seed = 7, .clients = 20000};
    rows_ = new std::vector<LiveRow>(GenerateLiveDay(*params_, kDay));
  }
  static LiveParams* params_;
  static std::vector<LiveRow>* rows_;
};
LiveParams* LiveEventsTest::params_ = nullptr;
std::vector<LiveRow>* LiveEventsTest::rows_ = nullptr;

TEST_F(LiveEventsTest, IsAPureFunctionOfItsParametersAndDay) {
  const std::vector<LiveRow> again = GenerateLiveDay(*params_, kDay);
  ASSERT_EQ(again.size(), rows_->size());
  for (size_t i = 0; i < again.size(); i += 997) {
    EXPECT_EQ(LiveRowJson(again[i]), LiveRowJson((*rows_)[i]));
  }
  EXPECT_NE(LiveRowJson(GenerateLiveDay(*params_, kDay + 1).front()), LiveRowJson(rows_->front()));
}

TEST_F(LiveEventsTest, EveryKindAppearsUnderEachSourcesNames) {
  std::map<LiveSource, std::set<opmon::live::EventKind>> kinds;
  std::set<std::string> normandy_names;
  for (const LiveRow& row : *rows_) {
    if (!row.event) continue;
    auto kind = compute::live::ParseEventName(*row.event);
    if (!kind) continue;  // a malformed name
    kinds[row.source].insert(*kind);
    if (row.source == LiveSource::kNormandy) normandy_names.insert(*row.event);
  }
  EXPECT_EQ(kinds[LiveSource::kNormandy].size(), 10u);
  EXPECT_EQ(kinds[LiveSource::kNimbusEvents].size(), 10u);
  EXPECT_TRUE(normandy_names.count("enrollFailed"));
  EXPECT_TRUE(normandy_names.count("expose"));
}

TEST_F(LiveEventsTest, EnrollsAtTheActualSharesWithOneKnownMismatch) {
  std::map<std::string, std::map<std::string, double>> enrolled;
  std::set<std::string> seen;
  for (const LiveRow& row : *rows_) {
    if (!row.event || (*row.event != "enroll" && *row.event != "enrollment")) continue;
    if (!seen.insert(row.event_id).second) continue;  // a duplicate
    enrolled[row.experiment][row.branch.value_or("null")] += 1;
  }
  auto share = [&](const std::string& experiment, const std::string& branch) {
    double total = 0;
    for (const auto& [b, n] : enrolled[experiment]) total += n;
    return enrolled[experiment][branch] / total;
  };
  EXPECT_NEAR(share("engagement-statistics", "control"), 0.55, 0.02);
  EXPECT_NEAR(share("new-tab-layout-v2", "control"), 0.5, 0.02);
  EXPECT_NEAR(share("fenix-onboarding", "control"), 0.5, 0.02);
  EXPECT_NEAR(share("fenix-onboarding", "short"), 0.25, 0.02);
  EXPECT_EQ(enrolled["fenix-search-default-rollout"].size(), 1u);
  EXPECT_GT(enrolled["fenix-search-default-rollout"]["null"], 0);
}

TEST_F(LiveEventsTest, CarriesDuplicatesLateRowsAndMalformedRowsAtTheirRates) {
  std::set<std::string> ids;
  int64_t duplicates = 0, malformed = 0, late = 0, out_of_order = 0;
  absl::Time newest = absl::InfinitePast();
  for (const LiveRow& row : *rows_) {
    if (!ids.insert(row.event_id).second) ++duplicates;
    if (!compute::live::ValidateLiveEvent(Raw(row)).ok()) ++malformed;
    if (row.arrival - row.submission_timestamp >= absl::Minutes(1)) ++late;
    if (row.submission_timestamp < newest) ++out_of_order;
    newest = std::max(newest, row.submission_timestamp);
    EXPECT_EQ(absl::ToCivilDay(row.submission_timestamp, absl::UTCTimeZone()), kDay);
  }
  const double n = static_cast<double>(rows_->size());
  EXPECT_GT(n, 50000);
  EXPECT_NEAR(duplicates / n, params_->duplicate_rate, 0.003);
  EXPECT_NEAR(malformed / n, params_->malformed_rate, 0.001);
  // Late rows, plus the second copies of duplicates (0-10 minutes later).
  EXPECT_NEAR(late / n, params_->late_rate + params_->duplicate_rate * 0.9, 0.005);
  EXPECT_GT(out_of_order, 0);
}

TEST_F(LiveEventsTest, WritesNullBranchesAndSearchCountsInTheNdjsonForm) {
  const LiveRow* rollout_search = nullptr;
  for (const LiveRow& row : *rows_) {
    if (!row.branch && !row.event && row.ad_clicks_count) {
      rollout_search = &row;
      break;
    }
  }
  ASSERT_NE(rollout_search, nullptr);
  const std::string json = LiveRowJson(*rollout_search);
  EXPECT_THAT(json, ::testing::HasSubstr("\"branch\":null"));
  EXPECT_THAT(json, ::testing::HasSubstr("\"search_with_ads_count\":"));
  EXPECT_THAT(json, ::testing::Not(::testing::HasSubstr("\"event\"")));
}

}  // namespace
}  // namespace opmon::datagen
