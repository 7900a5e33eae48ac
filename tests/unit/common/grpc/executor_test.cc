#include "common/grpc/executor.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace opmon::grpc_edge {
namespace {

TEST(Executor, RunsEveryPostedTaskBeforeItIsDestroyed) {
  std::atomic<int> done{0};
  {
    Executor executor(3, 1000);
    for (int i = 0; i < 500; ++i) ASSERT_TRUE(executor.TryPost([&] { done++; }));
  }
  EXPECT_EQ(done.load(), 500);
}

TEST(Executor, RejectsWorkWhenTheQueueIsFull) {
  absl::Notification release;
  absl::Notification started;
  Executor executor(1, 2);
  ASSERT_TRUE(executor.TryPost([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();  // the only thread is now busy
  EXPECT_TRUE(executor.TryPost([] {}));
  EXPECT_TRUE(executor.TryPost([] {}));
  EXPECT_FALSE(executor.TryPost([] {}));  // queue of 2 is full
  release.Notify();
}

}  // namespace
}  // namespace opmon::grpc_edge
