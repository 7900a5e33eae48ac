// Request validation and proto ⇄ domain conversion of the config service:
// every bad field is InvalidArgument naming the field and the value.
#include "services/config/config_proto.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message)) << text;
  return message;
}

// The code and message of a failed parse, "OK" when it succeeded.
template <typename T>
std::string ErrorOf(const T& request) {
  auto r = ParseRequest(request);
  if (r.ok()) return "OK";
  return absl::StrCat(absl::StatusCodeToString(r.status().code()), ": ", r.status().message());
}

TEST(ConfigProto, ValidateNeedsFilesWithPaths) {
  EXPECT_EQ(ErrorOf(v1::ValidateProjectRequest()), "INVALID_ARGUMENT: files: at least one file is required");
  EXPECT_THAT(ErrorOf(Parse<v1::ValidateProjectRequest>(R"pb(files { path: "a.yaml" } files { content: "x: 1" })pb")),
              HasSubstr("INVALID_ARGUMENT: files[1].path: is empty"));
  EXPECT_THAT(ErrorOf(Parse<v1::ValidateProjectRequest>(R"pb(files { path: "a.yaml" } mode: 9)pb")),
              HasSubstr("INVALID_ARGUMENT: mode: 9 is not VALIDATION_MODE_STRICT or VALIDATION_MODE_COMPAT"));
  EXPECT_THAT(ErrorOf(Parse<v1::ValidateProjectRequest>(R"pb(files { path: "a.yaml" format: 5 })pb")),
              HasSubstr("INVALID_ARGUMENT: files[0].format: 5 is not FORMAT_YAML or FORMAT_TOML"));
}

TEST(ConfigProto, ValidateFixesTheFormatFromThePathAndReadsTheMode) {
  auto r = ParseRequest(Parse<v1::ValidateProjectRequest>(
      R"pb(files { path: "p/a.toml" content: "x = 1" } files { path: "b.yml" } mode: VALIDATION_MODE_COMPAT dry_run: true)pb"));
  ASSERT_THAT(r, IsOk());
  ASSERT_EQ(r->files.size(), 2u);
  EXPECT_EQ(r->files[0].format, SourceFormat::kToml);
  EXPECT_EQ(r->files[0].text, "x = 1");
  EXPECT_EQ(r->files[1].format, SourceFormat::kYaml);
  EXPECT_EQ(r->mode, ValidationMode::kCompat);
  EXPECT_TRUE(r->dry_run);
}

TEST(ConfigProto, ApplyTakesTheSlugFromTheFileNameUnlessGiven) {
  EXPECT_EQ(ErrorOf(v1::ApplyProjectRequest()),
            "INVALID_ARGUMENT: file: is required (path and content of the project file)");
  EXPECT_EQ(ErrorOf(Parse<v1::ApplyProjectRequest>(R"pb(file { content: "project: {}" })pb")),
            "INVALID_ARGUMENT: slug: is empty and file.path is empty, so there is no file name to take it from");
  EXPECT_EQ(ErrorOf(Parse<v1::ApplyProjectRequest>(R"pb(file { path: "a.yaml" } slug: "bad slug")pb")),
            "INVALID_ARGUMENT: slug: \"bad slug\" has the character ' '; use letters, digits, '_', '-' and '.'");
  EXPECT_EQ(ErrorOf(Parse<v1::ApplyProjectRequest>(R"pb(file { path: "dir/my project.yaml" })pb")),
            "INVALID_ARGUMENT: slug (from file.path): \"my project\" has the character ' '; use letters, digits, "
            "'_', '-' and '.'");
  auto r = ParseRequest(Parse<v1::ApplyProjectRequest>(
      R"pb(file { path: "x.yaml" content: "c" } slug: "my-slug" message: "why")pb"));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->slug, "my-slug");
  EXPECT_EQ(r->message, "why");
  EXPECT_EQ(r->file.path, "x.yaml");
}

