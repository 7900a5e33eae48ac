// WatchProjects over gRPC: live changes after the initial metadata, replay
// after a change id, and a clean end when the service stops.
#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/config/config_rpc_fixture.h"
#include "tests/testing/example_files.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

class WatchProjectsTest : public ConfigRpcTest {
 protected:
  static void SetUpTestSuite() {
    ConfigRpcTest::SetUpTestSuite();
    ApplyExampleDefinitions(".yaml");
  }
};

// A change of `kind` to project (or platform) `slug` that left it at `version`.
::testing::Matcher<v1::ProjectChange> ChangeOf(v1::ProjectChange::Kind kind, const std::string& slug,
                                               int64_t version) {
  return ::testing::AllOf(::testing::Property("kind", &v1::ProjectChange::kind, kind),
                          ::testing::Property("slug", &v1::ProjectChange::slug, slug),
                          ::testing::Property("version", &v1::ProjectChange::version, version));
}

// Cancels the watch `reader` reads under `ctx`, reads what is left and
// returns how the stream finished.
grpc::Status CancelAndFinish(grpc::ClientContext& ctx, grpc::ClientReaderInterface<v1::ProjectChange>& reader) {
  ctx.TryCancel();
  v1::ProjectChange more;
  while (reader.Read(&more)) {
  }
  return reader.Finish();
}

