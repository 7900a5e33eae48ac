// The change feed against a real PostgreSQL: LISTEN/NOTIFY wake-ups, replay
// of stored changes after a given id, order, no duplicates, reconnection.
#include "services/config/storage/change_feed.h"

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/config/storage/config_store.h"
#include "tests/testing/example_files.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using config::ChangeFeed;
using config::ChangeKind;
using config::ProjectChangeRecord;

constexpr absl::Duration kDeadline = absl::Seconds(20);

class RecordingSubscriber final : public ChangeFeed::Subscriber {
 public:
  void OnStart() override { started_.Notify(); }
  void OnChange(const ProjectChangeRecord& change) override {
    absl::MutexLock lock(&mu_);
    changes_.push_back(change);
  }
  void OnEnd(const absl::Status& status) override {
    absl::MutexLock lock(&mu_);
    end_ = status;
    ended_ = true;
  }
  bool WaitStarted() { return started_.WaitForNotificationWithTimeout(kDeadline); }
  // The first `n` changes, once there are that many (fewer at the deadline).
  std::vector<ProjectChangeRecord> WaitFor(size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return changes_.size() >= n; };
    mu_.AwaitWithTimeout(absl::Condition(&enough), kDeadline);
    return changes_;
  }
  std::vector<ProjectChangeRecord> changes() {
    absl::MutexLock lock(&mu_);
    return changes_;
  }
  absl::Status end() {
    absl::MutexLock lock(&mu_);
    return ended_ ? end_ : absl::UnknownError("not ended");
  }

 private:
  absl::Notification started_;
  absl::Mutex mu_;
  std::vector<ProjectChangeRecord> changes_ ABSL_GUARDED_BY(mu_);
  absl::Status end_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
};

class ChangeFeedTest : public PgTest {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 4});
    store_ = std::make_unique<config::ConfigStore>(*pool_);
    feed_ = std::make_unique<ChangeFeed>(config::ChangeFeedOptions{.dsn = dsn()});
    feed_->Start();
  }
  void TearDown() override { feed_->Stop(); }

  int64_t ApplyDefinitions(const std::string& file, const std::string& name) {
    auto r = store_->ApplyDefinitions(name, ExampleSource(file), config::ValidationMode::kStrict);
    EXPECT_THAT(r, IsOk());
    return r.ok() ? r->outcome.change_id : 0;
  }

  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<config::ConfigStore> store_;
  std::unique_ptr<ChangeFeed> feed_;
};

TEST_F(ChangeFeedTest, DeliversLiveChangesInOrderAfterStart) {
  auto subscriber = std::make_shared<RecordingSubscriber>();
  ASSERT_TRUE(feed_->Subscribe(0, subscriber).has_value());
  ASSERT_TRUE(subscriber->WaitStarted());
  const int64_t a = ApplyDefinitions("definitions/functions.yaml", "live-a");
  const int64_t b = ApplyDefinitions("definitions/functions.yaml", "live-b");
  std::vector<ProjectChangeRecord> got = subscriber->WaitFor(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].change_id, a);
  EXPECT_EQ(got[0].kind, ChangeKind::kDefinitionsApplied);
  EXPECT_EQ(got[0].slug, "live-a");
  EXPECT_EQ(got[0].version, 1);
  EXPECT_EQ(got[1].change_id, b);
  EXPECT_EQ(got[1].slug, "live-b");
  EXPECT_LT(a, b);
}

TEST_F(ChangeFeedTest, ReplaysStoredChangesAfterTheGivenIdThenLiveOnesWithoutDuplicates) {
  const int64_t first = ApplyDefinitions("definitions/functions.yaml", "replay-1");
  ApplyDefinitions("definitions/functions.yaml", "replay-2");
  ApplyDefinitions("definitions/functions.yaml", "replay-3");
  // Another subscriber keeps the feed's live position ahead of the replay.
  auto live = std::make_shared<RecordingSubscriber>();
  ASSERT_TRUE(feed_->Subscribe(0, live).has_value());
  ASSERT_TRUE(live->WaitStarted());

  auto replay = std::make_shared<RecordingSubscriber>();
  ASSERT_TRUE(feed_->Subscribe(first, replay).has_value());
  ASSERT_TRUE(replay->WaitStarted());
  ApplyDefinitions("definitions/functions.yaml", "replay-4");
  std::vector<ProjectChangeRecord> got = replay->WaitFor(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].slug, "replay-2");
  EXPECT_EQ(got[1].slug, "replay-3");
  EXPECT_EQ(got[2].slug, "replay-4");
  // Ids as the table has them, strictly increasing.
  pqxx::connection conn(dsn());
  pqxx::read_transaction tx(conn);
  auto rows = tx.exec_params("SELECT change_id FROM opmon.project_changes WHERE change_id > $1 "
                             "AND slug LIKE 'replay-%' ORDER BY change_id",
                             first);
  ASSERT_EQ(rows.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(got[i].change_id, rows[i][0].as<int64_t>());
  EXPECT_THAT(live->WaitFor(1), ::testing::SizeIs(1));
}

TEST_F(ChangeFeedTest, KeepsDeliveringAfterTheServerDropsItsConnection) {
  auto subscriber = std::make_shared<RecordingSubscriber>();
  ASSERT_TRUE(feed_->Subscribe(0, subscriber).has_value());
  ASSERT_TRUE(subscriber->WaitStarted());
  // Kill every LISTENing backend: the feed's connection dies.
  ASSERT_TRUE(cluster()
                  .Exec(database(),
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND query LIKE 'LISTEN%'")
                  .ok());
  const int64_t id = ApplyDefinitions("definitions/functions.yaml", "after-drop");
  std::vector<ProjectChangeRecord> got = subscriber->WaitFor(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].change_id, id);
}

TEST_F(ChangeFeedTest, StopEndsSubscriptionsWithUnavailable) {
  auto subscriber = std::make_shared<RecordingSubscriber>();
  ASSERT_TRUE(feed_->Subscribe(0, subscriber).has_value());
  feed_->Stop();
  EXPECT_THAT(subscriber->end(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_FALSE(feed_->Subscribe(0, std::make_shared<RecordingSubscriber>()).has_value());
}

}  // namespace
}  // namespace opmon::testing
