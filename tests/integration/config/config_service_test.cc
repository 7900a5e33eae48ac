// opmon-config over gRPC against a real PostgreSQL: apply, get, list,
// history, delete, definitions and experiments layering, validation.
#include <algorithm>
#include <functional>
#include <utility>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/config/config_rpc_fixture.h"
#include "tests/testing/example_files.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The value of the sample line `name{labels} value` in /metrics, -1 when absent.
double MetricValue(int port, const std::string& sample) {
  absl::StatusOr<std::string> text = HttpGet(port, "/metrics");
  if (!text.ok()) return -1;
  const size_t at = text->find("\n" + sample + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text->substr(at + sample.size() + 2));
}

// The entry of a listing whose slug is `slug`; nullptr when none is.
template <typename Entry>
const Entry* BySlug(const google::protobuf::RepeatedPtrField<Entry>& entries, const std::string& slug) {
  for (const Entry& entry : entries) {
    if (entry.slug() == slug) return &entry;
  }
  return nullptr;
}

class ConfigServiceTest : public ConfigRpcTest {
 protected:
  static void SetUpTestSuite() {
    ConfigRpcTest::SetUpTestSuite();
    ApplyExampleDefinitions(".yaml");
  }
};

TEST_F(ConfigServiceTest, AppliesGetsListsAndKeepsHistoryOfAProject) {
  const int port = service().metrics_port();
  const std::string changed = "opmon_config_project_applies_total{result=\"changed\"}";
  const std::string unchanged = "opmon_config_project_applies_total{result=\"unchanged\"}";
  const double changed_before = std::max(0.0, MetricValue(port, changed));
  const double unchanged_before = std::max(0.0, MetricValue(port, unchanged));
  v1::ApplyProjectResponse first = ApplyProject(ExampleProto("projects/fission-rollout.yaml"), "", "initial");
  EXPECT_EQ(first.slug(), "fission-rollout");
  EXPECT_EQ(first.version(), 1);
  EXPECT_TRUE(first.changed());
  EXPECT_THAT(first.diff_summary(), ElementsAre("project: created"));

  v1::GetProjectRequest get;
  get.set_slug("fission-rollout");
  v1::GetProjectResponse got;
  ASSERT_TRUE(stub().GetProject(Context().get(), get, &got).ok());
  const v1::ProjectVersion& p = got.project();
  EXPECT_EQ(p.version(), 1);
  EXPECT_EQ(p.message(), "initial");
  EXPECT_EQ(p.source().content(), ExampleText("projects/fission-rollout.yaml"));
  EXPECT_EQ(p.source().format(), v1::SourceFile::FORMAT_YAML);
  EXPECT_FALSE(p.deleted());
  const nlohmann::json resolved = nlohmann::json::parse(p.resolved_json());
  EXPECT_EQ(resolved["slug"], "fission-rollout");
  EXPECT_EQ(resolved["table_name"], "fission_rollout");
  EXPECT_EQ(resolved["is_rollout"], true);
  // The hash as PostgreSQL computes it from the returned JSON.
  EXPECT_EQ(p.content_hash(),
            Sql("SELECT encode(sha256(convert_to(resolved_json, 'UTF8')), 'hex') FROM (SELECT '" +
                absl::StrReplaceAll(p.resolved_json(), {{"'", "''"}}) + "'::text AS resolved_json) j"));

  // Same content again: no new version.
  v1::ApplyProjectResponse same = ApplyProject(ExampleProto("projects/fission-rollout.toml"));
  EXPECT_EQ(same.version(), 1);
  EXPECT_FALSE(same.changed());

  v1::SourceFile edited = ExampleProto("projects/fission-rollout.yaml");
  ASSERT_THAT(edited.content(), HasSubstr("name: "));
  edited.set_content(absl::StrReplaceAll(edited.content(), {{"name: Fission rollout", "name: Fission rollout 2"}}));
  v1::ApplyProjectResponse second = ApplyProject(edited, "", "renamed");
  EXPECT_EQ(second.version(), 2);
  EXPECT_THAT(second.diff_summary(), ElementsAre("project.name: Fission rollout -> Fission rollout 2"));

  v1::ListProjectsResponse list;
  ASSERT_TRUE(stub().ListProjects(Context().get(), v1::ListProjectsRequest(), &list).ok());
  const v1::ProjectSummary* rollout = BySlug(list.projects(), "fission-rollout");
  ASSERT_NE(rollout, nullptr) << "fission-rollout is not listed";
  EXPECT_EQ(rollout->name(), "Fission rollout 2");
  EXPECT_EQ(rollout->platform(), "firefox_desktop");
  EXPECT_EQ(rollout->version(), 2);
  EXPECT_EQ(rollout->start_date(), resolved["start_date"].get<std::string>());

  v1::GetProjectHistoryRequest history_request;
  history_request.set_slug("fission-rollout");
  v1::GetProjectHistoryResponse history;
  ASSERT_TRUE(stub().GetProjectHistory(Context().get(), history_request, &history).ok());
  ASSERT_EQ(history.versions_size(), 2);
  EXPECT_EQ(history.versions(0).version(), 2);
  EXPECT_EQ(history.versions(0).message(), "renamed");
  EXPECT_EQ(history.versions(1).message(), "initial");
  EXPECT_TRUE(history.versions(0).resolved_json().empty());
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.project_versions WHERE slug = 'fission-rollout'"), "2");

  get.set_version(1);
  ASSERT_TRUE(stub().GetProject(Context().get(), get, &got).ok());
  EXPECT_EQ(got.project().resolved_json(), p.resolved_json());

  EXPECT_EQ(MetricValue(port, changed), changed_before + 2);
  EXPECT_EQ(MetricValue(port, unchanged), unchanged_before + 1);
}

