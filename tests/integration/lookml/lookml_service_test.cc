// The real opmon-lookml binary over a real PostgreSQL: dropdown defaults come
// from the stored statistics, `opmonctl lookml export [--check]` keeps a
// directory in sync, and the HTML previews of a submission_date and a
// build_id project render in headless Chromium, where their selectors redraw
// the charts. (--output-dir: lookml_regeneration_test.cc.)

#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/grpc/client_channel.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "opmon/v1/lookml.grpc.pb.h"
#include "tests/integration/lookml/lookml_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/rpc_deadline.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/services/lookml/domain/example_projects.h"
#include "yaml-cpp/yaml.h"

namespace opmon::lookml {
namespace {

namespace fs = std::filesystem;
using ::opmon::testing::BuiltBinary;
using ::opmon::testing::Deadline;
using ::opmon::testing::ReadFile;
using ::opmon::testing::RunCommand;
using ::opmon::testing::ServiceProcess;
using ::opmon::testing::StatRow;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kStatistics[] = "opmon_results.desktop_health_statistics";

// Rows whose most frequent os is Mac and most frequent country DE (on purpose
// unlike the canned unit-test values).
std::vector<results::StatisticsRow> DesktopHealthRows() {
  const std::vector<std::pair<std::string, std::string>> combos = {
      {"Mac", "DE"}, {"Mac", "US"}, {"Mac", "FR"}, {"Linux", "DE"}, {"Windows", "DE"}};
  std::vector<results::StatisticsRow> rows;
  int i = 0;
  for (const char* date : {"2024-03-01", "2024-03-02", "2024-03-03"}) {
    for (const auto& [os, country] : combos) {
      const double base = 10 + (++i % 7);
      rows.push_back(StatRow(date, "", {os, country}, "active", "gc_ms", "percentile", "50", base, base - 1, base + 1));
      rows.push_back(StatRow(date, "", {os, country}, "active", "gc_ms", "percentile", "95", 3 * base, 3 * base - 2,
                      3 * base + 2));
      rows.push_back(StatRow(date, "", {os, country}, "active", "search_count", "sum", "", 100 + base, {}, {}));
    }
  }
  return rows;
}

// nightly-build-over-build: four builds, each computed on its build day and
// again (its latest run) the next day. The stale first runs are 1000 and up
// and must not be drawn. Windows (both metrics) is more frequent than Linux
// (gc_ms only). Values are not proportional between percentiles and oses,
// so every selection draws a different chart.
constexpr const char* kBuilds[] = {"20240301093012", "20240302101500", "20240303083000", "20240304120000"};

std::vector<results::StatisticsRow> NightlyBuildRows() {
  const double gc_p50_windows[] = {10, 12, 11, 13};
  const double gc_p95_windows[] = {31, 30, 35, 33};
  const double gc_p50_linux[] = {20, 18, 25, 22};
  const double gc_p95_linux[] = {60, 66, 61, 70};
  const double fcp_p50[] = {500, 540, 520, 580};
  const double fcp_p95[] = {900, 880, 950, 990};
  std::vector<results::StatisticsRow> rows;
  for (int b = 0; b < 4; ++b) {
    const std::string build = kBuilds[b];
    const std::string build_day = build.substr(0, 4) + "-" + build.substr(4, 2) + "-" + build.substr(6, 2);
    const std::string next_day = build_day.substr(0, 8) + "0" + std::to_string(std::stoi(build_day.substr(8)) + 1);
    for (const std::string& day : {build_day, next_day}) {
      const double stale = day == build_day ? 1000 : 0;
      auto add = [&](const char* os, const char* metric, const char* pct, double v) {
        rows.push_back(StatRow(day, build, {os}, "active", metric, "percentile", pct, stale + v, stale + v - 1, stale + v + 1));
      };
      add("Windows", "gc_ms", "50", gc_p50_windows[b]);
      add("Windows", "gc_ms", "95", gc_p95_windows[b]);
      add("Windows", "perf_first_contentful_paint_ms", "50", fcp_p50[b]);
      add("Windows", "perf_first_contentful_paint_ms", "95", fcp_p95[b]);
      add("Linux", "gc_ms", "50", gc_p50_linux[b]);
      add("Linux", "gc_ms", "95", gc_p95_linux[b]);
    }
  }
  return rows;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// Headless Chromium (Debian package `chromium`) on pages in `dir`.
class Chromium {
 public:
  explicit Chromium(const fs::path& dir)
      : argv_({"timeout", "120", "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--no-first-run",
               "--user-data-dir=" + (dir / "profile").string(), "--window-size=1280,1800"}) {}

  static bool Installed() { return fs::exists("/usr/bin/chromium"); }

  // The DOM after the page's scripts ran.
  std::string DumpDom(const fs::path& html) {
    std::vector<std::string> argv = argv_;
    argv.insert(argv.end(), {"--dump-dom", "file://" + html.string()});
    auto result = RunCommand(argv);
    EXPECT_THAT(result, IsOk());
    if (!result.ok()) return "";
    EXPECT_EQ(result->exit_code, 0) << result->output;
    return result->output;
  }

  // The PNG bytes of a screenshot.
  std::string Screenshot(const fs::path& html, const fs::path& png) {
    std::vector<std::string> argv = argv_;
    argv.insert(argv.end(), {"--screenshot=" + png.string(), "file://" + html.string()});
    auto result = RunCommand(argv);
    EXPECT_THAT(result, IsOk());
    if (!result.ok()) return "";
    EXPECT_EQ(result->exit_code, 0) << result->output;
    return ReadFile(png);
  }

 private:
  std::vector<std::string> argv_;
};

void ExpectNonTrivialPng(const std::string& bytes) {
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  EXPECT_GT(bytes.size(), 10000u) << "a blank page compresses to a few kB";
}

// A copy of `page` that, after the preview drew itself, runs `steps`: each
// step changes selectors the way a person does (value or checkbox, then a
// `change` event) and snapshots the tiles into <div class="step"
// id="step-NAME">, so one --dump-dom shows every state.
std::string WithSteps(const std::string& page, const std::string& steps) {
  const std::string script = R"js(<script>
(function () {
  function snapshot(name) {
    var d = document.createElement('div');
    d.className = 'step';
    d.id = 'step-' + name;
    var copy = document.querySelector('main.tiles').cloneNode(true);
    // Renamed, so the page's next redraw (of every figure.tile) leaves it be.
    copy.className = 'snapshot';
    copy.querySelectorAll('figure.tile').forEach(function (f) { f.className = 'snapshot-tile'; });
    d.appendChild(copy);
    document.body.appendChild(d);
  }
  function choose(selector, value) {
    var e = document.querySelector(selector);
    e.value = value;
    e.dispatchEvent(new Event('change'));
  }
  function untick(selector) {
    var e = document.querySelector(selector);
    e.checked = false;
    e.dispatchEvent(new Event('change'));
  }
)js" + steps + "\n})();\n</script>\n";
  std::string out = page;
  const size_t body = out.rfind("</body>");
  EXPECT_NE(body, std::string::npos);
  if (body != std::string::npos) out.insert(body, script);
  return out;
}

// The snapshot of one step in a dumped DOM.
std::string Step(const std::string& dom, const std::string& name) {
  const std::string marker = "<div class=\"step\" id=\"step-" + name + "\">";
  const size_t start = dom.find(marker);
  EXPECT_NE(start, std::string::npos) << name;
  if (start == std::string::npos) return "";
  const size_t end = dom.find("<div class=\"step\"", start + marker.size());
  return dom.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// What a chart shows: every polyline's points and every tick label.
std::string Drawing(const std::string& dom) {
  static const std::regex kDrawn(R"re(points="([^"]*)"|class="tick"[^>]*>([^<]*)<)re");
  std::string out;
  for (std::sregex_iterator it(dom.begin(), dom.end(), kDrawn), end; it != end; ++it) {
    out += (*it)[1].str() + (*it)[2].str() + "|";
  }
  return out;
}

class LookmlServiceTest : public opmon::testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    for (const char* slug : {"desktop-health", "nightly-build-over-build", "fission-experiment"}) {
      testing::RegisterProject(dsn(), lookml::testing::ResolvedExample(slug));
    }
    testing::AppendStatistics(dsn(), lookml::testing::ResolvedExample("desktop-health"), DesktopHealthRows());
    testing::InsertAlert(dsn(), lookml::testing::ResolvedExample("desktop-health"), "2024-03-03", {"Mac", "DE"},
                         "search_count", "mean changed by 40% <week over week>");
    testing::AppendStatistics(dsn(), lookml::testing::ResolvedExample("nightly-build-over-build"), NightlyBuildRows());
  }

  void SetUp() override { ASSERT_THAT(ServiceProcess::StartServingInto(service_, "lookml", dsn()), IsOk()); }

  // One file of GenerateProject's answer for `slug`; empty (with a failure
  // recorded) when the call fails or the file is missing.
  std::string GeneratedFile(const std::string& slug, const std::string& path) {
    v1::GenerateProjectRequest request;
    request.set_slug(slug);
    v1::GenerateProjectResponse response;
    auto ctx = Deadline(30);
    const grpc::Status status =
        v1::LookmlService::NewStub(service_->channel())->GenerateProject(ctx.get(), request, &response);
    EXPECT_THAT(status, IsOk());
    for (const v1::GeneratedFile& f : response.files()) {
      if (f.path() == path) return f.content();
    }
    ADD_FAILURE() << path << " not generated for " << slug;
    return "";
  }

  std::vector<std::string> Opmonctl(std::vector<std::string> args) {
    std::vector<std::string> argv = {BuiltBinary("clients/opmonctl/opmonctl"), "--lookml-addr",
                                     service_->grpc_address(), "--timeout", "30"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  // `opmonctl lookml preview slug --out html`, which must exit 0 (call under
  // ASSERT_NO_FATAL_FAILURE).
  // desktop-health registered again as `slug` (results in
  // opmon_results.<table>_statistics) with the rows `columns_and_select`
  // inserts there: "(columns) SELECT ...".
  void DesktopHealthCopy(const std::string& slug, const std::string& table, const std::string& columns_and_select) {
    config::ResolvedProject project = lookml::testing::ResolvedExample("desktop-health");
    project.slug = slug;
    project.table_name = table;
    testing::RegisterProject(dsn(), project);
    testing::AppendStatistics(dsn(), project, {});
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    tx.exec("INSERT INTO opmon_results." + table + "_statistics " + columns_and_select);
    tx.commit();
  }

  void Preview(const std::string& slug, const fs::path& html) {
    auto result = RunCommand(Opmonctl({"lookml", "preview", slug, "--out", html.string()}));
    ASSERT_THAT(result, IsOk());
    ASSERT_EQ(result->exit_code, 0) << result->output;
  }

  // A directory for one test's files, removed with the fixture (also when the
  // test fails or skips). Fails the test (an uncaught exception) when it
  // cannot be made.
  fs::path TempDir(const std::string& name) {
    scratch_.push_back(opmon::testing::ScratchDir::Create("opmon-lookml-" + name).value());
    return scratch_.back()->path();
  }

  std::unique_ptr<ServiceProcess> service_;
  std::vector<std::unique_ptr<opmon::testing::ScratchDir>> scratch_;
};

TEST_F(LookmlServiceTest, DropdownDefaultsAreTheMostFrequentStoredValues) {
  const std::string dashboard = GeneratedFile("desktop-health", "dashboards/desktop_health.dashboard.lookml");
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

TEST_F(LookmlServiceTest, DatagroupTriggerRunsInPostgresAndMovesWithResultsAndAlerts) {
  const std::string datagroup =
      GeneratedFile("desktop-health", "datagroups/desktop_health_last_updated.datagroup.lkml");
  const std::smatch found = [&] {
    std::smatch m;
    std::regex_search(datagroup, m, std::regex("sql_trigger: ([^;]*) ;;"));
    return m;
  }();
  ASSERT_FALSE(found.empty()) << datagroup;
  const std::string trigger = found[1].str();

  const std::string before = testing::QueryValue(dsn(), trigger);
  EXPECT_FALSE(before.empty());
  // The statistics service stores an alert after compute's commit: the
  // trigger moves although the data version did not.
  {
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    tx.exec(
        "INSERT INTO opmon.alerts (slug, submission_date, metric, statistic, branch, alert_name, alert_type, message) "
        "VALUES ('desktop-health', '2024-03-04', 'gc_ms', 'percentile', 'active', 'gc', 'threshold', 'above 100')");
    tx.commit();
  }
  const std::string with_alert = testing::QueryValue(dsn(), trigger);
  EXPECT_NE(with_alert, before);
  testing::AppendStatistics(dsn(), lookml::testing::ResolvedExample("desktop-health"), {});
  EXPECT_NE(testing::QueryValue(dsn(), trigger), with_alert);
}

TEST_F(LookmlServiceTest, BoundMeasuresShowAnUnboundedSideEmptyInPostgres) {
  // p99 of few clients is stored as [195, Infinity) (docs/kernels.md): the
  // generated measures, run by PostgreSQL on such a row, give the finite
  // bound and an empty (NULL) unbounded one, and the point unchanged.
  const std::string view = GeneratedFile("desktop-health", "views/desktop_health.view.lkml");
  auto measure = [&](const std::string& name) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(view, m, std::regex("measure: " + name + " \\{[^}]*?sql: ([^;]*) ;;")))
        << name << "\n" << view;
    return std::regex_replace(m.empty() ? std::string("NULL") : m[1].str(), std::regex("\\$\\{TABLE\\}"), "t");
  };
  auto run = [&](const std::string& name, const char* lower, const char* upper) {
    return testing::QueryValue(
        dsn(), absl::StrCat("SELECT COALESCE((", measure(name), ")::text, 'empty') FROM (VALUES (198::float8, '",
                            lower, "'::float8, '", upper, "'::float8)) AS t(point, lower, upper)"));
  };
  EXPECT_EQ(run("point", "195", "Infinity"), "198");
  EXPECT_EQ(run("lower", "195", "Infinity"), "195");
  EXPECT_EQ(run("upper", "195", "Infinity"), "empty");
  EXPECT_EQ(run("lower", "-Infinity", "200"), "empty");
  EXPECT_EQ(run("upper", "-Infinity", "200"), "200");
}

TEST_F(LookmlServiceTest, GenerateProjectNamesTheSlugItCannotFind) {
  auto stub = v1::LookmlService::NewStub(service_->channel());
  v1::GenerateProjectRequest request;
  request.set_slug("no-such-project");
  v1::GenerateProjectResponse response;
  auto ctx = Deadline(30);
  grpc::Status status = stub->GenerateProject(ctx.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("no-such-project"));
  request.set_slug("");
  auto ctx2 = Deadline(30);
  status = stub->GenerateProject(ctx2.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("slug"));
}

TEST_F(LookmlServiceTest, ExportWritesTheTreeAndCheckListsWhatDiffers) {
  const fs::path out = TempDir("export");
  auto result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse"}));
  ASSERT_THAT(result, IsOk());
  ASSERT_EQ(result->exit_code, 0) << result->output;
  EXPECT_THAT(ReadFile(out / "operational_monitoring.model.lkml"), HasSubstr("connection: \"warehouse\""));
  EXPECT_TRUE(fs::exists(out / "dashboards/desktop_health.dashboard.lookml"));
  EXPECT_TRUE(fs::exists(out / "views/nightly_build_over_build.view.lkml"));
  EXPECT_FALSE(fs::exists(out / "views/fission_experiment.view.lkml"));  // ended 2024-03-31

  result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse", "--check"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 0) << result->output;
  EXPECT_THAT(result->output, HasSubstr("up to date"));

  const std::string view_before = ReadFile(out / "views/desktop_health.view.lkml");
  std::ofstream(out / "views/desktop_health.view.lkml", std::ios::app) << "# edited by hand\n";
  std::ofstream(out / "views/old_project.view.lkml") << "view: old_project {}\n";
  fs::remove(out / "datagroups/desktop_health_last_updated.datagroup.lkml");
  result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse", "--check"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 1) << result->output;
  EXPECT_THAT(result->output, HasSubstr("differs: views/desktop_health.view.lkml"));
  EXPECT_THAT(result->output, HasSubstr("stale:   views/old_project.view.lkml"));
  EXPECT_THAT(result->output, HasSubstr("missing: datagroups/desktop_health_last_updated.datagroup.lkml"));
  EXPECT_TRUE(fs::exists(out / "views/old_project.view.lkml"));  // --check wrote nothing

  result = RunCommand(Opmonctl({"--json", "lookml", "export", "--out", out.string(), "--connection", "warehouse"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 0) << result->output;
  EXPECT_EQ(ReadFile(out / "views/desktop_health.view.lkml"), view_before);
  EXPECT_FALSE(fs::exists(out / "views/old_project.view.lkml"));
  result = RunCommand(Opmonctl({"lookml", "export", "--out", out.string(), "--connection", "warehouse", "--check"}));
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 0) << result->output;
}

TEST_F(LookmlServiceTest, PreviewRendersChartsInHeadlessChromium) {
  const fs::path dir = TempDir("preview");
  const fs::path html = dir / "desktop-health.html";
  ASSERT_NO_FATAL_FAILURE(Preview("desktop-health", html));
  const std::string page = ReadFile(html);
  EXPECT_THAT(page, HasSubstr("mean changed by 40% &lt;week over week&gt;"));

  if (!Chromium::Installed()) GTEST_SKIP() << "Debian package chromium is not installed";
  Chromium chromium(dir);
  const std::string d = chromium.DumpDom(html);
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

  ExpectNonTrivialPng(chromium.Screenshot(html, dir / "shot.png"));
}

TEST_F(LookmlServiceTest, PreviewDrawsAnUnboundedSideOfABandToTheChartsEdge) {
  // p50 of a handful of clients, unbounded above (docs/kernels.md): the band
  // is drawn, its upper side along the top of the plot area (T = 12), not
  // left out.
  DesktopHealthCopy("unbounded-preview", "unbounded_preview",
                    "(submission_date, os, country, branch, metric, statistic, parameter, point, lower, upper) "
                    "SELECT date '2024-03-01' + i, 'Mac', 'DE', 'active', 'gc_ms', 'percentile', '50', 10 + i, "
                    "9 + i, 'Infinity' FROM generate_series(0, 2) i");
  const fs::path dir = TempDir("preview-unbounded");
  const fs::path html = dir / "unbounded.html";
  ASSERT_NO_FATAL_FAILURE(Preview("unbounded-preview", html));
  EXPECT_THAT(ReadFile(html), HasSubstr("\"Infinity\""));
  if (!Chromium::Installed()) GTEST_SKIP() << "Debian package chromium is not installed";
  const std::string d = Chromium(dir).DumpDom(html);
  EXPECT_EQ(Count(d, "class=\"ci-band\""), 1);
  std::smatch band;
  ASSERT_TRUE(std::regex_search(d, band, std::regex("class=\"ci-band\" d=\"([^\"]*)\""))) << d;
  const std::string path = band[1].str();
  EXPECT_EQ(Count(path, ",12.0"), 3) << path;  // the three upper corners at the top
}

TEST_F(LookmlServiceTest, APreviewLargerThanOneMessageArrivesWhole) {
  // 150000 rows with a long os value: a page well past the 16 MiB limit.
  DesktopHealthCopy("big-preview", "big_preview",
                    "(submission_date, os, country, branch, metric, statistic, point, lower, upper, parameter) "
                    "SELECT date '2024-01-01' + (i % 300), repeat('o', 100) || (i / 300), 'DE', 'enabled', "
                    "'search_count', 'mean', i, i - 1, i + 1, '' FROM generate_series(1, 150000) i");
  const fs::path dir = TempDir("preview-big");
  const fs::path html = dir / "big.html";
  ASSERT_NO_FATAL_FAILURE(Preview("big-preview", html));
  const std::string page = ReadFile(html);
  EXPECT_GT(page.size(), static_cast<size_t>(grpc_edge::kMaxMessageBytes));
  EXPECT_THAT(page, HasSubstr(std::string(100, 'o') + "500"));  // the last os value
  EXPECT_TRUE(page.ends_with("</html>\n")) << page.substr(page.size() - 100);
}

TEST_F(LookmlServiceTest, PreviewSelectorsRedrawTheChartsInHeadlessChromium) {
  const fs::path dir = TempDir("preview-selectors");
  const fs::path html = dir / "desktop-health.html";
  ASSERT_NO_FATAL_FAILURE(Preview("desktop-health", html));
  if (!Chromium::Installed()) GTEST_SKIP() << "Debian package chromium is not installed";

  const fs::path interactive = dir / "interactive.html";
  std::ofstream(interactive) << WithSteps(ReadFile(html), R"js(
  snapshot('default');
  choose('select[data-dimension="country"]', 'US');
  snapshot('us');
  choose('#percentile', '95');
  snapshot('p95');
  untick('fieldset[data-dimension="os"] input[value="Mac"]');
  snapshot('no-mac');)js");
  const std::string dom = Chromium(dir).DumpDom(interactive);
  const std::string start = Step(dom, "default"), us = Step(dom, "us"), p95 = Step(dom, "p95"),
                    no_mac = Step(dom, "no-mac");

  // Country DE (the default): Mac, Linux and Windows lines in both charts.
  EXPECT_EQ(Count(start, "class=\"series\""), 6);
  // Country US: only Mac has rows.
  EXPECT_EQ(Count(us, "class=\"series\""), 2);
  EXPECT_EQ(Count(us, "class=\"ci-band\""), 1);
  EXPECT_THAT(us, HasSubstr("active · Mac"));
  EXPECT_THAT(us, Not(HasSubstr("active · Linux")));
  EXPECT_THAT(us, HasSubstr("percentile (p50)"));
  // Percentile 95: the same lines, other values and axis label.
  EXPECT_EQ(Count(p95, "class=\"series\""), 2);
  EXPECT_THAT(p95, HasSubstr("percentile (p95)"));
  EXPECT_THAT(p95, Not(HasSubstr("percentile (p50)")));
  EXPECT_NE(Drawing(p95), Drawing(us));
  // Mac unticked in the grouped os filter: nothing left for US.
  EXPECT_EQ(Count(no_mac, "class=\"series\""), 0);
  EXPECT_EQ(Count(no_mac, "<p class=\"empty\">No data for this selection.</p>"), 5);
}

TEST_F(LookmlServiceTest, BuildIdPreviewRendersBuildTimesInHeadlessChromium) {
  const fs::path dir = TempDir("preview-build");
  const fs::path html = dir / "nightly.html";
  ASSERT_NO_FATAL_FAILURE(Preview("nightly-build-over-build", html));
  // Each build's latest run only: 4 builds x 6 rows, not the 48 stored.
  EXPECT_THAT(ReadFile(html), HasSubstr(" · 24 statistics rows</p>"));

  if (!Chromium::Installed()) GTEST_SKIP() << "Debian package chromium is not installed";
  Chromium chromium(dir);
  const std::string d = chromium.DumpDom(html);
  EXPECT_THAT(d, HasSubstr("data-rendered=\"true\""));
  // Compact: one tile, driven by Metric (gc_ms), Statistic, Percentile (50)
  // and Operating system (Windows, the most frequent) selectors.
  EXPECT_EQ(Count(d, "<figure class=\"tile\""), 1);
  EXPECT_EQ(Count(d, "<svg class=\"chart\""), 1);
  EXPECT_EQ(Count(d, "class=\"series\""), 1);
  EXPECT_EQ(Count(d, "class=\"ci-band\""), 1);
  EXPECT_EQ(Count(d, "class=\"dot\""), 4);  // one point per build: its latest run
  EXPECT_THAT(d, HasSubstr(">Build</text>"));  // x-axis label
  // The x axis runs from the first build's time to the last one's.
  EXPECT_THAT(d, HasSubstr(">2024-03-01 09:30</text>"));
  EXPECT_THAT(d, HasSubstr(">2024-03-04 12:00</text>"));
  EXPECT_THAT(d, HasSubstr("percentile (p50)"));
  ExpectNonTrivialPng(chromium.Screenshot(html, dir / "shot.png"));

  const fs::path interactive = dir / "interactive.html";
  std::ofstream(interactive) << WithSteps(ReadFile(html), R"js(
  snapshot('default');
  choose('#percentile', '95');
  snapshot('p95');
  choose('select[data-dimension="os"]', 'Linux');
  snapshot('linux');
  choose('#metric', 'perf_first_contentful_paint_ms');
  snapshot('fcp-linux');
  choose('select[data-dimension="os"]', 'Windows');
  snapshot('fcp-windows');)js");
  const std::string dom = chromium.DumpDom(interactive);
  const std::string start = Step(dom, "default"), p95 = Step(dom, "p95"), linux = Step(dom, "linux"),
                    fcp_linux = Step(dom, "fcp-linux"), fcp_windows = Step(dom, "fcp-windows");
  EXPECT_EQ(Count(start, "class=\"dot\""), 4);
  EXPECT_THAT(p95, HasSubstr("percentile (p95)"));
  EXPECT_EQ(Count(p95, "class=\"dot\""), 4);
  EXPECT_NE(Drawing(p95), Drawing(start));
  EXPECT_EQ(Count(linux, "class=\"dot\""), 4);
  EXPECT_NE(Drawing(linux), Drawing(p95));
  // Linux has no perf_first_contentful_paint_ms rows; Windows has.
  EXPECT_EQ(Count(fcp_linux, "<p class=\"empty\">No data for this selection.</p>"), 1);
  EXPECT_EQ(Count(fcp_windows, "class=\"dot\""), 4);
  EXPECT_NE(Drawing(fcp_windows), Drawing(p95));
  EXPECT_THAT(fcp_windows, HasSubstr(">2024-03-04 12:00</text>"));
}

}  // namespace
}  // namespace opmon::lookml
