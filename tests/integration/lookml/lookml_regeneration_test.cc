// --output-dir kept current by the real opmon-lookml binary: republished
// atomically when results change (NOTIFY opmon_data_versions), when a project
// is applied through the real opmon-config (WatchProjects), also after the
// config service was killed and restarted, and for a change made while it was
// down. The poll interval is an hour in those tests, so only the
// notifications can explain a new tree; one test covers the poll itself.

#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/legacy/legacy_aggregates.h"
#include "common/live/live_relations.h"
#include "common/pg/channel_listener.h"
#include "common/results/data_version.h"
#include "common/results/results_tables.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "opmon/v1/config.grpc.pb.h"
#include "services/lookml/change_fingerprint.h"
#include "services/lookml/output_tree.h"
#include "tests/integration/lookml/lookml_test_support.h"
#include "tests/testing/example_files.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/rpc_deadline.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/wait_until.h"
#include "tests/unit/services/lookml/domain/example_projects.h"

namespace opmon::lookml {
namespace {

namespace fs = std::filesystem;
using ::opmon::testing::ReadFile;
using ::opmon::testing::ServiceProcess;
using ::opmon::testing::StatRow;
using ::opmon::testing::WaitUntil;
using ::testing::HasSubstr;

constexpr char kHour[] = "3600";  // poll interval that no test waits for

// Rows whose most frequent country is DE.
std::vector<results::StatisticsRow> DesktopHealthRows() {
  std::vector<results::StatisticsRow> rows;
  for (const char* date : {"2024-03-01", "2024-03-02", "2024-03-03"}) {
    for (const char* country : {"DE", "DE", "US"}) {
      rows.push_back(StatRow(date, "", {"Mac", country}, "active", "search_count", "sum", "", 1, {}, {}));
    }
  }
  return rows;
}

// An output directory and the opmon-lookml that keeps it.
class OutputDir {
 public:
  // Fails the test (an uncaught exception) when the directory cannot be made.
  explicit OutputDir(const std::string& name)
      : scratch_(opmon::testing::ScratchDir::Create("opmon-lookml-" + name).value()),
        dir_(scratch_->path()),
        link_(dir_ / "looker") {}

  // Starts opmon-lookml and waits for its first tree.
  absl::Status Start(const std::string& dsn, std::vector<std::string> extra) {
    testing::SymlinkWatch first(link_.string());
    extra.insert(extra.end(), {"--output-dir", link_.string()});
    auto service = ServiceProcess::Start("lookml", dsn, extra);
    if (!service.ok()) return service.status();
    service_ = std::move(*service);
    if (absl::Status s = first.Wait(absl::Seconds(60)); !s.ok()) {
      return absl::DeadlineExceededError(absl::StrCat(s.message(), "\n", service_->Log()));
    }
    return absl::OkStatus();
  }

  const fs::path& link() const { return link_; }
  const fs::path& dir() const { return dir_; }
  fs::path Dashboard(const std::string& table) const { return link_ / "dashboards" / (table + ".dashboard.lookml"); }
  ServiceProcess& service() { return *service_; }

 private:
  // Declared before the service, so the service stops before its directory
  // goes: it may still be publishing.
  std::unique_ptr<opmon::testing::ScratchDir> scratch_;
  fs::path dir_;
  fs::path link_;
  std::unique_ptr<ServiceProcess> service_;
};

class LookmlRegenerationTest : public opmon::testing::PgTest {
 protected:
  // The tests of one binary share a database: each starts with no project
  // and no desktop-health results.
  void SetUp() override {
    const config::ResolvedProject project = lookml::testing::ResolvedExample("desktop-health");
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    tx.exec("TRUNCATE opmon.projects, opmon.project_versions CASCADE");
    for (const auto& schema : {results::ClientValuesSchema(project), results::StatisticsSchema(project),
                               results::AlertsSchema(project)}) {
      ASSERT_THAT(schema, IsOk());
      tx.exec(absl::StrCat("DROP TABLE IF EXISTS ", schema->table.Qualified()));
    }
    tx.commit();
  }