TEST_F(ConfigServiceTest, DeleteIsSoftAndTheSlugCanBeAppliedAgain) {
  ApplyProject(ExampleProto("projects/desktop-health.toml"), "to-delete");
  EXPECT_EQ(DeleteProject("to-delete", "retired").version(), 2);

  v1::GetProjectRequest get;
  get.set_slug("to-delete");
  v1::GetProjectResponse got;
  EXPECT_EQ(StatusText(stub().GetProject(Context().get(), get, &got)),
            "NOT_FOUND: slug: project \"to-delete\" was deleted (version 2); ask for an earlier version to read it");
  get.set_version(2);
  ASSERT_TRUE(stub().GetProject(Context().get(), get, &got).ok());
  EXPECT_TRUE(got.project().deleted());
  EXPECT_EQ(got.project().message(), "retired");

  v1::ListProjectsResponse live;
  ASSERT_TRUE(stub().ListProjects(Context().get(), v1::ListProjectsRequest(), &live).ok());
  for (const auto& s : live.projects()) EXPECT_NE(s.slug(), "to-delete");
  v1::ListProjectsRequest with_deleted;
  with_deleted.set_include_deleted(true);
  v1::ListProjectsResponse all;
  ASSERT_TRUE(stub().ListProjects(Context().get(), with_deleted, &all).ok());
  int found = 0;
  for (const auto& s : all.projects()) found += s.slug() == "to-delete" && s.deleted() ? 1 : 0;
  EXPECT_EQ(found, 1);

  v1::ApplyProjectResponse back = ApplyProject(ExampleProto("projects/desktop-health.toml"), "to-delete");
  EXPECT_EQ(back.version(), 3);
  EXPECT_TRUE(back.changed());
  EXPECT_EQ(Sql("SELECT deleted::text FROM opmon.projects WHERE slug = 'to-delete'"), "false");
}