TEST(ConfigProto, ProjectLookupsNeedAValidSlugAndANonNegativeVersion) {
  EXPECT_EQ(ErrorOf(v1::GetProjectRequest()), "INVALID_ARGUMENT: slug: \"\" must be 1 to 100 characters long");
  EXPECT_EQ(ErrorOf(Parse<v1::GetProjectRequest>(R"pb(slug: "a" version: -2)pb")),
            "INVALID_ARGUMENT: version: -2 is negative; use 0 for the latest");
  EXPECT_EQ(ErrorOf(Parse<v1::GetProjectHistoryRequest>(R"pb(slug: "a/b")pb")),
            "INVALID_ARGUMENT: slug: \"a/b\" has the character '/'; use letters, digits, '_', '-' and '.'");
  EXPECT_EQ(ErrorOf(v1::DeleteProjectRequest()), "INVALID_ARGUMENT: slug: \"\" must be 1 to 100 characters long");
  EXPECT_EQ(ErrorOf(Parse<v1::GetProjectRequest>(R"pb(slug: "fission-rollout.v2" version: 3)pb")), "OK");
}

TEST(ConfigProto, DefinitionsNeedAFileWithAPathAndAValidName) {
  EXPECT_EQ(ErrorOf(Parse<v1::ApplyDefinitionsRequest>(R"pb(platform: "x")pb")),
            "INVALID_ARGUMENT: file: is required (path and content of the definitions file)");
  EXPECT_THAT(ErrorOf(Parse<v1::ApplyDefinitionsRequest>(R"pb(file { content: "a: 1" })pb")),
              HasSubstr("INVALID_ARGUMENT: file.path: is empty"));
  EXPECT_EQ(ErrorOf(Parse<v1::ApplyDefinitionsRequest>(R"pb(platform: "fire fox" file { path: "a.yaml" })pb")),
            "INVALID_ARGUMENT: platform: \"fire fox\" has the character ' '; use letters, digits, '_', '-' and '.'");
  EXPECT_EQ(ErrorOf(v1::GetDefinitionsRequest()), "INVALID_ARGUMENT: platform: \"\" must be 1 to 100 characters long");
}

TEST(ConfigProto, ExperimentsAreCheckedFieldByField) {
  EXPECT_EQ(ErrorOf(v1::PutExperimentRequest()), "INVALID_ARGUMENT: experiment: is required");
  EXPECT_EQ(ErrorOf(Parse<v1::PutExperimentRequest>(R"pb(experiment {})pb")),
            "INVALID_ARGUMENT: experiment.slug: \"\" must be 1 to 100 characters long");
  EXPECT_THAT(ErrorOf(Parse<v1::PutExperimentRequest>(R"pb(experiment { slug: "e" start_date: "2024-02-30" })pb")),
              HasSubstr("INVALID_ARGUMENT: experiment.start_date"));
  EXPECT_EQ(ErrorOf(Parse<v1::PutExperimentRequest>(
                R"pb(experiment { slug: "e" start_date: "2024-02-10" end_date: "2024-02-01" })pb")),
            "INVALID_ARGUMENT: experiment.end_date: \"2024-02-01\" is before start_date \"2024-02-10\"");
  EXPECT_EQ(ErrorOf(Parse<v1::PutExperimentRequest>(R"pb(experiment { slug: "e" branches: ["a", "b", "a"] })pb")),
            "INVALID_ARGUMENT: experiment.branches[2]: \"a\" is listed twice");
  EXPECT_EQ(ErrorOf(Parse<v1::PutExperimentRequest>(R"pb(experiment { slug: "e" branches: ["a", ""] })pb")),
            "INVALID_ARGUMENT: experiment.branches[1]: is empty");
  EXPECT_EQ(ErrorOf(Parse<v1::PutExperimentRequest>(R"pb(experiment { slug: "e" branches: ["a", "b"] })pb")),
            "INVALID_ARGUMENT: experiment.reference_branch: \"control\" is not one of the branches [a, b]");
}

TEST(ConfigProto, ExperimentsTakeDefaultsAndConvertBack) {
  auto r = ParseRequest(Parse<v1::PutExperimentRequest>(
      R"pb(experiment { slug: "e" start_date: "2024-02-01" branches: ["control", "t"] name: "E" })pb"));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->experiment.app_name, "firefox_desktop");
  EXPECT_EQ(r->experiment.reference_branch, "control");
  EXPECT_EQ(r->experiment.start_date, absl::CivilDay(2024, 2, 1));
  EXPECT_FALSE(r->experiment.end_date.has_value());
  v1::Experiment back;
  ToProto(*r, &back);
  EXPECT_EQ(back.slug(), "e");
  EXPECT_EQ(back.platform(), "firefox_desktop");
  EXPECT_EQ(back.start_date(), "2024-02-01");
  EXPECT_EQ(back.end_date(), "");
  EXPECT_EQ(back.name(), "E");
  EXPECT_THAT(back.branches(), ElementsAre("control", "t"));
}

