// Concurrent ApplyProject calls for one slug, from several client threads
// over gRPC: every distinct content gets its own version, none is lost, and
// the versions are exactly 1..N.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/config/config_rpc_fixture.h"
#include "tests/testing/example_files.h"

namespace opmon::testing {
namespace {

class ConcurrentApplyTest : public ConfigRpcTest {
 protected:
  static void SetUpTestSuite() {
    ConfigRpcTest::SetUpTestSuite();
    ApplyExampleDefinitions(".yaml");
  }
};

TEST_F(ConcurrentApplyTest, NeverLosesAVersion) {
  constexpr int kThreads = 6;
  constexpr int kAppliesPerThread = 4;
  const std::string base = ExampleText("projects/desktop-health.yaml");
  ASSERT_THAT(base, ::testing::HasSubstr("name: Desktop health"));

  absl::Mutex mu;
  std::vector<int64_t> versions;
  std::vector<std::string> failures;
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        auto stub = v1::ConfigService::NewStub(service().channel());
        for (int i = 0; i < kAppliesPerThread; ++i) {
          v1::ApplyProjectRequest request;
          request.set_slug("concurrent");
          request.set_message(absl::StrCat("thread ", t, " apply ", i));
          request.mutable_file()->set_path("projects/concurrent.yaml");
          // A distinct project name per call, so every call changes the content.
          request.mutable_file()->set_content(absl::StrReplaceAll(
              base, {{"name: Desktop health", absl::StrCat("name: Concurrent ", t, "-", i)}}));
          v1::ApplyProjectResponse response;
          grpc::Status status = stub->ApplyProject(Context().get(), request, &response);
          absl::MutexLock lock(&mu);
          if (!status.ok() || !response.changed()) {
            failures.push_back(absl::StrCat(t, "-", i, ": ", StatusText(status), " changed=", response.changed()));
          } else {
            versions.push_back(response.version());
          }
        }
      });
    }
  }
  EXPECT_THAT(failures, ::testing::IsEmpty());
  const int total = kThreads * kAppliesPerThread;
  std::set<int64_t> distinct(versions.begin(), versions.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(total));
  ASSERT_FALSE(distinct.empty());
  EXPECT_EQ(*distinct.begin(), 1);
  EXPECT_EQ(*distinct.rbegin(), total);

  // The database agrees: N versions, N distinct contents, every name once.
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.project_versions WHERE slug = 'concurrent'"), std::to_string(total));
  EXPECT_EQ(Sql("SELECT count(DISTINCT content_hash) FROM opmon.project_versions WHERE slug = 'concurrent'"),
            std::to_string(total));
  EXPECT_EQ(Sql("SELECT count(DISTINCT resolved->>'name') FROM opmon.project_versions WHERE slug = 'concurrent'"),
            std::to_string(total));
  EXPECT_EQ(Sql("SELECT latest_version FROM opmon.projects WHERE slug = 'concurrent'"), std::to_string(total));
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.project_changes WHERE slug = 'concurrent' AND kind = 'applied'"),
            std::to_string(total));
  // Change ids follow version order: the feed sees versions in order.
  EXPECT_EQ(Sql("SELECT bool_and(ordered)::text FROM (SELECT version > coalesce(lag(version) OVER (ORDER BY "
                "change_id), 0) AS ordered FROM opmon.project_changes WHERE slug = 'concurrent') x"),
            "true");
}

}  // namespace
}  // namespace opmon::testing
