// ValidateProject with dry_run through the real services: opmon-config
// (--compute-addr) sends each file to opmon-compute's DryRun, which resolves
// it by calling back into the same opmon-config and EXPLAINs its SQL against
// opmon-datagen's warehouse. The config service runs with one handler thread:
// a dry run that held it while compute called back would never finish.
// Also `opmonctl validate --dry-run` as a person runs it.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "opmon/v1/config.grpc.pb.h"
#include "tests/integration/config/config_rpc_fixture.h"
#include "tests/testing/example_files.h"
#include "tests/testing/free_port.h"
#include "tests/testing/opmonctl.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/rpc_deadline.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// A context with a 60 s deadline: a dry run waits for compute's EXPLAINs.
std::unique_ptr<grpc::ClientContext> Context() { return Deadline(60); }

v1::SourceFile File(const std::string& path, const std::string& content) {
  v1::SourceFile f;
  f.set_path(path);
  f.set_content(content);
  return f;
}

// A firefox_desktop project from 2024-02-20 on main's entire population with
// uri_count and `metrics` only; `sections` (its metrics: and data_sources:)
// follow the project section's six lines, from line 7.
std::string ProjectWith(const std::string& metrics, const std::string& sections) {
  return absl::StrCat(R"(project:
  platform: firefox_desktop
  start_date: 2024-02-20
  skip_default_metrics: true
  metrics: [uri_count, )",
                      metrics, R"(]
  population: {data_source: main, monitor_entire_population: true}
)",
                      sections);
}

// A metric whose expression names a column telemetry.main does not have.
const std::string kBadMetric = ProjectWith("bad_metric", R"(metrics:
  bad_metric:
    select_expression: SUM(no_such_column)
    data_source: main
    statistics: {sum: {}}
)");

// A data source reading a table the warehouse does not have.
const std::string kBadSource = ProjectWith("broken_count", R"(metrics:
  broken_count:
    select_expression: COUNT(*)
    data_source: broken_source
    statistics: {sum: {}}
data_sources:
  broken_source:
    from_expression: telemetry.no_such_table
)");

// A data source reading opmon's own tables and one calling pg_read_file:
// project SQL runs as the warehouse role, which may do neither.
const std::string kPrivilegedSources = ProjectWith("versions, files", R"(metrics:
  versions:
    select_expression: COUNT(*)
    data_source: opmon_versions
    statistics: {sum: {}}
  files:
    select_expression: COUNT(*)
    data_source: server_files
    statistics: {sum: {}}
data_sources:
  opmon_versions:
    from_expression: (SELECT slug AS client_id, DATE '2024-02-20' AS submission_date FROM opmon.project_versions)
  server_files:
    from_expression: (SELECT * FROM telemetry.main WHERE pg_read_file('/etc/hostname') IS NOT NULL)
)");

class DryRunTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto generated = RunCommand({BuiltBinary("services/compute/datagen/opmon-datagen"), "--warehouse-url", dsn(),
                                 "--seed", "1", "--clients", "50", "--days", "1", "--end-date", "2024-02-20"});
    ASSERT_THAT(generated, IsOk());
    ASSERT_EQ(generated->exit_code, 0) << generated->output;
    const int compute_port = FreeLoopbackPort();
    ASSERT_NE(compute_port, 0);
    compute_address_ = new std::string(absl::StrCat("127.0.0.1:", compute_port));
    auto config =
        ServiceProcess::StartServing("config", dsn(), {"--compute-addr", *compute_address_, "--handler-threads", "1"});
    ASSERT_THAT(config, IsOk());
    config_ = config->release();
    stub_ = v1::ConfigService::NewStub(config_->channel()).release();
    ASSERT_THAT(ApplyExampleDefinitions(*stub_), IsOk());
    auto compute = ServiceProcess::StartServing(
        "compute", dsn(), {"--listen", *compute_address_, "--config-addr", config_->grpc_address(), "--workers", "0"});
    ASSERT_THAT(compute, IsOk());
    compute_ = compute->release();
    auto scratch = ScratchDir::Create("opmon-dry-run");
    ASSERT_THAT(scratch, IsOk());
    scratch_ = scratch->release();
  }

  static void TearDownTestSuite() {
    delete scratch_;
    delete stub_;
    delete compute_;
    delete config_;
    delete compute_address_;
    scratch_ = nullptr;
    stub_ = nullptr;
    compute_ = config_ = nullptr;
    compute_address_ = nullptr;
  }

  static v1::ValidateProjectResponse DryRun(const std::vector<v1::SourceFile>& files,
                                            v1::ValidationMode mode = v1::VALIDATION_MODE_STRICT) {
    v1::ValidateProjectRequest request;
    for (const v1::SourceFile& f : files) *request.add_files() = f;
    request.set_dry_run(true);
    request.set_mode(mode);
    v1::ValidateProjectResponse response;
    grpc::Status status = stub_->ValidateProject(Context().get(), request, &response);
    EXPECT_THAT(status, IsOk()) << StatusText(status) << "\n" << config_->Log() << compute_->Log();
    return response;
  }

  static std::string Formatted(const v1::Diagnostic& d) {
    return absl::StrCat(d.file(), ":", d.line(), ":", d.column(), ": ",
                        d.severity() == v1::Diagnostic::SEVERITY_ERROR ? "error" : "warning", ": ", d.path(), ": ",
                        d.message());
  }

  static CommandResult Ctl(const std::vector<std::string>& args) {
    return RunOpmonctl({"--config-addr", config_->grpc_address(), "--timeout", "60"}, args);
  }

  static std::string WriteTemp(const std::string& name, const std::string& text) { return scratch_->Write(name, text); }

  static std::string* compute_address_;
  static ServiceProcess* config_;
  static ServiceProcess* compute_;
  static v1::ConfigService::Stub* stub_;
  static ScratchDir* scratch_;
};

