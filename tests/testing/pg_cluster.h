#pragma once
// A throwaway PostgreSQL 15 cluster for integration tests: initdb in a fresh
// temp dir, a random loopback port plus a unix socket in that dir, fsync off.
// When run as root the server runs as the `postgres` user (PostgreSQL
// refuses root). The destructor stops it and removes the directory, also
// when a test failed.
//
// SharedPgCluster() gives one cluster per test binary; PgTest gives each
// test suite its own database, cloned from a template that has opmon's
// migrations applied and, as the local stack does, the warehouse role
// opmon_warehouse_reader (deploy/warehouse/reader_role.sql: SELECT on the
// tables of schema telemetry, including those created later).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace opmon::testing {

class PgCluster {
 public:
  static absl::StatusOr<std::unique_ptr<PgCluster>> Start();
  // A hot standby streaming from `primary` (pg_basebackup -R of the running
  // primary, its own directory and port): read-only, replaying the
  // primary's changes until the primary stops. `primary` must outlive it.
  static absl::StatusOr<std::unique_ptr<PgCluster>> StartStandbyOf(const PgCluster& primary);
  ~PgCluster();

  // libpq key=value DSN for `database` over the unix socket.
  std::string Dsn(const std::string& database) const;
  // The same over TCP (127.0.0.1:port).
  std::string TcpDsn(const std::string& database) const;
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

  absl::Status Stop();
  absl::Status Restart();  // start again after Stop, same port and data
  // Runs SQL as the superuser in `database` (psql -v ON_ERROR_STOP=1).
  absl::Status Exec(const std::string& database, const std::string& sql) const;
  // CREATE DATABASE name [TEMPLATE template].
  absl::Status CreateDatabase(const std::string& name, const std::string& template_db = "") const;

 private:
  PgCluster() = default;
  absl::Status StartServer();
  // bin_dir_, a fresh dir_ (owned by the server user) and port_.
  absl::Status Prepare();

  std::string dir_;
  std::string bin_dir_;
  int port_ = 0;
  bool running_ = false;
};

// One cluster per test binary, started on first use; stopped at exit.
PgCluster& SharedPgCluster();

// A database per test suite, cloned from a migrated template.
class PgTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  // DSN of this suite's database.
  static const std::string& dsn();
  static const std::string& database();
  static PgCluster& cluster() { return SharedPgCluster(); }

 private:
  static std::string* database_;
  static std::string* dsn_;
};

}  // namespace opmon::testing