TEST_F(WatchProjectsTest, StreamsAppliesAndDeletesMadeAfterTheInitialMetadata) {
  auto ctx = Context();
  auto reader = stub().WatchProjects(ctx.get(), v1::WatchProjectsRequest());
  reader->WaitForInitialMetadata();  // the subscription is in place
  auto metrics = HttpGet(service().metrics_port(), "/metrics");
  ASSERT_THAT(metrics, IsOk());
  EXPECT_THAT(*metrics, ::testing::HasSubstr("\nopmon_config_watch_streams 1\n"));

  ApplyProject(ExampleProto("projects/fission-experiment.yaml"), "watched");
  DeleteProject("watched");

  v1::ProjectChange applied;
  ASSERT_TRUE(reader->Read(&applied));
  EXPECT_THAT(applied, ChangeOf(v1::ProjectChange::KIND_APPLIED, "watched", 1));
  EXPECT_FALSE(applied.changed_at().empty());
  v1::ProjectChange removed;
  ASSERT_TRUE(reader->Read(&removed));
  EXPECT_THAT(removed, ChangeOf(v1::ProjectChange::KIND_DELETED, "watched", 2));
  EXPECT_GT(removed.change_id(), applied.change_id());
  EXPECT_EQ(std::to_string(removed.change_id()), Sql("SELECT max(change_id) FROM opmon.project_changes"));

  EXPECT_EQ(CancelAndFinish(*ctx, *reader).error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(WatchProjectsTest, ReplaysStoredChangesAfterTheGivenIdThenContinuesLive) {
  ApplyProject(ExampleProto("projects/desktop-health.yaml"), "replayed");
  ApplyProject(ExampleProto("projects/desktop-health.toml"), "replayed-too");
  const int64_t before_first =
      std::stoll(Sql("SELECT min(change_id) FROM opmon.project_changes WHERE slug = 'replayed'")) - 1;

  auto ctx = Context();
  v1::WatchProjectsRequest request;
  request.set_after_change_id(before_first);
  auto reader = stub().WatchProjects(ctx.get(), request);
  v1::ProjectChange change;
  ASSERT_TRUE(reader->Read(&change));
  EXPECT_EQ(change.slug(), "replayed");
  EXPECT_EQ(change.change_id(), before_first + 1);
  ASSERT_TRUE(reader->Read(&change));
  EXPECT_EQ(change.slug(), "replayed-too");

  ApplyProject(ExampleProto("projects/nightly-build-over-build.yaml"), "replayed-live");
  ASSERT_TRUE(reader->Read(&change));
  EXPECT_EQ(change.slug(), "replayed-live");
  EXPECT_EQ(change.kind(), v1::ProjectChange::KIND_APPLIED);
  CancelAndFinish(*ctx, *reader);
}

TEST_F(WatchProjectsTest, DefinitionChangesAreStreamedToo) {
  auto ctx = Context();
  auto reader = stub().WatchProjects(ctx.get(), v1::WatchProjectsRequest());
  reader->WaitForInitialMetadata();
  v1::ApplyDefinitionsRequest request;
  *request.mutable_file() = ExampleProto("definitions/functions.yaml");
  request.set_platform("watched-functions");
  v1::ApplyDefinitionsResponse response;
  ASSERT_TRUE(stub().ApplyDefinitions(Context().get(), request, &response).ok());
  v1::ProjectChange change;
  ASSERT_TRUE(reader->Read(&change));
  EXPECT_THAT(change, ChangeOf(v1::ProjectChange::KIND_DEFINITIONS_APPLIED, "watched-functions", 1));
  CancelAndFinish(*ctx, *reader);
}

TEST_F(WatchProjectsTest, EndsWithUnavailableWhenTheServiceStops) {
  auto own = ServiceProcess::StartServing("config", dsn());
  ASSERT_THAT(own, IsOk());
  auto own_stub = v1::ConfigService::NewStub((*own)->channel());
  auto ctx = Context();
  auto reader = own_stub->WatchProjects(ctx.get(), v1::WatchProjectsRequest());
  reader->WaitForInitialMetadata();

  auto exit_code = (*own)->Terminate();
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0) << (*own)->Log();
  v1::ProjectChange change;
  while (reader->Read(&change)) {
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << StatusText(status);
}

TEST_F(WatchProjectsTest, StreamsPastTheCapAreRefusedWithResourceExhaustedUntilOneEnds) {
  auto own = ServiceProcess::StartServing("config", dsn(), {"--max-watch-streams", "2"});
  ASSERT_THAT(own, IsOk());
  auto own_stub = v1::ConfigService::NewStub((*own)->channel());
  auto first_ctx = Context();
  auto first = own_stub->WatchProjects(first_ctx.get(), v1::WatchProjectsRequest());
  first->WaitForInitialMetadata();
  auto second_ctx = Context();
  auto second = own_stub->WatchProjects(second_ctx.get(), v1::WatchProjectsRequest());
  second->WaitForInitialMetadata();

  auto refused_ctx = Context();
  auto refused = own_stub->WatchProjects(refused_ctx.get(), v1::WatchProjectsRequest());
  v1::ProjectChange change;
  EXPECT_FALSE(refused->Read(&change));
  EXPECT_EQ(StatusText(refused->Finish()),
            "RESOURCE_EXHAUSTED: 2 watch streams are open, the most this service allows; retry later");

  // An ended stream gives its place back once the server has seen it end:
  // retry until a new watch replays a change instead of being refused.
  ApplyProject(*own_stub, ExampleProto("projects/desktop-health.yaml"), "after-the-cap");
  v1::WatchProjectsRequest replay;
  replay.set_after_change_id(
      std::stoll(Sql("SELECT max(change_id) FROM opmon.project_changes WHERE slug = 'after-the-cap'")) - 1);
  first_ctx->TryCancel();
  while (first->Read(&change)) {
  }
  EXPECT_EQ(first->Finish().error_code(), grpc::StatusCode::CANCELLED);
  bool replayed = false;
  for (const absl::Time deadline = absl::Now() + absl::Seconds(10); !replayed && absl::Now() < deadline;) {
    auto again_ctx = Context();
    auto again = own_stub->WatchProjects(again_ctx.get(), replay);
    replayed = again->Read(&change);
    if (replayed) {
      EXPECT_EQ(change.slug(), "after-the-cap");
      again_ctx->TryCancel();
    }
    while (again->Read(&change)) {
    }
    const grpc::Status status = again->Finish();
    if (!replayed) {
      ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << StatusText(status);
    }
  }
  EXPECT_TRUE(replayed);
  second_ctx->TryCancel();
  while (second->Read(&change)) {
  }
  second->Finish();
}

}  // namespace
}  // namespace opmon::testing