std::string* DryRunTest::compute_address_ = nullptr;
ServiceProcess* DryRunTest::config_ = nullptr;
ServiceProcess* DryRunTest::compute_ = nullptr;
v1::ConfigService::Stub* DryRunTest::stub_ = nullptr;
ScratchDir* DryRunTest::scratch_ = nullptr;

TEST_F(DryRunTest, ExampleProjectsPassTheDryRun) {
  const v1::ValidateProjectResponse response =
      DryRun({ExampleProto("projects/desktop-health.yaml"), ExampleProto("projects/nightly-build-over-build.toml")});
  EXPECT_TRUE(response.ok());
  ASSERT_EQ(response.files_size(), 2);
  for (const v1::FileValidation& f : response.files()) {
    EXPECT_THAT(f.diagnostics(), IsEmpty()) << f.path() << ": " << Formatted(f.diagnostics(0));
    EXPECT_FALSE(f.resolved_json().empty());
  }
}

TEST_F(DryRunTest, AMissingColumnIsAnErrorAtTheMetricsExpression) {
  const v1::ValidateProjectResponse response = DryRun({File("projects/bad-metric.yaml", kBadMetric)});
  EXPECT_FALSE(response.ok());
  ASSERT_EQ(response.files_size(), 1);
  ASSERT_EQ(response.files(0).diagnostics_size(), 1);
  const v1::Diagnostic& d = response.files(0).diagnostics(0);
  EXPECT_EQ(d.severity(), v1::Diagnostic::SEVERITY_ERROR);
  EXPECT_EQ(d.line(), 9);
  EXPECT_EQ(d.column(), 24);
  EXPECT_EQ(d.path(), "metrics.bad_metric.select_expression");
  EXPECT_EQ(Formatted(d),
            "projects/bad-metric.yaml:9:24: error: metrics.bad_metric.select_expression: dry run: EXPLAIN failed: "
            "column \"no_such_column\" does not exist");
  // Still a resolved project: the file itself is valid.
  EXPECT_FALSE(response.files(0).resolved_json().empty());
}

TEST_F(DryRunTest, AMissingTableIsAnErrorAtTheDataSourcesFromExpression) {
  const v1::ValidateProjectResponse response = DryRun({File("projects/bad-source.yaml", kBadSource)});
  EXPECT_FALSE(response.ok());
  ASSERT_EQ(response.files_size(), 1);
  ASSERT_EQ(response.files(0).diagnostics_size(), 1);
  EXPECT_EQ(Formatted(response.files(0).diagnostics(0)),
            "projects/bad-source.yaml:14:22: error: data_sources.broken_source.from_expression: dry run: EXPLAIN "
            "failed: relation \"telemetry.no_such_table\" does not exist");
}

TEST_F(DryRunTest, DataSourcesReadingBeyondTheWarehouseAreErrorsAtTheirFromExpressions) {
  const v1::ValidateProjectResponse response = DryRun({File("projects/privileged.yaml", kPrivilegedSources)});
  EXPECT_FALSE(response.ok());
  ASSERT_EQ(response.files_size(), 1);
  std::vector<std::string> formatted;
  for (const v1::Diagnostic& d : response.files(0).diagnostics()) formatted.push_back(Formatted(d));
  EXPECT_THAT(formatted,
              ::testing::UnorderedElementsAre(
                  HasSubstr("projects/privileged.yaml:18:22: error: data_sources.opmon_versions.from_expression: "
                            "dry run: EXPLAIN failed: permission denied for schema opmon"),
                  HasSubstr("projects/privileged.yaml:20:22: error: data_sources.server_files.from_expression: "
                            "dry run: EXPLAIN failed: permission denied for function pg_read_file")));
}

