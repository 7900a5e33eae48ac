// The real opmon-lookml binary over a real PostgreSQL: dropdown defaults come
// from the stored statistics, `opmonctl lookml export [--check]` keeps a
// directory in sync, the HTML preview renders in headless Chromium, and
// --output-dir is republished atomically when results change.

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "grpcpp/client_context.h"
#include "opmon/v1/lookml.grpc.pb.h"
#include "tests/integration/lookml/lookml_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"
#include "tests/unit/services/lookml/domain/example_projects.h"
#include "yaml-cpp/yaml.h"

namespace opmon::lookml {
namespace {

namespace fs = std::filesystem;
using ::opmon::testing::BuiltBinary;
using ::opmon::testing::RunCommand;
using ::opmon::testing::ServiceProcess;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kStatistics[] = "opmon_results.desktop_health_statistics";

// Rows whose most frequent os is Mac and most frequent country DE (on purpose
// unlike the canned unit-test values).
std::vector<testing::StatRow> DesktopHealthRows() {
  const std::vector<std::pair<std::string, std::string>> combos = {
      {"Mac", "DE"}, {"Mac", "US"}, {"Mac", "FR"}, {"Linux", "DE"}, {"Windows", "DE"}};
  std::vector<testing::StatRow> rows;
  int i = 0;
  for (const char* date : {"2024-03-01", "2024-03-02", "2024-03-03"}) {
    for (const auto& [os, country] : combos) {
      const double base = 10 + (++i % 7);
      rows.push_back({date, "", {os, country}, "active", "gc_ms", "percentile", "50", base, base - 1, base + 1});
      rows.push_back({date, "", {os, country}, "active", "gc_ms", "percentile", "95", 3 * base, 3 * base - 2,
                      3 * base + 2});
      rows.push_back({date, "", {os, country}, "active", "search_count", "sum", "", 100 + base, {}, {}});
    }
  }
  return rows;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("opmon-lookml-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

class LookmlServiceTest : public opmon::testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    for (const char* slug : {"desktop-health", "nightly-build-over-build", "fission-experiment"}) {
      testing::RegisterProject(dsn(), lookml::testing::ExampleProject(slug));
    }
    testing::AppendStatistics(dsn(), lookml::testing::ExampleProject("desktop-health"), DesktopHealthRows());
    testing::InsertAlert(dsn(), lookml::testing::ExampleProject("desktop-health"), "2024-03-03", {"Mac", "DE"},
                         "search_count", "mean changed by 40% <week over week>");
  }

  void SetUp() override {
    auto service = ServiceProcess::Start("lookml", dsn());
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = std::move(*service);
    ASSERT_TRUE(service_->WaitForHealth(true).ok()) << service_->Log();
  }

  std::unique_ptr<grpc::ClientContext> Deadline() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  std::vector<std::string> Opmonctl(std::vector<std::string> args) {
    std::vector<std::string> argv = {BuiltBinary("clients/opmonctl/opmonctl"), "--lookml-addr",
                                     service_->grpc_address(), "--timeout", "30"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(LookmlServiceTest, DropdownDefaultsAreTheMostFrequentStoredValues) {
  v1::GenerateProjectRequest request;
  request.set_slug("desktop-health");
  v1::GenerateProjectResponse response;
  auto ctx = Deadline();
  const grpc::Status status = v1::LookmlService::NewStub(service_->channel())->GenerateProject(ctx.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::string dashboard;
  for (const v1::GeneratedFile& f : response.files()) {
    if (f.path() == "dashboards/desktop_health.dashboard.lookml") dashboard = f.content();
  }
  ASSERT_FALSE(dashboard.empty());

  // Independently: the modes and orders straight from SQL.
  const std::string top_country = testing::QueryValue(
      dsn(), std::string("SELECT country FROM ") + kStatistics + " GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1");
  const std::string country_order = testing::QueryValue(
      dsn(), std::string("SELECT string_agg(country, ',' ORDER BY n DESC, country) FROM (SELECT country, COUNT(*) n FROM ") +
                 kStatistics + " GROUP BY 1) c");
  const std::string os_values = testing::QueryValue(
      dsn(), std::string("SELECT string_agg(DISTINCT os, ',' ORDER BY os) FROM ") + kStatistics);
  ASSERT_EQ(top_country, "DE");

  const YAML::Node root = YAML::Load(dashboard);
  bool saw_country = false, saw_os = false;
  for (const YAML::Node& f : root[0]["filters"]) {
    const std::string name = f["name"].as<std::string>();
    std::vector<std::string> options;
    for (const YAML::Node& o : f["ui_config"]["options"]) options.push_back(o.as<std::string>());
    if (name == "Country") {
      saw_country = true;
      EXPECT_EQ(f["default_value"].as<std::string>(), top_country);
      EXPECT_EQ(absl::StrJoin(options, ","), country_order);
    }
    if (name == "Operating system") {  // group_by_dimension: every value, all selected
      saw_os = true;
      EXPECT_TRUE(f["allow_multiple_values"].as<bool>());
      EXPECT_EQ(f["default_value"].as<std::string>(), os_values);
    }
  }
  EXPECT_TRUE(saw_country);
  EXPECT_TRUE(saw_os);
}

TEST_F(LookmlServiceTest, GenerateProjectNamesTheSlugItCannotFind) {
  auto stub = v1::LookmlService::NewStub(service_->channel());
  v1::GenerateProjectRequest request;
  request.set_slug("no-such-project");
  v1::GenerateProjectResponse response;
  auto ctx = Deadline();
  grpc::Status status = stub->GenerateProject(ctx.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("no-such-project"));
  request.set_slug("");
  auto ctx2 = Deadline();
  status = stub->GenerateProject(ctx2.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("slug"));
}

TEST_F(LookmlServiceTest, ExportWritesTheTreeAndCheckListsWhatDiffers) {
  const fs::path out = TempDir("export");
  auto result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse"}));
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->exit_code, 0) << result->output;
  EXPECT_THAT(ReadFile(out / "operational_monitoring.model.lkml"), HasSubstr("connection: \"warehouse\""));
  EXPECT_TRUE(fs::exists(out / "dashboards/desktop_health.dashboard.lookml"));
  EXPECT_TRUE(fs::exists(out / "views/nightly_build_over_build.view.lkml"));
  EXPECT_FALSE(fs::exists(out / "views/fission_experiment.view.lkml"));  // ended 2024-03-31

  result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse", "--check"}));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 0) << result->output;
  EXPECT_THAT(result->output, HasSubstr("up to date"));

  const std::string view_before = ReadFile(out / "views/desktop_health.view.lkml");
  std::ofstream(out / "views/desktop_health.view.lkml", std::ios::app) << "# edited by hand\n";
  std::ofstream(out / "views/old_project.view.lkml") << "view: old_project {}\n";
  fs::remove(out / "datagroups/desktop_health_last_updated.datagroup.lkml");
  result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse", "--check"}));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 1) << result->output;
  EXPECT_THAT(result->output, HasSubstr("differs: views/desktop_health.view.lkml"));
  EXPECT_THAT(result->output, HasSubstr("stale:   views/old_project.view.lkml"));
  EXPECT_THAT(result->output, HasSubstr("missing: datagroups/desktop_health_last_updated.datagroup.lkml"));
  EXPECT_TRUE(fs::exists(out / "views/old_project.view.lkml"));  // --check wrote nothing

  result = RunCommand(Opmonctl({"--json", "lookml", "export", "--out", out.string(), "--connection", "warehouse"}));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 0) << result->output;
  EXPECT_EQ(ReadFile(out / "views/desktop_health.view.lkml"), view_before);
  EXPECT_FALSE(fs::exists(out / "views/old_project.view.lkml"));
  result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse", "--check"}));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 0) << result->output;
  fs::remove_all(out);
}

TEST_F(LookmlServiceTest, PreviewRendersChartsInHeadlessChromium) {
  const fs::path dir = TempDir("preview");
  const fs::path html = dir / "desktop-health.html";
  auto result = RunCommand(Opmonctl({"lookml", "preview", "desktop-health", "--out", html.string()}));
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->exit_code, 0) << result->output;
  const std::string page = ReadFile(html);
  EXPECT_THAT(page, HasSubstr("mean changed by 40% &lt;week over week&gt;"));

  if (!fs::exists("/usr/bin/chromium")) GTEST_SKIP() << "Debian package chromium is not installed";
  const std::vector<std::string> chromium = {"timeout", "120", "/usr/bin/chromium", "--headless", "--no-sandbox",
                                             "--disable-gpu", "--disable-background-networking",
                                             "--disable-component-update", "--no-first-run",
                                             "--user-data-dir=" + (dir / "profile").string(), "--window-size=1280,1800"};
  std::vector<std::string> dump = chromium;
  dump.insert(dump.end(), {"--dump-dom", "file://" + html.string()});
  auto dom = RunCommand(dump);
  ASSERT_TRUE(dom.ok());
  ASSERT_EQ(dom->exit_code, 0) << dom->output;
  const std::string& d = dom->output;
  EXPECT_THAT(d, HasSubstr("data-rendered=\"true\""));
  // desktop-health has 5 tiles; only gc_ms (percentile) and search_count (sum) have rows.
  EXPECT_EQ(Count(d, "<figure class=\"tile\""), 5);
  EXPECT_EQ(Count(d, "<svg class=\"chart\""), 2);
  EXPECT_EQ(Count(d, "<p class=\"empty\">No data for this selection.</p>"), 3);
  // Grouped by os (all three selected), country DE: one line per os, a CI band each for gc_ms only.
  EXPECT_EQ(Count(d, "class=\"series\""), 6);
  EXPECT_EQ(Count(d, "class=\"ci-band\""), 3);
  EXPECT_THAT(d, HasSubstr("Submission date"));      // x-axis label
  EXPECT_THAT(d, HasSubstr("percentile (p50)"));     // y-axis label follows the Percentile selector
  EXPECT_THAT(d, HasSubstr("active · Mac"));         // legend entry

  std::vector<std::string> shot = chromium;
  const fs::path png = dir / "shot.png";
  shot.insert(shot.end(), {"--screenshot=" + png.string(), "file://" + html.string()});
  auto screenshot = RunCommand(shot);
  ASSERT_TRUE(screenshot.ok());
  ASSERT_EQ(screenshot->exit_code, 0) << screenshot->output;
  const std::string bytes = ReadFile(png);
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  EXPECT_GT(bytes.size(), 10000u) << "a blank page compresses to a few kB";
  fs::remove_all(dir);
}

class LookmlRegenerationTest : public opmon::testing::PgTest {};

TEST_F(LookmlRegenerationTest, RepublishesTheOutputDirectoryAtomicallyWhenResultsChange) {
  const config::ResolvedProject project = lookml::testing::ExampleProject("desktop-health");
  testing::RegisterProject(dsn(), project);
  testing::AppendStatistics(dsn(), project, DesktopHealthRows());
  const fs::path dir = TempDir("regen");
  const fs::path link = dir / "looker";
  testing::SymlinkWatch first(link.string());
  auto service = ServiceProcess::Start("lookml", dsn(), {"--output-dir", link.string(), "--poll-interval", "0.1"});
  ASSERT_TRUE(service.ok()) << service.status();
  ASSERT_TRUE(first.Wait(absl::Seconds(60)).ok()) << (*service)->Log();
  ASSERT_TRUE(fs::is_symlink(link));
  const fs::path dashboard = link / "dashboards/desktop_health.dashboard.lookml";
  EXPECT_THAT(ReadFile(dashboard), HasSubstr("default_value: 'DE'"));
  const fs::path first_target = fs::read_symlink(link);

  // US becomes the most frequent country (DE has 27 rows, US 9).
  testing::SymlinkWatch second(link.string());
  std::vector<testing::StatRow> more;
  for (const char* os : {"Mac", "Linux", "Windows"}) {
    for (int day = 4; day <= 10; ++day) {
      const std::string date = "2024-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
      more.push_back({date, "", {os, "US"}, "active", "search_count", "sum", "", 1, {}, {}});
    }
  }
  ASSERT_GT(more.size() + 9, 27u);
  testing::AppendStatistics(dsn(), project, more);
  ASSERT_TRUE(second.Wait(absl::Seconds(60)).ok()) << (*service)->Log();
  EXPECT_THAT(ReadFile(dashboard), HasSubstr("default_value: 'US'"));
  EXPECT_NE(fs::read_symlink(link), first_target);
  // The previous tree stays for readers still inside it; older ones go.
  EXPECT_TRUE(fs::exists(dir / first_target / "operational_monitoring.model.lkml"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "looker.trees"), fs::directory_iterator()), 2);
  // SIGTERM stops the regeneration thread and exits cleanly.
  absl::StatusOr<int> exit_code = (*service)->Terminate();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0) << (*service)->Log();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace opmon::lookml