TEST_F(ConfigServiceTest, ProjectsTakeExperimentMetadataFromTheRegistryAndDefinitionsFromTheirPlatform) {
  v1::PutExperimentRequest put;
  v1::Experiment* e = put.mutable_experiment();
  e->set_slug("registry-experiment");
  e->set_name("Registry experiment");
  e->set_start_date("2024-05-01");
  e->set_end_date("2024-06-15");
  e->set_reference_branch("control");
  e->add_branches("control");
  e->add_branches("treatment");
  v1::PutExperimentResponse put_response;
  ASSERT_TRUE(stub().PutExperiment(Context().get(), put, &put_response).ok());

  v1::ListExperimentsRequest list_request;
  list_request.set_platform("firefox_desktop");
  v1::ListExperimentsResponse listed;
  ASSERT_TRUE(stub().ListExperiments(Context().get(), list_request, &listed).ok());
  ASSERT_GE(listed.experiments_size(), 1);
  const v1::Experiment* experiment = BySlug(listed.experiments(), "registry-experiment");
  ASSERT_NE(experiment, nullptr) << "registry-experiment is not listed";
  EXPECT_EQ(experiment->platform(), "firefox_desktop");
  EXPECT_EQ(experiment->end_date(), "2024-06-15");
  EXPECT_THAT(experiment->branches(), ElementsAre("control", "treatment"));

  v1::SourceFile file;
  file.set_path("projects/registry-experiment.yaml");
  file.set_content("project:\n  metrics: [gc_ms]\n");
  v1::ApplyProjectResponse applied = ApplyProject(file);
  ASSERT_EQ(applied.version(), 1);
  v1::GetProjectRequest get;
  get.set_slug("registry-experiment");
  v1::GetProjectResponse got;
  ASSERT_TRUE(stub().GetProject(Context().get(), get, &got).ok());
  nlohmann::json resolved = nlohmann::json::parse(got.project().resolved_json());
  EXPECT_EQ(resolved["start_date"], "2024-05-01");
  EXPECT_EQ(resolved["end_date"], "2024-06-15");
  EXPECT_EQ(resolved["name"], "registry-experiment");
  EXPECT_EQ(resolved["population"]["branches"], nlohmann::json({"control", "treatment"}));
  // Platform defaults (active_ticks, uri_count) layer under the project's own metric.
  std::vector<std::string> metrics;
  for (const auto& m : resolved["metrics"]) metrics.push_back(m["name"]);
  EXPECT_THAT(metrics, ::testing::UnorderedElementsAre("gc_ms", "active_ticks", "uri_count"));

  // New platform definitions re-resolve the stored project at once.
  v1::ApplyDefinitionsRequest defs;
  *defs.mutable_file() = ExampleProto("definitions/firefox_desktop.yaml");
  const std::string before = defs.file().content();
  defs.mutable_file()->set_content(
      absl::StrReplaceAll(before, {{"Time spent running JS garbage collection (ms)", "JS garbage collection pauses (ms)"}}));
  ASSERT_NE(defs.file().content(), before) << "the example's gc_ms description changed; update this test";
  v1::ApplyDefinitionsResponse defs_response;
  ASSERT_TRUE(stub().ApplyDefinitions(Context().get(), defs, &defs_response).ok());
  EXPECT_EQ(defs_response.version(), 2);
  EXPECT_TRUE(defs_response.changed());
  v1::GetDefinitionsRequest get_defs;
  get_defs.set_platform("firefox_desktop");
  v1::GetDefinitionsResponse got_defs;
  ASSERT_TRUE(stub().GetDefinitions(Context().get(), get_defs, &got_defs).ok());
  EXPECT_EQ(got_defs.version(), 2);
  EXPECT_EQ(got_defs.source().content(), defs.file().content());

  const v1::ReResolvedProject* re_resolved = nullptr;
  for (const v1::ReResolvedProject& p : defs_response.re_resolved()) {
    if (p.slug() == "registry-experiment") re_resolved = &p;
  }
  ASSERT_NE(re_resolved, nullptr);
  EXPECT_EQ(re_resolved->version(), 2);
  EXPECT_THAT(re_resolved->diff_summary(), ElementsAre("metrics.gc_ms: description changed"));
  ASSERT_TRUE(stub().GetProject(Context().get(), get, &got).ok());
  EXPECT_EQ(got.project().version(), 2);
  EXPECT_EQ(got.project().message(), "re-resolved after definitions \"firefox_desktop\" v2");
  EXPECT_EQ(got.project().source().content(), file.content());

  // Applying the project again finds nothing new.
  v1::ApplyProjectResponse reapplied = ApplyProject(file);
  EXPECT_EQ(reapplied.version(), 2);
  EXPECT_FALSE(reapplied.changed());

  // Restore the example so other tests see it; the project follows.
  *defs.mutable_file() = ExampleProto("definitions/firefox_desktop.yaml");
  ASSERT_TRUE(stub().ApplyDefinitions(Context().get(), defs, &defs_response).ok());
  EXPECT_EQ(defs_response.version(), 3);
  bool restored = false;
  for (const v1::ReResolvedProject& p : defs_response.re_resolved()) {
    restored = restored || (p.slug() == "registry-experiment" && p.version() == 3);
  }
  EXPECT_TRUE(restored);
}