  // desktop-health stored with DesktopHealthRows() (DE most frequent).
  static config::ResolvedProject StoreDesktopHealth() {
    const config::ResolvedProject project = lookml::testing::ResolvedExample("desktop-health");
    testing::RegisterProject(dsn(), project);
    testing::AppendStatistics(dsn(), project, DesktopHealthRows());
    return project;
  }
};

TEST_F(LookmlRegenerationTest, RepublishesTheOutputDirectoryAtomicallyWhenResultsChange) {
  const config::ResolvedProject project = StoreDesktopHealth();
  OutputDir out("regen");
  ASSERT_TRUE(out.Start(dsn(), {"--poll-interval", kHour}).ok());
  ASSERT_TRUE(fs::is_symlink(out.link()));
  const fs::path dashboard = out.Dashboard("desktop_health");
  EXPECT_THAT(ReadFile(dashboard), HasSubstr("default_value: 'DE'"));
  const fs::path first_target = fs::read_symlink(out.link());

  // US becomes the most frequent country (DE has 6 rows, US 3 + 21).
  testing::SymlinkWatch second(out.link().string());
  std::vector<results::StatisticsRow> more;
  for (const char* os : {"Mac", "Linux", "Windows"}) {
    for (int day = 4; day <= 10; ++day) {
      const std::string date = "2024-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
      more.push_back(StatRow(date, "", {os, "US"}, "active", "search_count", "sum", "", 1, {}, {}));
    }
  }
  testing::AppendStatistics(dsn(), project, more);  // bumps the data version: NOTIFY at commit
  ASSERT_THAT(second.Wait(absl::Seconds(30)), IsOk()) << out.service().Log();
  EXPECT_THAT(ReadFile(dashboard), HasSubstr("default_value: 'US'"));
  EXPECT_NE(fs::read_symlink(out.link()), first_target);
  // The previous tree stays for readers still inside it; older ones go.
  EXPECT_TRUE(fs::exists(out.dir() / first_target / "operational_monitoring.model.lkml"));
  EXPECT_EQ(std::distance(fs::directory_iterator(out.dir() / "looker.trees"), fs::directory_iterator()), 2);
  // SIGTERM stops the regeneration thread and the listener and exits cleanly.
  absl::StatusOr<int> exit_code = out.service().Terminate();
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0) << out.service().Log();
}

// Data version keys starting with '@' (legacy imports, live windows) are not
// projects: bumping them (and the NOTIFY that wakes the regenerator) leaves
// the change fingerprint, so no tree is generated for them. A suite of its
// own: a database where no other test registered the project.
class LookmlDataVersionKeysTest : public opmon::testing::PgTest {};

TEST_F(LookmlDataVersionKeysTest, KeysThatAreNotProjectsLeaveTheFingerprint) {
  const config::ResolvedProject project = lookml::testing::ResolvedExample("desktop-health");
  testing::RegisterProject(dsn(), project);
  pqxx::connection conn(dsn());
  auto fingerprint = [&conn] {
    pqxx::read_transaction tx(conn);
    return ReadChangeFingerprint(tx);
  };
  auto bump = [&conn](const std::string& key) {
    pqxx::work tx(conn);
    results::BumpDataVersion(tx, key);
    tx.commit();
  };
  const std::string before = fingerprint();
  bump(std::string(legacy::kDataVersionKey));
  bump(std::string(live::kDataVersionKey));
  EXPECT_EQ(fingerprint(), before);
  bump(project.slug);
  EXPECT_NE(fingerprint(), before);
}

// Two replicas keeping one output directory (a shared volume, issue 17) do
// not fight: they regenerate one at a time under the directory's lock, a
// state one of them published is not published again by the other, no tree
// being written is removed by the other's clean-up, and the link ends on a
// complete tree of the newest state.
TEST_F(LookmlRegenerationTest, TwoReplicasSharingAnOutputDirectoryDoNotFight) {
  const config::ResolvedProject project = StoreDesktopHealth();
  OutputDir out("replicas");
  ASSERT_TRUE(out.Start(dsn(), {"--poll-interval", kHour}).ok());
  auto second = ServiceProcess::Start("lookml", dsn(), {"--poll-interval", kHour, "--output-dir", out.link().string()});
  ASSERT_THAT(second, IsOk());
  auto published = [](ServiceProcess& service) {
    const std::string log = service.Log();
    int n = 0;
    for (size_t at = log.find("lookml tree published"); at != std::string::npos;
         at = log.find("lookml tree published", at + 1)) {
      ++n;
    }
    return n;
  };
  // The second replica's first run publishes once too.
  WaitUntil([&] { return published(**second) >= 1; }, absl::Seconds(30));
  ASSERT_EQ(published(**second), 1) << (*second)->Log();
  const int before = published(out.service()) + published(**second);

  // Five changes in a row, each woken in both replicas by the NOTIFY.
  for (int day = 4; day <= 8; ++day) {
    const std::string date = absl::StrCat("2024-03-0", day);
    std::vector<results::StatisticsRow> rows;
    for (int i = 0; i < 8; ++i) rows.push_back(StatRow(date, "", {"Mac", "US"}, "active", "search_count", "sum", "", 1, {}, {}));
    testing::AppendStatistics(dsn(), project, rows);
  }
  // Settled: the published fingerprint is the current one.
  pqxx::connection conn(dsn());
  auto current = [&conn] {
    pqxx::read_transaction tx(conn);
    return ReadChangeFingerprint(tx);
  };
  // The generator's fingerprint is the tables' (what ReadChangeFingerprint
  // reads) after the day it was generated on.
  const std::string newest = current();
  auto settled = [&] { return absl::EndsWith(PublishedFingerprint(out.link().string()), ";" + newest); };
  WaitUntil(settled, absl::Seconds(30));
  ASSERT_TRUE(settled()) << PublishedFingerprint(out.link().string()) << " vs " << newest << out.service().Log()
                         << (*second)->Log();
  absl::SleepFor(absl::Seconds(1));  // a late duplicate would show now

  // 24 US rows against 6 DE: the tree is of the newest state, and complete.
  EXPECT_THAT(ReadFile(out.Dashboard("desktop_health")), HasSubstr("default_value: 'US'"));
  EXPECT_TRUE(fs::exists(out.link() / "operational_monitoring.model.lkml"));
  // At most one publication per state change between the two (a state both
  // saw is published by one of them), at least one for the last.
  const int after = published(out.service()) + published(**second);
  EXPECT_GE(after - before, 1);
  EXPECT_LE(after - before, 5);
  // The current and the previous tree, no staging directory left behind.
  int trees = 0;
  for (const auto& entry : fs::directory_iterator(out.dir() / "looker.trees")) {
    EXPECT_TRUE(entry.path().filename().string().starts_with("tree-")) << entry.path();
    ++trees;
  }
  EXPECT_EQ(trees, 2);
  for (ServiceProcess* s : {&out.service(), second->get()}) {
    EXPECT_THAT(s->Log(), ::testing::Not(HasSubstr("cannot publish"))) << s->Log();
  }
}

TEST_F(LookmlRegenerationTest, PollsForChangesNobodyAnnounced) {
  OutputDir out("poll");
  ASSERT_TRUE(out.Start(dsn(), {"--poll-interval", "0.2"}).ok());
  // Written straight into the tables: no WatchProjects change, no NOTIFY.
  config::ResolvedProject project = lookml::testing::ResolvedExample("desktop-health");
  project.slug = "unannounced";
  project.table_name = "unannounced";
  testing::SymlinkWatch next(out.link().string());
  testing::RegisterProject(dsn(), project);
  ASSERT_THAT(next.Wait(absl::Seconds(30)), IsOk()) << out.service().Log();
  EXPECT_TRUE(fs::exists(out.Dashboard("unannounced")));
}

// Counts listener calls, waited for with a deadline.
class CallCounter {
 public:
  std::function<void()> Callback() {
    return [this] {
      absl::MutexLock lock(&mu_);
      ++calls_;
    };
  }
  bool AwaitAtLeast(int n) {
    absl::MutexLock lock(&mu_);
    auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return calls_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), absl::Seconds(30));
  }
  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  absl::Mutex mu_;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

