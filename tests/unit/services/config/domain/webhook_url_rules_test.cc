// project.alert_webhook_url: an http(s) URL, checked where it is written
// (file:line:col and path), in the YAML and TOML forms alike, carried into
// the resolved project and layered like any project key.

#include <optional>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/config/domain/copied_keys.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/layering.h"
#include "services/config/domain/project_diff.h"
#include "tests/unit/services/config/domain/test_support.h"

// In the test-support namespace: its helpers are used unqualified.
namespace opmon::config::testing {
namespace {

// A project starting 2024-01-01 whose alert_webhook_url is `value`, written
// as it stands in YAML (line 3, column 22) or TOML (line 3, column 21).
std::string YamlWithUrl(const std::string& value) {
  return "project:\n  start_date: 2024-01-01\n  alert_webhook_url: " + value + "\n";
}
std::string TomlWithUrl(const std::string& value) {
  return "[project]\nstart_date = 2024-01-01\nalert_webhook_url = " + value + "\n";
}

TEST(WebhookUrlRules, CarriesAnHttpsUrlIntoTheResolvedProject) {
  const ResolveResult y = ResolveYaml(YamlWithUrl("https://hooks.example.com/opmon?t=1"));
  ASSERT_TRUE(y.ok()) << Dump(y);
  EXPECT_TRUE(y.diagnostics.empty()) << Dump(y);
  EXPECT_EQ(y.project->alert_webhook_url, "https://hooks.example.com/opmon?t=1");
  const ResolveResult t = ResolveToml(TomlWithUrl("\"http://127.0.0.1:8080/hook\""));
  ASSERT_TRUE(t.ok()) << Dump(t);
  EXPECT_EQ(t.project->alert_webhook_url, "http://127.0.0.1:8080/hook");
}

TEST(WebhookUrlRules, IsEmptyWhenUnsetSoTheServiceFlagApplies) {
  const ResolveResult y = ResolveYaml("project:\n  start_date: 2024-01-01\n");
  ASSERT_TRUE(y.ok()) << Dump(y);
  EXPECT_EQ(y.project->alert_webhook_url, "");
}

TEST(WebhookUrlRules, ReportsAnotherSchemeWithFileLineColumnAndPath) {
  const std::string message =
      "error: project.alert_webhook_url: \"ftp://hooks.example.com/opmon\" is not an http:// or https:// URL";
  const ResolveResult y = ResolveYaml(YamlWithUrl("ftp://hooks.example.com/opmon"));
  ExpectOnlyDiagnostic(y, "project.yaml:3:22: " + message);
  EXPECT_FALSE(y.ok());
  const ResolveResult t = ResolveToml(TomlWithUrl("\"ftp://hooks.example.com/opmon\""));
  ExpectOnlyDiagnostic(t, "project.toml:3:21: " + message);
  EXPECT_FALSE(t.ok());
}

TEST(WebhookUrlRules, ReportsAMalformedHostOrPortWithTheReason) {
  ExpectMessages(YamlWithUrl("'http://exa mple.com/hook'"), TomlWithUrl("\"http://exa mple.com/hook\""),
                 {"project.alert_webhook_url: \"http://exa mple.com/hook\" is not a valid URL: bad hostname"});
  ExpectMessages(YamlWithUrl("http://hooks:0/x"), TomlWithUrl("\"http://hooks:0/x\""),
                 {"project.alert_webhook_url: \"http://hooks:0/x\" is not a valid URL: port 0 is not between 1 "
                  "and 65535"});
  ExpectMessages(YamlWithUrl("hooks.example.com/x"), TomlWithUrl("\"hooks.example.com/x\""),
                 {"project.alert_webhook_url: \"hooks.example.com/x\" is not an http:// or https:// URL"});
}

TEST(WebhookUrlRules, ReportsAValueThatIsNotText) {
  ExpectMessages(YamlWithUrl("[http://a/]"), TomlWithUrl("[\"http://a/\"]"),
                 {"project.alert_webhook_url: expected an http:// or https:// URL, got a list"});
}

// The project section's alert_webhook_url in `layer`, without its location.
std::optional<std::string> WebhookUrl(const Layer& layer) {
  const auto& url = Copied<&ResolvedProject::alert_webhook_url>(*layer.project);
  if (!url) return std::nullopt;
  return url->value;
}

void SetWebhookUrl(Layer& layer, std::string url) {
  Copied<&ResolvedProject::alert_webhook_url>(*layer.project) = LocatedString{std::move(url), {}};
}

TEST(WebhookUrlRules, APlatformDefaultAppliesUnlessTheProjectSetsItsOwn) {
  Layer defaults;
  defaults.project = ProjectSpec{};
  SetWebhookUrl(defaults, "https://hooks.example.com/platform");
  Layer project;
  project.project = ProjectSpec{};
  Layer merged = defaults;
  MergeLayer(merged, project);
  EXPECT_EQ(WebhookUrl(merged), "https://hooks.example.com/platform");
  SetWebhookUrl(project, "https://hooks.example.com/mine");
  merged = defaults;
  MergeLayer(merged, project);
  EXPECT_EQ(WebhookUrl(merged), "https://hooks.example.com/mine");
}

TEST(WebhookUrlRules, DiffSaysTheUrlChangedWithoutShowingIt) {
  ResolvedProject before;
  ResolvedProject after;
  after.alert_webhook_url = "https://hooks.example.com/secret-token";
  EXPECT_THAT(DiffProjects(before, after), ::testing::ElementsAre("project.alert_webhook_url: changed"));
}

}  // namespace
}  // namespace opmon::config::testing