TEST_F(ConfigServiceTest, DefinitionsThatWouldBreakAStoredProjectAreRefused) {
  v1::SourceFile file;
  file.set_path("projects/uses-search-count.yaml");
  file.set_content("project:\n  platform: firefox_desktop\n  start_date: 2024-01-01\n  metrics: [search_count]\n");
  ASSERT_EQ(ApplyProject(file).version(), 1);
  v1::ApplyDefinitionsRequest defs;
  *defs.mutable_file() = ExampleProto("definitions/firefox_desktop.yaml");
  const std::string example = defs.file().content();
  defs.mutable_file()->set_content(absl::StrReplaceAll(example, {{"  search_count:", "  searches:"}}));
  ASSERT_NE(defs.file().content(), example) << "the example lost search_count; update this test";
  v1::GetDefinitionsRequest get_defs;
  get_defs.set_platform("firefox_desktop");
  v1::GetDefinitionsResponse before;
  ASSERT_TRUE(stub().GetDefinitions(Context().get(), get_defs, &before).ok());
  v1::ApplyDefinitionsResponse response;
  grpc::Status status = stub().ApplyDefinitions(Context().get(), defs, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr("(deploy/examples/definitions/firefox_desktop.yaml) would break "));
  EXPECT_THAT(status.error_message(),
              HasSubstr("\nproject \"uses-search-count\": projects/uses-search-count.yaml:4:13: error: "
                        "project.metrics[0]: unknown metric \"search_count\""));
  v1::GetDefinitionsResponse after;
  ASSERT_TRUE(stub().GetDefinitions(Context().get(), get_defs, &after).ok());
  EXPECT_EQ(after.version(), before.version());
  EXPECT_EQ(Sql("SELECT latest_version FROM opmon.projects WHERE slug = 'uses-search-count'"), "1");
}

TEST_F(ConfigServiceTest, ApplyWithErrorsIsInvalidArgumentListingEveryDiagnostic) {
  v1::ApplyProjectRequest request;
  request.mutable_file()->set_path("projects/broken.toml");
  request.mutable_file()->set_content(
      "[project]\nplatform = \"firefox_desktop\"\nmetrics = [\"gc_mss\", \"uri_cont\"]\nxaxs = \"build_id\"\n");
  v1::ApplyProjectResponse response;
  grpc::Status status = stub().ApplyProject(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("project \"broken\" (projects/broken.toml) has 3 errors"));
  EXPECT_THAT(status.error_message(), HasSubstr("projects/broken.toml:3:"));
  EXPECT_THAT(status.error_message(), HasSubstr("did you mean \"gc_ms\"?"));
  EXPECT_THAT(status.error_message(), HasSubstr("did you mean \"uri_count\"?"));
  EXPECT_THAT(status.error_message(), HasSubstr("projects/broken.toml:4:1: error: project.xaxs"));
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.projects WHERE slug = 'broken'"), "0");
}