TEST(ConfigProto, ExperimentRatiosAreOnePositiveRatioPerBranch) {
  auto r = ParseRequest(Parse<v1::PutExperimentRequest>(
      R"pb(experiment { slug: "e" branches: ["control", "t"] ratios: [55, 45] })pb"));
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(r->ratios, ElementsAre(55, 45));
  v1::Experiment back;
  ToProto(*r, &back);
  EXPECT_THAT(back.ratios(), ElementsAre(55, 45));
  EXPECT_EQ(ErrorOf(Parse<v1::PutExperimentRequest>(
                R"pb(experiment { slug: "e" branches: ["control", "t"] ratios: [1] })pb")),
            "INVALID_ARGUMENT: experiment.ratios: has 1 ratios for 2 branches; give one per branch, or none for "
            "equal ratios");
  EXPECT_EQ(ErrorOf(Parse<v1::PutExperimentRequest>(
                R"pb(experiment { slug: "e" branches: ["control", "t"] ratios: [1, 0] })pb")),
            "INVALID_ARGUMENT: experiment.ratios[1]: 0 is not positive");
}

TEST(ConfigProto, WatchRejectsANegativeChangeId) {
  EXPECT_EQ(ErrorOf(Parse<v1::WatchProjectsRequest>(R"pb(after_change_id: -1)pb")),
            "INVALID_ARGUMENT: after_change_id: -1 is negative; use 0 for changes from now on");
  EXPECT_EQ(ErrorOf(Parse<v1::ListExperimentsRequest>(R"pb(platform: "a b")pb")),
            "INVALID_ARGUMENT: platform: \"a b\" has the character ' '; use letters, digits, '_', '-' and '.'");
}

TEST(ConfigProto, DiagnosticsCarryTheirPositionAndSuggestion) {
  Diagnostic d{Severity::kError, {"p.yaml", 3, 5, "project.metrics[0]"},
               "unknown metric \"gc_mss\"; did you mean \"gc_ms\"?"};
  v1::Diagnostic proto;
  ToProto(d, &proto);
  EXPECT_EQ(proto.severity(), v1::Diagnostic::SEVERITY_ERROR);
  EXPECT_EQ(proto.file(), "p.yaml");
  EXPECT_EQ(proto.line(), 3);
  EXPECT_EQ(proto.column(), 5);
  EXPECT_EQ(proto.path(), "project.metrics[0]");
  EXPECT_EQ(proto.suggestion(), "gc_ms");
  EXPECT_EQ(FromProto(proto), d);
  d.severity = Severity::kWarning;
  d.message = "unknown key";
  ToProto(d, &proto);
  EXPECT_EQ(proto.severity(), v1::Diagnostic::SEVERITY_WARNING);
  EXPECT_EQ(proto.suggestion(), "");
  EXPECT_EQ(FromProto(proto), d);
}

TEST(ConfigProto, StoredVersionsAndChangesConvert) {
  StoredProjectVersion v;
  v.slug = "s";
  v.version = 4;
  v.content_hash = "abc";
  v.created_at = "2026-01-01T00:00:00.000000Z";
  v.source = SourceFile{"s.toml", "x = 1", SourceFormat::kToml};
  v.resolved_json = "{}";
  v.deleted = true;
  v1::ProjectVersion p;
  ToProto(v, &p);
  EXPECT_EQ(p.slug(), "s");
  EXPECT_EQ(p.version(), 4);
  EXPECT_EQ(p.source().format(), v1::SourceFile::FORMAT_TOML);
  EXPECT_EQ(p.source().content(), "x = 1");
  EXPECT_TRUE(p.deleted());
  v1::ProjectChange c;
  ToProto(ProjectChangeRecord{7, ChangeKind::kDeleted, "s", 4, "t"}, &c);
  EXPECT_EQ(c.change_id(), 7);
  EXPECT_EQ(c.kind(), v1::ProjectChange::KIND_DELETED);
  EXPECT_EQ(c.version(), 4);
}

}  // namespace
}  // namespace opmon::config
