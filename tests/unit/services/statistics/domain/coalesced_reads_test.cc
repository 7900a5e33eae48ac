// Coalesced reads: callers share a read only when it started after they
// arrived, so no answer is older than its call.
#include "services/statistics/domain/coalesced_reads.h"

#include <atomic>
#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

TEST(CoalescedReads, SequentialCallersEachGetAFreshRead) {
  CoalescedReads<int> reads;
  int counter = 0;
  auto read = [&] { return absl::StatusOr<int>(++counter); };
  EXPECT_EQ(*reads.Read("p", read), 1);
  EXPECT_EQ(*reads.Read("p", read), 2);
  EXPECT_EQ(*reads.Read("other", read), 3);
}

TEST(CoalescedReads, CallersArrivingDuringAReadShareTheNextOneNotTheOneInFlight) {
  CoalescedReads<int> reads;
  std::atomic<int> counter{0};
  absl::Notification first_started;
  absl::Notification release_first;
  auto slow_first = [&] {
    const int n = ++counter;
    if (n == 1) {
      first_started.Notify();
      release_first.WaitForNotification();
    }
    return absl::StatusOr<int>(n);
  };
  int a = 0, b = 0, c = 0;
  std::thread leader([&] { a = *reads.Read("p", slow_first); });
  first_started.WaitForNotification();
  std::thread late1([&] { b = *reads.Read("p", slow_first); });
  std::thread late2([&] { c = *reads.Read("p", slow_first); });
  // Both late callers must be waiting before the first read ends.
  while (reads.waiting("p") < 2) std::this_thread::yield();
  release_first.Notify();
  leader.join();
  late1.join();
  late2.join();
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);  // not the read that was already in flight when they came
  EXPECT_EQ(c, 2);  // and one read served both
  EXPECT_EQ(counter.load(), 2);
}

TEST(CoalescedReads, ErrorsAreSharedLikeValues) {
  CoalescedReads<int> reads;
  auto failing = [] { return absl::StatusOr<int>(absl::UnavailableError("down")); };
  EXPECT_EQ(reads.Read("p", failing).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(*reads.Read("p", [] { return absl::StatusOr<int>(7); }), 7);
}

TEST(CoalescedReads, HoldsAKeyOnlyWhileACallerIsReadingIt) {
  CoalescedReads<int> reads;
  auto read = [] { return absl::StatusOr<int>(1); };
  // Slugs named by requests, most of which will never be asked for again.
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(*reads.Read("slug-" + std::to_string(i), read), 1);
  EXPECT_EQ(reads.keys(), 0u);

  absl::Notification started;
  absl::Notification release;
  std::thread reader([&] {
    EXPECT_EQ(*reads.Read("busy", [&] {
      started.Notify();
      release.WaitForNotification();
      return absl::StatusOr<int>(2);
    }), 2);
  });
  started.WaitForNotification();
  EXPECT_EQ(reads.keys(), 1u);
  release.Notify();
  reader.join();
  EXPECT_EQ(reads.keys(), 0u);
}

}  // namespace
}  // namespace opmon::statistics
