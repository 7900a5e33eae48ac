// The query cache: exact-version hits, LRU eviction by bytes, invalidation,
// and older pages never displacing newer ones.
#include "services/statistics/domain/query_cache.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

std::shared_ptr<const QueryPage> Page(std::int64_t data_version, int rows, std::int64_t project_version = 1) {
  auto page = std::make_shared<QueryPage>();
  page->data_version = data_version;
  page->project_version = project_version;
  for (int i = 0; i < rows; ++i) {
    results::StatisticsRow r;
    r.metric = "metric_" + std::to_string(i);
    r.branch = "control";
    page->rows.push_back(r);
  }
  return page;
}

class CountingObserver : public CacheObserver {
 public:
  void OnHit() override { ++hits; }
  void OnMiss() override { ++misses; }
  void OnEvictions(std::size_t n) override { evictions += n; }
  void OnSize(std::size_t b, std::size_t e) override {
    bytes = b;
    entries = e;
  }
  std::size_t hits = 0, misses = 0, evictions = 0, bytes = 0, entries = 0;
};

TEST(QueryCache, HitsOnlyAtTheExactVersions) {
  QueryCache cache(1 << 20);
  auto page = Page(3, 2);
  cache.Insert("p", "q", page);
  EXPECT_EQ(cache.Lookup("p", "q", {1, 3}), page);
  EXPECT_EQ(cache.Lookup("p", "q", {1, 4}), nullptr);  // data changed since
  EXPECT_EQ(cache.Lookup("p", "q", {2, 3}), nullptr);  // config changed since
  EXPECT_EQ(cache.Lookup("other", "q", {1, 3}), nullptr);
  EXPECT_EQ(cache.Lookup("p", "q2", {1, 3}), nullptr);
  auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 4u);
}

TEST(QueryCache, EvictsTheLeastRecentlyUsedToStayWithinTheByteBudget) {
  const std::size_t one = [] {
    QueryCache probe(1 << 20);
    probe.Insert("p", "a", Page(1, 10));
    return probe.stats().bytes;
  }();
  CountingObserver observer;
  QueryCache cache(3 * one + one / 2, &observer);  // room for three entries
  cache.Insert("p", "a", Page(1, 10));
  cache.Insert("p", "b", Page(1, 10));
  cache.Insert("p", "c", Page(1, 10));
  ASSERT_NE(cache.Lookup("p", "a", {1, 1}), nullptr);  // a is now the most recent
  cache.Insert("p", "d", Page(1, 10));                 // evicts b, the least recent
  EXPECT_NE(cache.Lookup("p", "a", {1, 1}), nullptr);
  EXPECT_EQ(cache.Lookup("p", "b", {1, 1}), nullptr);
  EXPECT_NE(cache.Lookup("p", "c", {1, 1}), nullptr);
  EXPECT_NE(cache.Lookup("p", "d", {1, 1}), nullptr);
  auto stats = cache.stats();
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_EQ(stats.entries, 3u);
  EXPECT_LE(stats.bytes, cache.max_bytes());
  EXPECT_EQ(observer.evictions, 1u);
  EXPECT_EQ(observer.entries, 3u);
  EXPECT_EQ(observer.bytes, stats.bytes);
  EXPECT_EQ(observer.hits, 4u);
  EXPECT_EQ(observer.misses, 1u);
}

TEST(QueryCache, BytesGrowWithRowsAndAPageLargerThanTheBudgetIsNotStored) {
  QueryCache cache(1 << 20);
  cache.Insert("p", "small", Page(1, 1));
  const std::size_t small = cache.stats().bytes;
  cache.Insert("p", "big", Page(1, 100));
  EXPECT_GT(cache.stats().bytes - small, 50 * small / 2);
  QueryCache tiny(small / 2);
  tiny.Insert("p", "small", Page(1, 1));
  EXPECT_EQ(tiny.stats().entries, 0u);
  EXPECT_EQ(tiny.Lookup("p", "small", {1, 1}), nullptr);
}

TEST(QueryCache, InvalidateProjectDropsOnlyThatProject) {
  QueryCache cache(1 << 20);
  cache.Insert("p", "a", Page(1, 1));
  cache.Insert("p", "b", Page(1, 1));
  cache.Insert("other", "a", Page(1, 1));
  EXPECT_EQ(cache.InvalidateProject("p"), 2u);
  EXPECT_EQ(cache.Lookup("p", "a", {1, 1}), nullptr);
  EXPECT_NE(cache.Lookup("other", "a", {1, 1}), nullptr);
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(QueryCache, ANewerVersionDropsOlderEntriesAndOlderPagesAreNotStored) {
  QueryCache cache(1 << 20);
  cache.Insert("p", "a", Page(1, 1));
  cache.Insert("p", "b", Page(2, 1));  // a publish happened: version 1 is dead
  EXPECT_EQ(cache.stats().entries, 1u);
  cache.Insert("p", "c", Page(1, 1));  // a reader that read before the publish
  EXPECT_EQ(cache.Lookup("p", "c", {1, 1}), nullptr);
  EXPECT_NE(cache.Lookup("p", "b", {1, 2}), nullptr);
}

TEST(QueryCache, ReplacingAnEntryKeepsTheByteCountExact) {
  QueryCache cache(1 << 20);
  cache.Insert("p", "a", Page(1, 5));
  const std::size_t bytes = cache.stats().bytes;
  cache.Insert("p", "a", Page(1, 5));
  EXPECT_EQ(cache.stats().bytes, bytes);
  EXPECT_EQ(cache.stats().entries, 1u);
  cache.InvalidateProject("p");
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(QueryCache, HoldsOtherValuesUnderTheSameRulesWithoutMixingTypes) {
  struct Answer {
    int value = 0;
  };
  QueryCache cache(1 << 20);
  auto answer = std::make_shared<const Answer>(Answer{7});
  cache.InsertValue<Answer>("@legacy", "q", {0, 3}, answer, sizeof(Answer));
  EXPECT_EQ(cache.LookupValue<Answer>("@legacy", "q", {0, 3}), answer);
  EXPECT_EQ(cache.LookupValue<Answer>("@legacy", "q", {0, 4}), nullptr);  // imported since
  EXPECT_EQ(cache.Lookup("@legacy", "q", {0, 3}), nullptr);               // not a page
  cache.Insert("@legacy", "q", Page(3, 1, 0));
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_EQ(cache.LookupValue<Answer>("@legacy", "q", {0, 3}), answer);
  cache.InsertValue<Answer>("@legacy", "r", {0, 4}, answer, sizeof(Answer));  // a newer version drops both
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(EncodedPageSlots, SharesASlotPerPageAndKeepsAtMostOneAnswersWorth) {
  EncodedPageSlots slots(/*rows=*/10);
  const std::shared_ptr<EncodedPageSlot> first = slots.For(0, 4);
  EXPECT_EQ(slots.For(0, 4), first);  // the same page: encoded once
  const std::shared_ptr<EncodedPageSlot> second = slots.For(4, 8);
  EXPECT_NE(second, first);
  EXPECT_EQ(slots.For(4, 8), second);
  // 8 of the 10 rows' budget is kept; a page of 3 more is encoded per call.
  const std::shared_ptr<EncodedPageSlot> over = slots.For(7, 10);
  EXPECT_NE(slots.For(7, 10), over);
  EXPECT_EQ(slots.For(8, 10), slots.For(8, 10));  // 2 rows still fit
  EXPECT_EQ(slots.For(0, 4), first);
}

}  // namespace
}  // namespace opmon::statistics
