// common/config_client against the real opmon-config: resolved projects
// equal the service's canonical JSON, versions are cached, errors keep
// their codes.
#include "common/config_client/config_client.h"

#include <memory>
#include <string>

#include "common/config/canonical_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/config/config_rpc_fixture.h"
#include "tests/testing/example_files.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

class ConfigClientTest : public ConfigRpcTest {
 protected:
  static void SetUpTestSuite() {
    ConfigRpcTest::SetUpTestSuite();
    ApplyExampleDefinitions(".toml");
  }

  static std::string StoredJson(const std::string& slug, int64_t version) {
    v1::GetProjectRequest request;
    request.set_slug(slug);
    request.set_version(version);
    v1::GetProjectResponse response;
    EXPECT_TRUE(stub().GetProject(Context().get(), request, &response).ok());
    return response.project().resolved_json();
  }
};

TEST_F(ConfigClientTest, ReturnsTheLatestResolvedProjectAndCachesEachVersion) {
  config::ConfigClient client(service().channel());
  ASSERT_EQ(ApplyProject(ExampleProto("projects/engagement-statistics.toml"), "client-project").version(), 1);

  auto latest = client.GetVersionedProject("client-project");
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ((*latest)->version, 1);
  EXPECT_EQ((*latest)->project.slug, "client-project");
  EXPECT_EQ(config::ToCanonicalJson((*latest)->project), StoredJson("client-project", 1));
  EXPECT_EQ(client.cache_hits(), 0);

  v1::SourceFile edited = ExampleProto("projects/engagement-statistics.toml");
  edited.set_content(edited.content() + "\n[metrics.uri_count]\nfriendly_name = \"URIs\"\n");
  ASSERT_EQ(ApplyProject(edited, "client-project").version(), 2);
  auto newer = client.GetResolvedProject("client-project");
  ASSERT_THAT(newer, IsOk());
  EXPECT_EQ(config::ToCanonicalJson(*newer), StoredJson("client-project", 2));

  // Version 1 again: from the cache, no call.
  auto old = client.GetResolvedProject("client-project", 1);
  ASSERT_THAT(old, IsOk());
  EXPECT_EQ(config::ToCanonicalJson(*old), StoredJson("client-project", 1));
  EXPECT_EQ(client.cache_hits(), 1);

  auto listed = client.ListProjects();
  ASSERT_THAT(listed, IsOk());
  bool found = false;
  for (const auto& p : *listed) found = found || (p.slug == "client-project" && p.version == 2);
  EXPECT_TRUE(found);
}

TEST_F(ConfigClientTest, KeepsTheServicesErrorCodes) {
  config::ConfigClient client(service().channel());
  auto missing = client.GetResolvedProject("no-such-project");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(missing.status().message(), HasSubstr("no project \"no-such-project\""));
  auto bad = client.GetResolvedProject("bad slug");
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  auto past = client.GetResolvedProject("x", 1, absl::Now() - absl::Seconds(1));
  EXPECT_THAT(past, StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(ConfigClientTest, ServesCachedVersionsWhileTheServiceIsDown) {
  auto own = ServiceProcess::StartServing("config", dsn());
  ASSERT_THAT(own, IsOk());
  ASSERT_EQ(ApplyProject(ExampleProto("projects/desktop-health.toml"), "client-offline").version(), 1);
  config::ConfigClient client((*own)->channel(), {.timeout = absl::Seconds(2), .cache_capacity = 8});
  ASSERT_TRUE(client.GetResolvedProject("client-offline").ok());
  ASSERT_THAT((*own)->Terminate(), IsOk());

  auto cached = client.GetResolvedProject("client-offline", 1);
  ASSERT_THAT(cached, IsOk());
  EXPECT_EQ(cached->name, "Desktop health");
  auto latest = client.GetResolvedProject("client-offline");
  EXPECT_THAT(latest, StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace opmon::testing
