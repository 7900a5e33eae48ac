// opmonctl's config commands run as a person or CI job would, against the
// real opmon-config: exit codes, compiler-style diagnostics, tables, JSON,
// and the sample files under deploy/examples in YAML and TOML.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/config/config_rpc_fixture.h"
#include "tests/testing/config_yaml.h"
#include "tests/testing/example_files.h"
#include "tests/testing/opmonctl.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class OpmonctlConfigTest : public ConfigRpcTest {
 protected:
  static void SetUpTestSuite() {
    ConfigRpcTest::SetUpTestSuite();
    auto scratch = ScratchDir::Create("opmonctl-config");
    ASSERT_THAT(scratch, IsOk());
    scratch_ = scratch->release();
  }
  static void TearDownTestSuite() {
    delete scratch_;
    scratch_ = nullptr;
    ConfigRpcTest::TearDownTestSuite();
  }

  static CommandResult Ctl(const std::vector<std::string>& args) {
    return RunOpmonctl({"--config-addr", service().grpc_address(), "--timeout", "20"}, args);
  }

  static std::string Example(const std::string& relative) { return SourcePath("deploy/examples/" + relative); }

  // `args` followed by the path of every sample project's `extension` file.
  static std::vector<std::string> WithExampleProjects(std::vector<std::string> args, const std::string& extension) {
    for (const std::string& slug : ExampleProjectSlugs()) args.push_back(Example("projects/" + slug + extension));
    return args;
  }

  static std::string WriteTemp(const std::string& name, const std::string& text) { return scratch_->Write(name, text); }

  // The definitions every project needs, applied through opmonctl once.
  static void EnsureDefinitions() {
    if (definitions_applied_) return;
    for (const std::string& file : ExampleDefinitionFiles(".yaml")) {
      CommandResult r = Ctl({"definitions", "apply", Example(file)});
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    definitions_applied_ = true;
  }

  static ScratchDir* scratch_;
  static bool definitions_applied_;
};

ScratchDir* OpmonctlConfigTest::scratch_ = nullptr;
bool OpmonctlConfigTest::definitions_applied_ = false;

