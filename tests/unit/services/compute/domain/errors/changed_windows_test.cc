#include "services/compute/domain/errors/changed_windows.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::compute::errors {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kMinute = int64_t{60} * 1000000;
// 2024-02-10T00:00:00Z and 2024-02-11T00:00:00Z in µs since the epoch.
constexpr int64_t kDay10 = int64_t{1707523200} * 1000000;
constexpr int64_t kDay11 = kDay10 + 24 * 60 * kMinute;

// Window `i` (5 minutes each) of a day.
int64_t W(int64_t day, int i) { return day + i * 5 * kMinute; }

MATCHER_P2(Range, from, to, "") { return arg.from_us == from && arg.to_us == to; }

TEST(ChangedWindowsByDay, EqualCountsChangeNothing) {
  WindowCounts counts;
  counts.warehouse = {{W(kDay10, 0), 3}, {W(kDay10, 1), 1}};
  counts.stored = counts.warehouse;
  EXPECT_THAT(ChangedWindowsByDay(counts), IsEmpty());
}

TEST(ChangedWindowsByDay, NewLateAndRemovedPingsChangeTheirWindowsJoinedIntoRanges) {
  WindowCounts counts;
  counts.warehouse = {{W(kDay10, 0), 3},   // unchanged
                      {W(kDay10, 1), 2},   // a late ping: 2 against 1 stored
                      {W(kDay10, 2), 5},   // new
                      {W(kDay10, 7), 1}};  // new, not next to the others
  counts.stored = {{W(kDay10, 0), 3}, {W(kDay10, 1), 1},
                   {W(kDay10, 3), 4}};  // gone from the warehouse: re-aggregated to nothing
  EXPECT_THAT(ChangedWindowsByDay(counts),
              ElementsAre(ElementsAre(Range(W(kDay10, 1), W(kDay10, 4)), Range(W(kDay10, 7), W(kDay10, 8)))));
}

TEST(ChangedWindowsByDay, OneEntryPerUtcDayInTimeOrderAndAWindowEndsAtMidnight) {
  WindowCounts counts;
  counts.warehouse = {{W(kDay11, 0), 1}, {W(kDay10, 287), 1}};  // 23:55 and 00:00 the next day
  EXPECT_THAT(ChangedWindowsByDay(counts), ElementsAre(ElementsAre(Range(W(kDay10, 287), kDay11)),
                                                       ElementsAre(Range(kDay11, W(kDay11, 1)))));
}

TEST(ChangedWindowsByDay, FinalDaysAreLeftAlone) {
  WindowCounts counts;
  counts.warehouse = {{W(kDay10, 5), 9}, {W(kDay11, 5), 9}};
  counts.stored = {{W(kDay10, 6), 1}};
  counts.final_days = {"2024-02-10"};
  EXPECT_THAT(ChangedWindowsByDay(counts), ElementsAre(ElementsAre(Range(W(kDay11, 5), W(kDay11, 6)))));
}

}  // namespace
}  // namespace opmon::compute::errors
