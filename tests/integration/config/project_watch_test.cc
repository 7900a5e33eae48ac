// common/config_client's ProjectWatch against the real opmon-config: changes
// arrive after on_watching, a killed and restarted config service is watched
// again (on_watching once per real stream, none for failed attempts), and a
// change stored while it was down is replayed after the last change seen.
#include "common/config_client/project_watch.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/grpc/client_channel.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/config/config_rpc_fixture.h"
#include "tests/testing/example_files.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

// What the callbacks saw, waited for with a deadline.
class Recorder {
 public:
  config::ProjectWatchCallbacks Callbacks() {
    return {.on_watching =
                [this] {
                  absl::MutexLock lock(&mu_);
                  ++watching_;
                },
            .on_change =
                [this](const config::ProjectChangeEvent& change) {
                  absl::MutexLock lock(&mu_);
                  changes_.push_back(change);
                }};
  }

  bool AwaitWatching(int n) {
    absl::MutexLock lock(&mu_);
    auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return watching_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(30));
  }

  bool AwaitChanges(size_t n) {
    absl::MutexLock lock(&mu_);
    auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return changes_.size() >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(30));
  }

  int watching() {
    absl::MutexLock lock(&mu_);
    return watching_;
  }

  std::vector<config::ProjectChangeEvent> changes() {
    absl::MutexLock lock(&mu_);
    return changes_;
  }

 private:
  absl::Mutex mu_;
  int watching_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<config::ProjectChangeEvent> changes_ ABSL_GUARDED_BY(mu_);
};

class ProjectWatchTest : public ConfigRpcTest {
 protected:
  static void SetUpTestSuite() {
    ConfigRpcTest::SetUpTestSuite();
    ApplyExampleDefinitions(".yaml");
  }

  static config::ProjectWatchOptions FastRetries() {
    return {.initial_backoff = absl::Milliseconds(20), .max_backoff = absl::Milliseconds(200)};
  }
};

TEST_F(ProjectWatchTest, DeliversChangesAfterOnWatchingAndReplaysChangesMadeWhileTheServiceWasDown) {
  auto own = ServiceProcess::Start("config", dsn());
  ASSERT_THAT(own, IsOk());
  const std::string address = (*own)->grpc_address();
  Recorder recorder;
  config::ProjectWatch watch(grpc_edge::MakeClientChannel(address, {.max_reconnect_backoff = absl::Milliseconds(200)}), recorder.Callbacks(),
                             FastRetries());
  watch.Start();
  ASSERT_TRUE(recorder.AwaitWatching(1)) << (*own)->Log();

  auto own_stub = v1::ConfigService::NewStub((*own)->channel());
  ApplyProject(*own_stub, ExampleProto("projects/desktop-health.yaml"), "watch-a");
  ASSERT_TRUE(recorder.AwaitChanges(1));
  const config::ProjectChangeEvent first = recorder.changes()[0];
  EXPECT_EQ(first.kind, config::ProjectChangeKind::kApplied);
  EXPECT_EQ(first.slug, "watch-a");
  EXPECT_EQ(first.version, 1);
  EXPECT_FALSE(first.changed_at.empty());
  EXPECT_EQ(std::to_string(first.change_id), Sql("SELECT max(change_id) FROM opmon.project_changes"));
  EXPECT_EQ(watch.last_change_id(), first.change_id);

  // Killed: the stream breaks. Another replica (the suite's) stores a change
  // meanwhile; the watch retries without ever counting a failed attempt as a
  // stream, and the restarted service replays the change after watch-a.
  ASSERT_THAT((*own)->Kill(), IsOk());
  ApplyProject(ExampleProto("projects/desktop-health.yaml"), "watch-b");
  auto restarted = ServiceProcess::Start("config", dsn(), {"--listen", address});
  ASSERT_THAT(restarted, IsOk());
  ASSERT_TRUE(recorder.AwaitChanges(2)) << (*restarted)->Log();
  const std::vector<config::ProjectChangeEvent> changes = recorder.changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].slug, "watch-b");
  EXPECT_GT(changes[1].change_id, first.change_id);
  EXPECT_EQ(recorder.watching(), 2);
  EXPECT_EQ(watch.streams_opened(), 2);

  watch.Stop();
  EXPECT_EQ(recorder.watching(), 2);
}

TEST_F(ProjectWatchTest, StopsWhileTheServiceIsUnreachable) {
  Recorder recorder;
  config::ProjectWatch watch(grpc_edge::MakeClientChannel("127.0.0.1:1", {.max_reconnect_backoff = absl::Milliseconds(200)}), recorder.Callbacks(),
                             FastRetries());
  watch.Start();
  watch.Stop();
  watch.Stop();  // idempotent
  EXPECT_EQ(recorder.watching(), 0);
  EXPECT_EQ(watch.streams_opened(), 0);
}

}  // namespace
}  // namespace opmon::testing