TEST_F(LookmlRegenerationTest, ResultsListenerHearsEveryCommittedBumpAndReconnects) {
  CallCounter counter;
  pg::ChannelListener listener(dsn(), std::string(results::kDataVersionsChannel), counter.Callback());
  listener.Start();
  ASSERT_TRUE(counter.AwaitAtLeast(1));  // once listening
  EXPECT_EQ(counter.calls(), 1);
  {
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    results::BumpDataVersion(tx, "listened");
    tx.commit();
  }
  ASSERT_TRUE(counter.AwaitAtLeast(2));

  // The listening backend dies: the listener reconnects and calls once more,
  // since nothing was heard meanwhile; then it hears bumps again.
  {
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    const pqxx::result killed = tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'");
    ASSERT_EQ(killed.size(), 1u);
  }
  ASSERT_TRUE(counter.AwaitAtLeast(3));
  {
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    results::BumpDataVersion(tx, "listened");
    tx.commit();
  }
  ASSERT_TRUE(counter.AwaitAtLeast(4));
  listener.Stop();
  EXPECT_EQ(counter.calls(), 4);
}

// The real opmon-config on this suite's database, restartable on its address.
class LookmlConfigWatchTest : public opmon::testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto config = StartConfig({});
    ASSERT_THAT(config, IsOk());
    const absl::Status applied = opmon::testing::ApplyExampleDefinitions(*v1::ConfigService::NewStub((*config)->channel()));
    ASSERT_THAT(applied, IsOk());
  }

  static absl::StatusOr<std::unique_ptr<ServiceProcess>> StartConfig(std::vector<std::string> extra) {
    auto config = ServiceProcess::Start("config", dsn(), extra);
    if (!config.ok()) return config.status();
    if (absl::Status s = (*config)->WaitForHealth(true); !s.ok()) return s;
    return config;
  }

  void SetUp() override {
    auto config = StartConfig({});
    ASSERT_THAT(config, IsOk());
    config_ = std::move(*config);
  }

  // Applies deploy/examples/projects/desktop-health.yaml as `slug`.
  static void Apply(ServiceProcess& config, const std::string& slug) {
    v1::ApplyProjectRequest request;
    request.mutable_file()->set_path(slug + ".yaml");
    request.mutable_file()->set_content(opmon::testing::ExampleText("projects/desktop-health.yaml"));
    request.set_slug(slug);
    v1::ApplyProjectResponse response;
    grpc::Status status = v1::ConfigService::NewStub(config.channel())
                              ->ApplyProject(opmon::testing::Deadline(30).get(), request, &response);
    ASSERT_THAT(status, IsOk());
    for (const auto& d : response.diagnostics()) ADD_FAILURE() << d.message();
  }

  absl::Status StartLookml(OutputDir& out) {
    return out.Start(dsn(), {"--config-addr", config_->grpc_address(), "--poll-interval", kHour});
  }

  std::unique_ptr<ServiceProcess> config_;
};