TEST_F(ConfigServiceTest, ValidateReportsDiagnosticsAsDataAndStoresNothing) {
  v1::ValidateProjectRequest request;
  *request.add_files() = ExampleProto("projects/nightly-build-over-build.toml");
  v1::SourceFile* bad = request.add_files();
  bad->set_path("projects/stray-key.yaml");
  bad->set_content(
      "project:\n  platform: firefox_desktop\n  start_date: 2024-01-01\n  metrics: [gc_ms]\n  colour: blue\n");
  v1::ValidateProjectResponse response;
  ASSERT_TRUE(stub().ValidateProject(Context().get(), request, &response).ok());
  EXPECT_FALSE(response.ok());
  ASSERT_EQ(response.files_size(), 2);
  EXPECT_EQ(response.files(0).slug(), "nightly-build-over-build");
  EXPECT_TRUE(response.files(0).diagnostics().empty());
  EXPECT_FALSE(response.files(0).resolved_json().empty());
  EXPECT_EQ(response.files(1).slug(), "stray-key");
  ASSERT_EQ(response.files(1).diagnostics_size(), 1);
  const v1::Diagnostic& d = response.files(1).diagnostics(0);
  EXPECT_EQ(d.severity(), v1::Diagnostic::SEVERITY_ERROR);
  EXPECT_EQ(d.file(), "projects/stray-key.yaml");
  EXPECT_EQ(d.line(), 5);
  EXPECT_EQ(d.column(), 3);
  EXPECT_EQ(d.path(), "project.colour");
  EXPECT_TRUE(response.files(1).resolved_json().empty());

  // Compat mode: the stray key is a warning and the file resolves.
  request.set_mode(v1::VALIDATION_MODE_COMPAT);
  ASSERT_TRUE(stub().ValidateProject(Context().get(), request, &response).ok());
  EXPECT_TRUE(response.ok());
  ASSERT_EQ(response.files(1).diagnostics_size(), 1);
  EXPECT_EQ(response.files(1).diagnostics(0).severity(), v1::Diagnostic::SEVERITY_WARNING);
  EXPECT_FALSE(response.files(1).resolved_json().empty());
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.projects WHERE slug IN ('stray-key', 'nightly-build-over-build')"),
            "0");
}

TEST_F(ConfigServiceTest, DryRunWithoutAComputeServiceIsFailedPreconditionNamingTheFlag) {
  v1::ValidateProjectRequest request;
  *request.add_files() = ExampleProto("projects/desktop-health.yaml");
  request.set_dry_run(true);
  v1::ValidateProjectResponse response;
  grpc::Status status = stub().ValidateProject(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(),
            "dry_run: dry runs need the compute service; start opmon-config with --compute-addr "
            "(OPMON_COMPUTE_ADDR)");
}

