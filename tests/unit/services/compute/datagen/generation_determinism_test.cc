// Rows are a pure function of the seed and each (client, day): equal seeds
// give equal bytes, and a client's day does not depend on how many clients
// or days the run generates.
#include <map>

#include "gtest/gtest.h"
#include "services/compute/datagen/client_profile.h"
#include "services/compute/datagen/copy_text.h"
#include "services/compute/datagen/day_generator.h"
#include "services/compute/datagen/warehouse_generation.h"
#include "tests/unit/services/compute/datagen/test_sinks.h"

namespace opmon::datagen {
namespace {

GenerationParams SmallParams(uint64_t seed) {
  return {.seed = seed, .clients = 300, .pings_per_client_mean = 4, .heavy_clients = 0, .malformed_rate = 0.01};
}

std::string AllCopyText(const GenerationParams& params, absl::CivilDay first, int days) {
  CopyTextSink sink;
  GenerateRows(params, first, days, sink);
  return sink.buffer(WarehouseTable::kMain) + sink.buffer(WarehouseTable::kCrash) +
         sink.buffer(WarehouseTable::kEvents);
}

TEST(GenerationDeterminism, EqualSeedsGiveIdenticalRows) {
  const std::string a = AllCopyText(SmallParams(42), absl::CivilDay(2024, 2, 10), 2);
  const std::string b = AllCopyText(SmallParams(42), absl::CivilDay(2024, 2, 10), 2);
  EXPECT_GT(a.size(), 100000u);
  EXPECT_TRUE(a == b);
}

TEST(GenerationDeterminism, DifferentSeedsGiveDifferentRows) {
  const std::string a = AllCopyText(SmallParams(42), absl::CivilDay(2024, 2, 10), 1);
  const std::string b = AllCopyText(SmallParams(43), absl::CivilDay(2024, 2, 10), 1);
  EXPECT_FALSE(a == b);
}

TEST(GenerationDeterminism, AClientsDayDoesNotDependOnTheRunsSizeOrRange) {
  // 300 clients over 3 days vs 100 clients over the last day only.
  RecordingSink big, small;
  GenerateRows(SmallParams(7), absl::CivilDay(2024, 2, 10), 3, big);
  GenerationParams fewer = SmallParams(7);
  fewer.clients = 100;
  GenerateRows(fewer, absl::CivilDay(2024, 2, 12), 1, small);
  std::map<std::string, int> small_clients;
  for (const auto& p : small.pings) ++small_clients[p.client_id];
  ASSERT_FALSE(small.pings.empty());
  std::vector<const OwnedMainPing*> matching;
  for (const auto& p : big.pings) {
    if (p.submission_date == "2024-02-12" && small_clients.count(p.client_id)) matching.push_back(&p);
  }
  ASSERT_EQ(matching.size(), small.pings.size());
  for (size_t i = 0; i < matching.size(); ++i) {
    EXPECT_EQ(matching[i]->micros_of_day, small.pings[i].micros_of_day);
    EXPECT_EQ(matching[i]->histograms, small.pings[i].histograms);
    EXPECT_EQ(matching[i]->experiments, small.pings[i].experiments);
  }
}

TEST(GenerationDeterminism, ClientIdsAreDistinctUuidsWithStableSampleIds) {
  GenerationParams params = SmallParams(1);
  std::map<std::string, int> seen;
  for (int64_t i = 0; i < 2000; ++i) {
    const ClientProfile p = MakeClientProfile(params, i);
    ASSERT_EQ(p.client_id.size(), 36u);
    EXPECT_EQ(p.client_id[14], '4');  // version 4
    EXPECT_GE(p.sample_id, 0);
    EXPECT_LT(p.sample_id, 100);
    EXPECT_EQ(++seen[p.client_id], 1);
    EXPECT_EQ(MakeClientProfile(params, i).sample_id, p.sample_id);
  }
}

TEST(HeavyClients, AreSpreadEvenlyAndCountedAsConfigured) {
  int64_t heavy = 0;
  for (int64_t i = 0; i < 200000; ++i) heavy += IsHeavyClient(200000, 4, i) ? 1 : 0;
  EXPECT_EQ(heavy, 4);
  EXPECT_TRUE(IsHeavyClient(200000, 4, 25000));
  EXPECT_TRUE(IsHeavyClient(200000, 4, 175000));
  EXPECT_EQ(DefaultHeavyClients(1000), 1);
  EXPECT_EQ(DefaultHeavyClients(100000), 2);
}

TEST(HeavyClients, SendMoreThanTenThousandPingsADayWhileOthersStayFarBelow) {
  const GenerationParams params{.seed = 3, .clients = 2000, .pings_per_client_mean = 5, .malformed_rate = 0};
  RecordingSink sink;
  GenerateRows(params, absl::CivilDay(2024, 2, 20), 1, sink);
  std::map<std::string, int> per_client;
  for (const auto& p : sink.pings) ++per_client[p.client_id];
  int over = 0, max_ordinary = 0;
  for (const auto& [id, n] : per_client) {
    if (n > 10000) {
      ++over;
      EXPECT_LT(n, 15000);
    } else {
      max_ordinary = std::max(max_ordinary, n);
    }
  }
  EXPECT_EQ(over, 1);
  EXPECT_LT(max_ordinary, 1000);
  EXPECT_GT(max_ordinary, 30);  // heavy tail: far above the mean of 5
}

}  // namespace
}  // namespace opmon::datagen