TEST_F(DryRunTest, FilesWithErrorsAreNotSentAndCompatModeReachesCompute) {
  const v1::SourceFile invalid = File("projects/typo.yaml",
                                      "project:\n  platform: firefox_desktop\n  start_date: 2024-02-20\n"
                                      "  metrics: [gc_mss]\n");
  // A stray key: an error in strict mode, a warning in compat mode, where
  // compute must resolve the file the same way to dry-run it.
  const v1::SourceFile stray = File("projects/stray.yaml",
                                    "project:\n  platform: firefox_desktop\n  start_date: 2024-02-20\n"
                                    "  metrics: [uri_count]\n  owner: someone\n");
  const v1::ValidateProjectResponse strict = DryRun({invalid, stray});
  EXPECT_FALSE(strict.ok());
  ASSERT_EQ(strict.files_size(), 2);
  ASSERT_EQ(strict.files(0).diagnostics_size(), 1);
  EXPECT_EQ(strict.files(0).diagnostics(0).path(), "project.metrics[0]");
  ASSERT_EQ(strict.files(1).diagnostics_size(), 1);
  EXPECT_EQ(strict.files(1).diagnostics(0).path(), "project.owner");

  const v1::ValidateProjectResponse compat = DryRun({stray}, v1::VALIDATION_MODE_COMPAT);
  EXPECT_TRUE(compat.ok());
  ASSERT_EQ(compat.files_size(), 1);
  ASSERT_EQ(compat.files(0).diagnostics_size(), 1);
  EXPECT_EQ(compat.files(0).diagnostics(0).severity(), v1::Diagnostic::SEVERITY_WARNING);
}

TEST_F(DryRunTest, ADryRunDateMustBeADateAndNeedsDryRun) {
  v1::ValidateProjectRequest request;
  *request.add_files() = File("projects/bad-metric.yaml", kBadMetric);
  request.set_dry_run(true);
  request.set_dry_run_date("2024-02-30");
  v1::ValidateProjectResponse response;
  grpc::Status status = stub_->ValidateProject(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("dry_run_date: "));

  request.set_dry_run(false);
  request.set_dry_run_date("2024-02-20");
  status = stub_->ValidateProject(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "dry_run_date: is set but dry_run is false; it is the day a dry run plans for");

  request.set_dry_run(true);
  status = stub_->ValidateProject(Context().get(), request, &response);
  EXPECT_THAT(status, IsOk()) << StatusText(status);
  EXPECT_FALSE(response.ok());
}

TEST_F(DryRunTest, AnUnreachableComputeIsUnavailableNamingItsAddress) {
  const int port = FreeLoopbackPort();
  ASSERT_NE(port, 0);
  const std::string address = absl::StrCat("127.0.0.1:", port);
  auto lonely = ServiceProcess::StartServing("config", dsn(), {"--compute-addr", address});
  ASSERT_THAT(lonely, IsOk());
  auto stub = v1::ConfigService::NewStub((*lonely)->channel());
  v1::ValidateProjectRequest request;
  *request.add_files() = ExampleProto("projects/desktop-health.yaml");
  request.set_dry_run(true);
  v1::ValidateProjectResponse response;
  grpc::Status status = stub->ValidateProject(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(),
              StartsWith("dry run of deploy/examples/projects/desktop-health.yaml: compute service at " + address +
                         " (--compute-addr) is unavailable: "));
}

TEST_F(DryRunTest, OpmonctlPrintsDryRunErrorsCompilerStyleAndExitsOne) {
  const std::string bad = WriteTemp("bad-metric.yaml", kBadMetric);
  CommandResult r = Ctl({"validate", "--dry-run", "--date", "2024-02-20", bad});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr(bad + ":9:24: error: metrics.bad_metric.select_expression: dry run: EXPLAIN "
                                        "failed: column \"no_such_column\" does not exist\n"));
  EXPECT_THAT(r.output, HasSubstr("1 file: 1 error, 0 warnings\n"));

  CommandResult good = Ctl({"validate", "--dry-run", SourcePath("deploy/examples/projects/desktop-health.yaml")});
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_EQ(good.output, "1 file: 0 errors, 0 warnings\n");

  CommandResult no_dry_run = Ctl({"validate", "--date", "2024-02-20", bad});
  EXPECT_EQ(no_dry_run.exit_code, 2) << no_dry_run.output;
}

}  // namespace
}  // namespace opmon::testing