TEST_F(OpmonctlConfigTest, DefinitionsApplyStoresUnderTheDefaultNameAndGetPrintsTheFile) {
  EnsureDefinitions();
  CommandResult again = Ctl({"definitions", "apply", Example("definitions/firefox_desktop_defaults.toml"),
                             "--platform", "firefox_desktop_defaults"});
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("firefox_desktop_defaults.toml: version 2\n"));
  CommandResult get = Ctl({"definitions", "get", "firefox_desktop_defaults"});
  EXPECT_EQ(get.exit_code, 0) << get.output;
  EXPECT_EQ(get.output, ExampleText("definitions/firefox_desktop_defaults.toml"));
  CommandResult json = Ctl({"--json", "definitions", "get", "rollout_defaults"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  auto parsed = nlohmann::json::parse(json.output);
  EXPECT_EQ(parsed["platform"], "rollout_defaults");
  EXPECT_EQ(parsed["source"]["content"], ExampleText("definitions/rollout.yaml"));
  CommandResult missing = Ctl({"definitions", "get", "fenix"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("opmonctl: definitions get: NOT_FOUND: platform: no definitions named \"fenix\""));
}

TEST_F(OpmonctlConfigTest, DefinitionsApplyPrintsTheProjectsItReResolved) {
  const std::string definitions = SumMetricDefinitionsYaml("ctl_platform", {"taps"});
  const std::string defs_path = WriteTemp("ctl_platform.yaml", definitions);
  ASSERT_EQ(Ctl({"definitions", "apply", defs_path}).exit_code, 0);
  const std::string project = WriteTemp("ctl-taps.yaml", OneMetricProjectYaml("ctl_platform", "taps"));
  ASSERT_EQ(Ctl({"apply", project}).exit_code, 0);
  std::ofstream(defs_path) << absl::StrReplaceAll(definitions, {{"SUM(taps)", "MAX(taps)"}});
  CommandResult r = Ctl({"definitions", "apply", defs_path});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, defs_path + ": version 2\n  re-resolved project ctl-taps: version 2\n"
                                  "    metrics.taps: select_expression changed\n");
  CommandResult again = Ctl({"definitions", "apply", defs_path});
  EXPECT_EQ(again.output, defs_path + ": version 2 (unchanged)\n");

  std::ofstream(defs_path) << absl::StrReplaceAll(definitions, {{"  taps:", "  touches:"}});
  CommandResult breaking = Ctl({"definitions", "apply", defs_path});
  EXPECT_EQ(breaking.exit_code, 1) << breaking.output;
  EXPECT_EQ(breaking.output,
            "opmonctl: definitions apply " + defs_path + ": FAILED_PRECONDITION: definitions \"ctl_platform\" "
            "version 3 (" + defs_path + ") would break 1 stored project (nothing was stored); fix the project or "
            "keep what it uses in the definitions:\nproject \"ctl-taps\": " + project + ":3:13: error: "
            "project.metrics[0]: unknown metric \"taps\"; define it under metrics or in the platform definitions\n");
}

TEST_F(OpmonctlConfigTest, ValidateAcceptsEveryExampleInYamlAndToml) {
  EnsureDefinitions();
  CommandResult r = Ctl(WithExampleProjects(WithExampleProjects({"validate"}, ".yaml"), ".toml"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "10 files: 0 errors, 0 warnings\n");
}

TEST_F(OpmonctlConfigTest, ValidatePrintsCompilerStyleErrorsAndExitsOne) {
  EnsureDefinitions();
  const std::string yaml = WriteTemp("typo.yaml",
                                     "project:\n"
                                     "  platform: firefox_desktop\n"
                                     "  start_date: 2024-01-01\n"
                                     "  metrics: [gc_mss]\n");
  const std::string toml = WriteTemp("typo.toml",
                                     "[project]\n"
                                     "platform = \"firefox_desktop\"\n"
                                     "start_date = \"2024-01-01\"\n"
                                     "metrics = [\"gc_mss\"]\n");
  CommandResult r = Ctl({"validate", yaml, toml});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr(yaml + ":4:13: error: project.metrics[0]: unknown metric \"gc_mss\"; did you mean "
                                         "\"gc_ms\"?\n"));
  EXPECT_THAT(r.output, ContainsRegex(toml + ":4:[0-9]+: error: project\\.metrics\\[0\\]: unknown metric "
                                             "\"gc_mss\"; did you mean \"gc_ms\"\\?"));
  EXPECT_THAT(r.output, HasSubstr("2 files: 2 errors, 0 warnings"));

  CommandResult json = Ctl({"--json", "validate", yaml});
  EXPECT_EQ(json.exit_code, 1);
  auto parsed = nlohmann::json::parse(json.output);
  EXPECT_EQ(parsed["ok"], false);
  EXPECT_EQ(parsed["files"][0]["diagnostics"][0]["line"], 4);
  EXPECT_EQ(parsed["files"][0]["diagnostics"][0]["suggestion"], "gc_ms");
}

TEST_F(OpmonctlConfigTest, CompatModeTurnsUnknownKeysIntoWarnings) {
  EnsureDefinitions();
  const std::string path = WriteTemp("stray.toml",
                                     "[project]\n"
                                     "platform = \"firefox_desktop\"\n"
                                     "start_date = \"2024-01-01\"\n"
                                     "metrics = [\"gc_ms\"]\n"
                                     "owner = \"someone\"\n");
  CommandResult strict = Ctl({"validate", path});
  EXPECT_EQ(strict.exit_code, 1) << strict.output;
  EXPECT_THAT(strict.output, HasSubstr(path + ":5:1: error: project.owner"));
  CommandResult compat = Ctl({"validate", "--compat", path});
  EXPECT_EQ(compat.exit_code, 0) << compat.output;
  EXPECT_THAT(compat.output, HasSubstr(path + ":5:1: warning: project.owner"));
  EXPECT_THAT(compat.output, HasSubstr("1 file: 0 errors, 1 warning"));
}

TEST_F(OpmonctlConfigTest, ApplyStoresEveryExampleOnceWhateverItsFormat) {
  EnsureDefinitions();
  CommandResult first = Ctl(WithExampleProjects({"apply", "--message", "examples"}, ".yaml"));
  EXPECT_EQ(first.exit_code, 0) << first.output;
  CommandResult second = Ctl(WithExampleProjects({"apply"}, ".toml"));
  EXPECT_EQ(second.exit_code, 0) << second.output;
  for (const std::string& slug : ExampleProjectSlugs()) {
    EXPECT_THAT(first.output, HasSubstr(slug + ": version 1\n  project: created\n"));
    EXPECT_THAT(second.output, HasSubstr(slug + ": version 1 (unchanged)\n"));
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.project_versions WHERE message = 'examples'"), "5");
}

TEST_F(OpmonctlConfigTest, ApplyFailureExitsOneWithTheDiagnostics) {
  EnsureDefinitions();
  const std::string path = WriteTemp("broken-apply.yaml", "project:\n  platform: firefox_desktop\n  xaxis: weekly\n");
  CommandResult r = Ctl({"apply", path});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("opmonctl: apply " + path + ": INVALID_ARGUMENT: project \"broken-apply\""));
  EXPECT_THAT(r.output, HasSubstr(path + ":3:10: error: project.xaxis"));
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.projects WHERE slug = 'broken-apply'"), "0");
}

TEST_F(OpmonctlConfigTest, ProjectsListShowHistoryAndDelete) {
  EnsureDefinitions();
  const std::string original = ExampleText("projects/nightly-build-over-build.yaml");
  const std::string path = WriteTemp("ctl-nightly.yaml", original);
  ASSERT_EQ(Ctl({"apply", path, "-m", "first"}).exit_code, 0);
  std::ofstream(path) << absl::StrReplaceAll(original, {{"method: jackknife", "method: binomial"}});
  CommandResult second = Ctl({"apply", path, "-m", "binomial"});
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("ctl-nightly: version 2\n  metrics."));
  EXPECT_THAT(second.output, HasSubstr(": statistics changed\n"));

  CommandResult ls = Ctl({"projects", "ls"});
  EXPECT_EQ(ls.exit_code, 0) << ls.output;
  EXPECT_THAT(ls.output, ContainsRegex("SLUG +NAME +PLATFORM +VERSION"));
  EXPECT_THAT(ls.output, ContainsRegex("\nctl-nightly +.* +firefox_desktop +2 +"));

  CommandResult get = Ctl({"projects", "get", "ctl-nightly", "--version", "1"});
  EXPECT_EQ(get.exit_code, 0);
  EXPECT_EQ(get.output, original);
  CommandResult resolved = Ctl({"projects", "get", "ctl-nightly", "--resolved"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.output;
  auto project = nlohmann::json::parse(resolved.output);
  EXPECT_EQ(project["slug"], "ctl-nightly");
  EXPECT_EQ(project["xaxis"], "build_id");

  CommandResult history = Ctl({"projects", "history", "ctl-nightly"});
  EXPECT_EQ(history.exit_code, 0);
  EXPECT_THAT(history.output, ContainsRegex("\n2 +[0-9T:.Z-]+ +[0-9a-f]{12} +applied +binomial\n1 +.* +first\n"));

  CommandResult del = Ctl({"projects", "delete", "ctl-nightly", "-m", "done"});
  EXPECT_EQ(del.exit_code, 0) << del.output;
  EXPECT_EQ(del.output, "ctl-nightly: deleted (version 3; history kept)\n");
  CommandResult gone = Ctl({"projects", "get", "ctl-nightly"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_THAT(gone.output, HasSubstr("NOT_FOUND: slug: project \"ctl-nightly\" was deleted (version 3)"));
  EXPECT_THAT(Ctl({"projects", "ls"}).output, Not(HasSubstr("ctl-nightly")));
  CommandResult all = Ctl({"--json", "projects", "ls", "--all"});
  ASSERT_EQ(all.exit_code, 0);
  bool deleted = false;
  for (const auto& p : nlohmann::json::parse(all.output)) deleted = deleted || (p["slug"] == "ctl-nightly" && p["deleted"] == true);
  EXPECT_TRUE(deleted);
}

TEST_F(OpmonctlConfigTest, ExperimentsPutFromFlagsAndFilesAndList) {
  CommandResult flags = Ctl({"experiments", "put", "--slug", "ctl-exp", "--start-date", "2024-03-01", "--branch",
                             "control", "--branch", "treatment", "--name", "Ctl experiment"});
  EXPECT_EQ(flags.exit_code, 0) << flags.output;
  EXPECT_EQ(flags.output, "ctl-exp: stored\n");
  const std::string file = WriteTemp("experiments.yaml",
                                     "experiments:\n"
                                     "  - slug: ctl-rollout\n"
                                     "    platform: firefox_desktop\n"
                                     "    start_date: 2024-04-01\n"
                                     "    is_rollout: true\n"
                                     "  - slug: ctl-other\n"
                                     "    platform: fenix\n");
  CommandResult from_file = Ctl({"experiments", "put", "--file", file});
  EXPECT_EQ(from_file.exit_code, 0) << from_file.output;
  EXPECT_EQ(from_file.output, "ctl-rollout: stored\nctl-other: stored\n");

  CommandResult ls = Ctl({"experiments", "ls", "--platform", "firefox_desktop"});
  EXPECT_EQ(ls.exit_code, 0) << ls.output;
  EXPECT_THAT(ls.output, ContainsRegex("\nctl-exp +firefox_desktop +2024-03-01 +control +no +control,treatment +Ctl experiment\n"));
  EXPECT_THAT(ls.output, ContainsRegex("\nctl-rollout +firefox_desktop +2024-04-01 +control +yes"));
  EXPECT_THAT(ls.output, Not(HasSubstr("ctl-other")));
  EXPECT_EQ(Sql("SELECT platform FROM opmon.experiments WHERE slug = 'ctl-other'"), "fenix");

  CommandResult bad_date = Ctl({"experiments", "put", "--slug", "x", "--start-date", "2024-02-30"});
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_THAT(bad_date.output, HasSubstr("INVALID_ARGUMENT: experiment.start_date"));
  const std::string bad_file = WriteTemp("bad-experiments.yaml", "slug: y\ncolour: red\n");
  CommandResult bad_key = Ctl({"experiments", "put", "--file", bad_file});
  EXPECT_EQ(bad_key.exit_code, 1);
  EXPECT_THAT(bad_key.output, HasSubstr(bad_file + ":2:1: error: colour: unknown key"));
  CommandResult neither = Ctl({"experiments", "put"});
  EXPECT_EQ(neither.exit_code, 2);
}

TEST_F(OpmonctlConfigTest, ExperimentsPutTakesPlannedRatiosFromFlagsAndFiles) {
  CommandResult flags = Ctl({"experiments", "put", "--slug", "ratio-exp", "--branch", "control", "--branch",
                             "treatment", "--ratio", "55", "--ratio", "45"});
  EXPECT_EQ(flags.exit_code, 0) << flags.output;
  const std::string file = WriteTemp("ratio-experiments.yaml",
                                     "slug: ratio-file\n"
                                     "branches: [control, a, b]\n"
                                     "ratios: [2, 1, 1]\n");
  CommandResult from_file = Ctl({"experiments", "put", "--file", file});
  EXPECT_EQ(from_file.exit_code, 0) << from_file.output;
  CommandResult ls = Ctl({"experiments", "ls"});
  EXPECT_THAT(ls.output, ContainsRegex("\nratio-exp +firefox_desktop +control +no +control,treatment +55:45 *\n"));
  EXPECT_THAT(ls.output, ContainsRegex("\nratio-file +firefox_desktop +control +no +control,a,b +2:1:1 *\n"));
  CommandResult mismatch = Ctl({"experiments", "put", "--slug", "x", "--branch", "control", "--ratio", "1",
                                "--ratio", "2"});
  EXPECT_EQ(mismatch.exit_code, 1);
  EXPECT_THAT(mismatch.output, HasSubstr("experiment.ratios: has 2 ratios for 1 branches"));
}

TEST_F(OpmonctlConfigTest, ConfigReferencePrintsTheCheckedInKeyReference) {
  const std::string expected = ReadSourceFile("docs/config-reference.md");
  auto r = RunCommand({BuiltBinary("clients/opmonctl/opmonctl"), "config", "reference"});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->output, expected);
}

TEST_F(OpmonctlConfigTest, ConfigConvertWritesStrictYamlAndTheServiceAcceptsIt) {
  EnsureDefinitions();
  const std::string toml = WriteTemp("hub-project.toml",
                                     "[project]\n"
                                     "platform = \"firefox_desktop\"\n"
                                     "start_date = 2024-01-01\n"
                                     "metrics = [\"gc_ms\"]\n"
                                     "owner = \"someone\"\n");
  const std::string yaml = toml.substr(0, toml.rfind('.')) + ".yaml";
  CommandResult converted = Ctl({"config", "convert", toml, "--out", yaml});
  EXPECT_EQ(converted.exit_code, 0) << converted.output;
  EXPECT_THAT(converted.output, HasSubstr(toml + ":5:1: warning: project.owner: unknown key"));
  EXPECT_EQ(ReadFile(yaml), "project:\n  metrics:\n    - \"gc_ms\"\n  platform: \"firefox_desktop\"\n"
                        "  start_date: \"2024-01-01\"\n");
  CommandResult strict = Ctl({"validate", yaml});
  EXPECT_EQ(strict.exit_code, 0) << strict.output;
  EXPECT_THAT(strict.output, HasSubstr("1 file: 0 errors, 0 warnings"));

  // Errors: nothing written, exit 1 with the diagnostics; a missing file is a usage error.
  const std::string bad = WriteTemp("bad.toml", "[project]\nxaxis = \"weekly\"\n");
  CommandResult refused = Ctl({"config", "convert", bad});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr(bad + ":2:9: error: project.xaxis"));
  CommandResult missing = Ctl({"config", "convert", WriteTemp("x", "") + ".missing"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.output, HasSubstr("File does not exist"));
}

TEST_F(OpmonctlConfigTest, ValidateAndApplyNameTheFileAndByteThatAreNotUtf8BeforeAnyRpc) {
  const std::string good = WriteTemp("good.yaml", "project: {start_date: 2024-01-01}\n");
  const std::string latin1 = WriteTemp("latin1.yaml", "# caf\xe9\nproject: {start_date: 2024-01-01}\n");
  for (const char* command : {"validate", "apply"}) {
    // No service listens there: the file is refused before a call is tried.
    auto r = RunCommand({BuiltBinary("clients/opmonctl/opmonctl"), "--config-addr", "127.0.0.1:1", "--timeout", "2",
                         command, good, latin1});
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->exit_code, 1) << command;
    EXPECT_EQ(r->output, "opmonctl: " + latin1 + ": not valid UTF-8 at byte 5\n") << command;
  }
}

TEST_F(OpmonctlConfigTest, AnUnreachableServiceIsExitCodeOneNamingTheCode) {
  auto r = RunCommand({BuiltBinary("clients/opmonctl/opmonctl"), "--config-addr", "127.0.0.1:1", "--timeout", "2",
                       "projects", "ls"});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_THAT(r->output, HasSubstr("opmonctl: projects ls: UNAVAILABLE"));
}

}  // namespace
}  // namespace opmon::testing
