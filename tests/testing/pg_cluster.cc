#include "tests/testing/pg_cluster.h"

#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/strings/str_replace.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "tests/testing/free_port.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

constexpr char kTemplateDb[] = "opmon_template";
constexpr std::string_view kWarehouseReaderSql = "deploy/warehouse/reader_role.sql";

std::string FindBinDir() {
  for (const char* dir : {"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin"}) {
    if (std::filesystem::exists(std::string(dir) + "/initdb")) return dir;
  }
  return "";
}

// Prefix that runs a PostgreSQL server binary as `postgres` when we are root.
std::vector<std::string> AsServerUser(std::vector<std::string> argv) {
  if (geteuid() != 0) return argv;
  std::vector<std::string> out = {"runuser", "-u", "postgres", "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

// Single-quotes `s` for sh.
std::string ShellQuote(const std::string& s) {
  return absl::StrCat("'", absl::StrReplaceAll(s, {{"'", "'\\''"}}), "'");
}

// A detached shell that outlives this process: once it is gone (normal exit
// cleans up itself; a ctest timeout or SIGKILL cannot), the server in `dir`
// is stopped and the directory removed, so no throwaway cluster is left
// running in /tmp. Best effort: a failure to start it only loses that.
void StartOrphanWatchdog(const std::string& bin_dir, const std::string& dir) {
  std::string stop;
  for (const std::string& arg : AsServerUser({bin_dir + "/pg_ctl", "-D", dir + "/data", "-m", "immediate", "stop"})) {
    absl::StrAppend(&stop, stop.empty() ? "" : " ", ShellQuote(arg));
  }
  const std::string script = absl::StrCat("while kill -0 ", getpid(), " 2>/dev/null; do sleep 1; done; ",
                                          "if [ -f ", ShellQuote(dir + "/data/postmaster.pid"), " ]; then ", stop,
                                          " >/dev/null 2>&1; fi; rm -rf ", ShellQuote(dir));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // None of this process's pipes (ctest waits for its own to close).
  for (int fd : {0, 1, 2}) posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  const char* argv[] = {"setsid", "sh", "-c", script.c_str(), nullptr};
  pid_t pid;
  if (posix_spawnp(&pid, "setsid", &actions, nullptr, const_cast<char* const*>(argv), environ) != 0) {
    fprintf(stderr, "warning: no orphan watchdog for %s\n", dir.c_str());
  }
  posix_spawn_file_actions_destroy(&actions);
}

absl::Status Check(const absl::StatusOr<CommandResult>& r, const std::string& what) {
  if (!r.ok()) return r.status();
  if (r->exit_code != 0) return absl::InternalError(absl::StrCat(what, " failed: ", r->output));
  return absl::OkStatus();
}

}  // namespace

absl::Status PgCluster::Prepare() {
  bin_dir_ = FindBinDir();
  if (bin_dir_.empty()) return absl::FailedPreconditionError("PostgreSQL 15 server binaries not found; run scripts/bootstrap.sh");
  std::string tmpl = (std::filesystem::temp_directory_path() / "opmon-pg-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  dir_ = tmpl;
  if (geteuid() == 0) {
    passwd* pw = getpwnam("postgres");
    if (pw == nullptr) return absl::FailedPreconditionError("running as root but no `postgres` user exists");
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) return absl::InternalError("chown failed");
  }
  port_ = FreeLoopbackPort();
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PgCluster>> PgCluster::Start() {
  std::unique_ptr<PgCluster> c(new PgCluster());
  if (absl::Status s = c->Prepare(); !s.ok()) return s;
  auto init = RunCommand(AsServerUser({c->bin_dir_ + "/initdb", "-D", c->dir_ + "/data", "-A", "trust",
                                       "-U", "opmon", "-N", "-E", "UTF8", "--locale=C"}));
  if (absl::Status s = Check(init, "initdb"); !s.ok()) return s;
  StartOrphanWatchdog(c->bin_dir_, c->dir_);
  if (absl::Status s = c->StartServer(); !s.ok()) return s;
  return c;
}

absl::StatusOr<std::unique_ptr<PgCluster>> PgCluster::StartStandbyOf(const PgCluster& primary) {
  std::unique_ptr<PgCluster> c(new PgCluster());
  if (absl::Status s = c->Prepare(); !s.ok()) return s;
  // -R writes standby.signal and primary_conninfo (the primary's socket).
  auto backup = RunCommand(AsServerUser({c->bin_dir_ + "/pg_basebackup", "-D", c->dir_ + "/data", "-R", "-X",
                                         "stream", "-c", "fast", "-d",
                                         absl::StrCat("host=", primary.dir(), " port=", primary.port(),
                                                      " user=opmon")}));
  if (absl::Status s = Check(backup, "pg_basebackup"); !s.ok()) return s;
  StartOrphanWatchdog(c->bin_dir_, c->dir_);
  if (absl::Status s = c->StartServer(); !s.ok()) return s;
  return c;
}

absl::Status PgCluster::StartServer() {
  std::string options = absl::StrCat("-k ", dir_, " -p ", port_,
                                     " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                                     " -c full_page_writes=off -c max_connections=200");
  auto r = RunCommand(AsServerUser({bin_dir_ + "/pg_ctl", "-D", dir_ + "/data", "-o", options, "-l",
                                    dir_ + "/server.log", "-w", "-t", "60", "start"}));
  if (absl::Status s = Check(r, "pg_ctl start"); !s.ok()) return s;
  running_ = true;
  return absl::OkStatus();
}

PgCluster::~PgCluster() {
  if (running_) (void)Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string PgCluster::Dsn(const std::string& database) const {
  return absl::StrCat("host=", dir_, " port=", port_, " user=opmon dbname=", database);
}

std::string PgCluster::TcpDsn(const std::string& database) const {
  return absl::StrCat("host=127.0.0.1 port=", port_, " user=opmon dbname=", database);
}

absl::Status PgCluster::Stop() {
  auto r = RunCommand(AsServerUser({bin_dir_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "fast", "-w", "stop"}));
  running_ = false;
  return Check(r, "pg_ctl stop");
}

absl::Status PgCluster::Restart() { return StartServer(); }

absl::Status PgCluster::Exec(const std::string& database, const std::string& sql) const {
  auto r = RunCommand({bin_dir_ + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", Dsn(database), "-c", sql});
  return Check(r, absl::StrCat("psql -c ", sql));
}

absl::Status PgCluster::CreateDatabase(const std::string& name, const std::string& template_db) const {
  std::string sql = absl::StrCat("CREATE DATABASE \"", name, "\"");
  if (!template_db.empty()) absl::StrAppend(&sql, " TEMPLATE \"", template_db, "\"");
  return Exec("postgres", sql);
}

namespace {

PgCluster* g_cluster = nullptr;

void StopSharedCluster() {
  delete g_cluster;
  g_cluster = nullptr;
}

}  // namespace

PgCluster& SharedPgCluster() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto cluster = PgCluster::Start();
    if (!cluster.ok()) {
      fprintf(stderr, "cannot start test PostgreSQL: %s\n", std::string(cluster.status().message()).c_str());
      std::abort();
    }
    g_cluster = cluster->release();
    std::atexit(StopSharedCluster);
    absl::Status s = g_cluster->CreateDatabase(kTemplateDb);
    if (s.ok()) {
      pg::Pool pool(pg::PoolOptions{.dsn = g_cluster->Dsn(kTemplateDb), .size = 1});
      auto report = pg::ApplyMigrations(pool);
      if (!report.ok()) s = report.status();
    }
    // The role compute's project SQL logs in as, as the local stack makes it;
    // suite databases inherit its grants on schema telemetry.
    if (s.ok()) s = g_cluster->Exec(kTemplateDb, ReadSourceFile(std::string(kWarehouseReaderSql)));
    if (!s.ok()) {
      fprintf(stderr, "cannot prepare template database: %s\n", std::string(s.message()).c_str());
      std::abort();
    }
  });
  return *g_cluster;
}

std::string* PgTest::database_ = nullptr;
std::string* PgTest::dsn_ = nullptr;

void PgTest::SetUpTestSuite() {
  static std::atomic<int> counter{0};
  const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
  std::string name = absl::StrCat("t_", absl::AsciiStrToLower(suite ? suite->name() : "suite"), "_", getpid(), "_",
                                  counter++);
  name = absl::StrReplaceAll(name, {{"/", "_"}});
  // CREATE DATABASE ... TEMPLATE refuses while any session is connected to
  // the template, and a session that just disconnected may still be exiting
  // on the server: retry that one error for a while.
  absl::Status created;
  for (int attempt = 0; attempt < 100; ++attempt) {
    created = SharedPgCluster().CreateDatabase(name, kTemplateDb);
    if (created.ok() || !absl::StrContains(created.message(), "is being accessed by other users")) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  if (!created.ok()) {
    // gtest reports a failed SetUpTestSuite as skipped tests; make it loud.
    fprintf(stderr, "cannot create test database %s: %s\n", name.c_str(), std::string(created.message()).c_str());
    std::abort();
  }
  delete database_;
  delete dsn_;
  database_ = new std::string(name);
  dsn_ = new std::string(SharedPgCluster().Dsn(name));
}

const std::string& PgTest::dsn() { return *dsn_; }
const std::string& PgTest::database() { return *database_; }

}  // namespace opmon::testing
