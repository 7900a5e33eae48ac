// The connection pool against a real PostgreSQL: reuse, retry after the
// server kills our connection, and error mapping of real SQL errors.
#include <pqxx/pqxx>

#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

class PgPoolTest : public PgTest {};

TEST_F(PgPoolTest, RetriesTheCallbackWhenTheServerDropsTheConnection) {
  pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 2});
  int backend_pid = 0;
  ASSERT_TRUE(pool.Run("read pid", [&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    backend_pid = tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
    return absl::OkStatus();
  }).ok());
  // Kill that backend from another session: the pooled connection is now dead.
  ASSERT_TRUE(cluster().Exec(database(), "SELECT pg_terminate_backend(" + std::to_string(backend_pid) + ")").ok());

  int attempts = 0;
  int new_pid = 0;
  absl::Status status = pool.Run("read pid again", [&](pqxx::connection& c) {
    ++attempts;
    pqxx::nontransaction tx(c);
    new_pid = tx.exec("SELECT pg_backend_pid()")[0][0].as<int>();
    return absl::OkStatus();
  });
  EXPECT_THAT(status, IsOk());
  EXPECT_EQ(attempts, 2);  // first on the dead connection, then on a fresh one
  EXPECT_NE(new_pid, backend_pid);
}

TEST_F(PgPoolTest, RunOnceReturnsALostConnectionWithoutRetrying) {
  pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 1});
  int attempts = 0;
  absl::Status status = pool.RunOnce("kill myself", [&](pqxx::connection& c) {
    ++attempts;
    pqxx::nontransaction tx(c);
    tx.exec("SELECT pg_terminate_backend(pg_backend_pid())");
    return absl::OkStatus();
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(attempts, 1);
  // The dead connection was dropped: the next call gets a fresh one.
  EXPECT_TRUE(pool.RunOnce("after", [](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    tx.exec("SELECT 1");
    return absl::OkStatus();
  }).ok());
}

TEST_F(PgPoolTest, MapsSqlErrorsToStatusCodesWithoutRetrying) {
  pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 1});
  ASSERT_TRUE(pool.Run("create", [](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec("CREATE TABLE uniq (k int PRIMARY KEY); INSERT INTO uniq VALUES (1)");
    tx.commit();
    return absl::OkStatus();
  }).ok());
  int attempts = 0;
  absl::Status dup = pool.Run("insert duplicate", [&](pqxx::connection& c) {
    ++attempts;
    pqxx::work tx(c);
    tx.exec("INSERT INTO uniq VALUES (1)");
    tx.commit();
    return absl::OkStatus();
  });
  EXPECT_THAT(dup, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(std::string(dup.message()), HasSubstr("insert duplicate: "));
  EXPECT_THAT(std::string(dup.message()), HasSubstr("SQLSTATE 23505"));
  EXPECT_EQ(attempts, 1);

  absl::Status timeout = pool.Run("slow query", [](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec("SET LOCAL statement_timeout = '50ms'");
    tx.exec("SELECT pg_sleep(5)");
    return absl::OkStatus();
  });
  EXPECT_THAT(timeout, StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST(PgPool, ReportsAnUnreachableServerAsUnavailable) {
  pg::Pool pool(pg::PoolOptions{.dsn = "host=127.0.0.1 port=1 user=opmon dbname=opmon",
                                .size = 1,
                                .max_attempts = 2,
                                .initial_backoff = absl::Milliseconds(1)});
  absl::Status status = pool.Ping();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(std::string(status.message()), HasSubstr("connect to database"));
}

}  // namespace
}  // namespace opmon::testing