// Every malformed request is rejected at the edge with the field named.
// common/server's RPC metrics, seen on the config service: a client may call
// any path, and each made-up one taken as a label would add a series.
TEST_F(ConfigServiceTest, MetricLabelsNeverTakeAMethodNameFromTheRequest) {
  grpc::GenericStub generic(service().channel());
  for (int i = 0; i < 3; ++i) {
    auto ctx = Context();
    grpc::Slice empty("");
    const grpc::ByteBuffer request(&empty, 1);
    grpc::ByteBuffer response;
    grpc::Status status;
    absl::Notification done;
    generic.UnaryCall(ctx.get(), absl::StrCat("/made.up.Service/Method", i), grpc::StubOptions(), &request,
                      &response, [&](grpc::Status s) {
                        status = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  absl::StatusOr<std::string> metrics = HttpGet(service().metrics_port(), "/metrics");
  ASSERT_THAT(metrics, IsOk());
  EXPECT_THAT(*metrics, ::testing::Not(HasSubstr("made.up")));
  EXPECT_THAT(*metrics, HasSubstr("code=\"UNIMPLEMENTED\",method=\"unknown\""));
}

TEST_F(ConfigServiceTest, FileContentThatIsNotUtf8IsInvalidArgumentNamingFileAndByte) {
  v1::SourceFile latin1 = ExampleProto("projects/fission-rollout.yaml");
  latin1.set_path("latin1.yaml");
  latin1.set_content("# caf\xe9\n" + latin1.content());
  v1::ValidateProjectRequest validate;
  *validate.add_files() = ExampleProto("projects/desktop-health.yaml");
  *validate.add_files() = latin1;
  v1::ValidateProjectResponse validated;
  EXPECT_EQ(StatusText(stub().ValidateProject(Context().get(), validate, &validated)),
            "INVALID_ARGUMENT: files[1].content of latin1.yaml: not valid UTF-8 at byte 5");
  v1::ApplyProjectRequest apply;
  *apply.mutable_file() = latin1;
  v1::ApplyProjectResponse applied;
  EXPECT_EQ(StatusText(stub().ApplyProject(Context().get(), apply, &applied)),
            "INVALID_ARGUMENT: file.content of latin1.yaml: not valid UTF-8 at byte 5");
  v1::ApplyDefinitionsRequest definitions;
  definitions.mutable_file()->set_path("definitions/bad.yaml");
  definitions.mutable_file()->set_content("metrics: {}\n\xc3");
  v1::ApplyDefinitionsResponse defined;
  EXPECT_EQ(StatusText(stub().ApplyDefinitions(Context().get(), definitions, &defined)),
            "INVALID_ARGUMENT: file.content of definitions/bad.yaml: not valid UTF-8 at byte 12");
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.projects WHERE slug = 'latin1'"), "0");
}

TEST_F(ConfigServiceTest, ASlugWhoseTableIsAnotherProjectsStatisticsTableIsRefused) {
  ApplyProject(ExampleProto("projects/fission-rollout.yaml"), "clash");
  v1::ApplyProjectRequest request;
  *request.mutable_file() = ExampleProto("projects/fission-rollout.yaml");
  request.set_slug("clash_statistics");
  v1::ApplyProjectResponse response;
  EXPECT_THAT(StatusText(stub().ApplyProject(Context().get(), request, &response)),
              HasSubstr("uses results table \"clash_statistics\", already used by project \"clash\""));
  request.set_slug(std::string(53, 's'));
  EXPECT_THAT(StatusText(stub().ApplyProject(Context().get(), request, &response)),
              HasSubstr("is 53 bytes; its results table"));
}

TEST_F(ConfigServiceTest, BadArgumentsAreInvalidArgumentOrNotFoundNamingTheField) {
  struct Case {
    std::string name;
    std::function<grpc::Status()> call;
    std::string expected;  // prefix of StatusText
  };
  auto& s = stub();
  ApplyProject(ExampleProto("projects/fission-rollout.yaml"), "bad-arguments");
  const std::vector<Case> cases = {
      {"validate without files",
       [&] { v1::ValidateProjectResponse r; return s.ValidateProject(Context().get(), {}, &r); },
       "INVALID_ARGUMENT: files: at least one file is required"},
      {"apply without a file",
       [&] { v1::ApplyProjectResponse r; return s.ApplyProject(Context().get(), {}, &r); },
       "INVALID_ARGUMENT: file: is required"},
      {"apply with a bad slug",
       [&] {
         v1::ApplyProjectRequest q;
         q.mutable_file()->set_path("x.yaml");
         q.set_slug("no/slash");
         v1::ApplyProjectResponse r;
         return s.ApplyProject(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: slug: \"no/slash\" has the character '/'"},
      {"apply a slug starting with a digit",
       [&] {
         v1::ApplyProjectRequest q;
         *q.mutable_file() = ExampleProto("projects/desktop-health.yaml");
         q.set_slug("9lives");
         v1::ApplyProjectResponse r;
         return s.ApplyProject(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: project \"9lives\""},
      {"get an unknown project",
       [&] {
         v1::GetProjectRequest q;
         q.set_slug("never-applied");
         v1::GetProjectResponse r;
         return s.GetProject(Context().get(), q, &r);
       },
       "NOT_FOUND: slug: no project \"never-applied\""},
      {"get a version that does not exist",
       [&] {
         v1::GetProjectRequest q;
         q.set_slug("bad-arguments");
         q.set_version(99);
         v1::GetProjectResponse r;
         return s.GetProject(Context().get(), q, &r);
       },
       "NOT_FOUND: version: project \"bad-arguments\" has no version 99 (latest is 1)"},
      {"negative version",
       [&] {
         v1::GetProjectRequest q;
         q.set_slug("x");
         q.set_version(-1);
         v1::GetProjectResponse r;
         return s.GetProject(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: version: -1 is negative"},
      {"history of an unknown project",
       [&] {
         v1::GetProjectHistoryRequest q;
         q.set_slug("nobody");
         v1::GetProjectHistoryResponse r;
         return s.GetProjectHistory(Context().get(), q, &r);
       },
       "NOT_FOUND: slug: no project \"nobody\""},
      {"delete an unknown project",
       [&] {
         v1::DeleteProjectRequest q;
         q.set_slug("nobody");
         v1::DeleteProjectResponse r;
         return s.DeleteProject(Context().get(), q, &r);
       },
       "NOT_FOUND: slug: no project \"nobody\""},
      {"definitions without a path",
       [&] {
         v1::ApplyDefinitionsRequest q;
         q.mutable_file()->set_content("metrics: {}");
         v1::ApplyDefinitionsResponse r;
         return s.ApplyDefinitions(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: file.path: is empty"},
      {"definitions with errors",
       [&] {
         v1::ApplyDefinitionsRequest q;
         q.mutable_file()->set_path("definitions/bad.yaml");
         q.mutable_file()->set_content("metrics:\n  m:\n    select_expresion: x\n");
         v1::ApplyDefinitionsResponse r;
         return s.ApplyDefinitions(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: definitions file definitions/bad.yaml has"},
      {"unknown definitions",
       [&] {
         v1::GetDefinitionsRequest q;
         q.set_platform("fenix");
         v1::GetDefinitionsResponse r;
         return s.GetDefinitions(Context().get(), q, &r);
       },
       "NOT_FOUND: platform: no definitions named \"fenix\""},
      {"experiment with a bad date",
       [&] {
         v1::PutExperimentRequest q;
         q.mutable_experiment()->set_slug("e");
         q.mutable_experiment()->set_start_date("2024-13-01");
         v1::PutExperimentResponse r;
         return s.PutExperiment(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: experiment.start_date"},
      {"experiment whose reference branch is not a branch",
       [&] {
         v1::PutExperimentRequest q;
         q.mutable_experiment()->set_slug("e");
         q.mutable_experiment()->add_branches("a");
         v1::PutExperimentResponse r;
         return s.PutExperiment(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: experiment.reference_branch: \"control\" is not one of the branches [a]"},
      {"list experiments of a bad platform",
       [&] {
         v1::ListExperimentsRequest q;
         q.set_platform("a b");
         v1::ListExperimentsResponse r;
         return s.ListExperiments(Context().get(), q, &r);
       },
       "INVALID_ARGUMENT: platform: \"a b\""},
      {"watch from a negative id",
       [&] {
         v1::WatchProjectsRequest q;
         q.set_after_change_id(-5);
         auto ctx = Context();
         auto reader = s.WatchProjects(ctx.get(), q);
         v1::ProjectChange change;
         while (reader->Read(&change)) {
         }
         return reader->Finish();
       },
       "INVALID_ARGUMENT: after_change_id: -5 is negative"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(StatusText(c.call()), ::testing::StartsWith(c.expected)) << c.name;
  }
}

}  // namespace
}  // namespace opmon::testing