TEST_F(LookmlConfigWatchTest, RegeneratesWhenAProjectIsAppliedThroughTheConfigService) {
  OutputDir out("watch-apply");
  ASSERT_THAT(StartLookml(out), IsOk());
  EXPECT_FALSE(fs::exists(out.Dashboard("watch_applied")));
  testing::SymlinkWatch next(out.link().string());
  Apply(*config_, "watch-applied");
  ASSERT_THAT(next.Wait(absl::Seconds(10)), IsOk()) << out.service().Log();
  EXPECT_THAT(ReadFile(out.Dashboard("watch_applied")), HasSubstr("title: 'Desktop health'"));
}

TEST_F(LookmlConfigWatchTest, KeepsWatchingAfterTheConfigServiceIsKilledAndRestarted) {
  OutputDir out("watch-restart");
  ASSERT_THAT(StartLookml(out), IsOk());
  testing::SymlinkWatch first(out.link().string());
  Apply(*config_, "before-restart");
  ASSERT_THAT(first.Wait(absl::Seconds(10)), IsOk()) << out.service().Log();

  const std::string address = config_->grpc_address();
  ASSERT_THAT(config_->Kill(), IsOk());
  auto restarted = StartConfig({"--listen", address});
  ASSERT_THAT(restarted, IsOk());
  config_ = std::move(*restarted);
  testing::SymlinkWatch second(out.link().string());
  Apply(*config_, "after-restart");
  // Within the watch's reconnect backoff (at most 5 s) plus a regeneration.
  ASSERT_THAT(second.Wait(absl::Seconds(20)), IsOk()) << out.service().Log();
  EXPECT_TRUE(fs::exists(out.Dashboard("after_restart")));
  EXPECT_TRUE(fs::exists(out.Dashboard("before_restart")));
}

TEST_F(LookmlConfigWatchTest, PicksUpAChangeMadeWhileTheConfigServiceWasDown) {
  OutputDir out("watch-down");
  ASSERT_THAT(StartLookml(out), IsOk());
  const std::string address = config_->grpc_address();
  absl::StatusOr<int> stopped = config_->Terminate();
  ASSERT_THAT(stopped, IsOk());

  // Another replica on the same database takes the change; the lookml
  // service never watched it and has seen no change it could resume after:
  // only its fingerprint check on reconnecting can find the new project.
  testing::SymlinkWatch next(out.link().string());
  auto replica = StartConfig({});
  ASSERT_THAT(replica, IsOk());
  Apply(**replica, "while-down");
  ASSERT_THAT((*replica)->Kill(), IsOk());

  auto restarted = StartConfig({"--listen", address});
  ASSERT_THAT(restarted, IsOk());
  config_ = std::move(*restarted);
  ASSERT_THAT(next.Wait(absl::Seconds(20)), IsOk()) << out.service().Log();
  EXPECT_TRUE(fs::exists(out.Dashboard("while_down")));
}

}  // namespace
}  // namespace opmon::lookml
