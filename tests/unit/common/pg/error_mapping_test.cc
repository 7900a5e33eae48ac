#include "common/pg/error_mapping.h"

#include <pqxx/except>

#include "common/pg/pool.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::pg {
namespace {

TEST(PgErrorMapping, MapsSqlStatesToWhatTheCallerShouldDoNext) {
  EXPECT_EQ(CodeForSqlState("23505"), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(CodeForSqlState("40001"), absl::StatusCode::kAborted);
  EXPECT_EQ(CodeForSqlState("40P01"), absl::StatusCode::kAborted);
  EXPECT_EQ(CodeForSqlState("57014"), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(CodeForSqlState("08006"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeForSqlState("57P01"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeForSqlState("53300"), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeForSqlState("42601"), absl::StatusCode::kInternal);  // syntax error: opmon's bug
}

TEST(PgErrorMapping, ConvertsTheExceptionInFlightNamingTheOperation) {
  absl::Status status;
  try {
    throw pqxx::broken_connection("server closed the connection");
  } catch (...) {
    status = StatusFromCurrentException("write statistics");
  }
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(status.message(), "write statistics: database connection lost: server closed the connection");

  try {
    throw pqxx::unique_violation("duplicate key value\n", "INSERT ...", "23505");
  } catch (...) {
    status = StatusFromCurrentException("apply");
  }
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(status.message(), "apply: duplicate key value [SQLSTATE 23505]");
}

TEST(PgPoolDsn, AddsAConnectTimeoutToBothDsnForms) {
  EXPECT_EQ(WithConnectTimeout("host=/tmp dbname=opmon", 5), "host=/tmp dbname=opmon connect_timeout=5");
  EXPECT_EQ(WithConnectTimeout("postgresql://u@h/db", 3), "postgresql://u@h/db?connect_timeout=3");
  EXPECT_EQ(WithConnectTimeout("postgresql://u@h/db?sslmode=disable", 3),
            "postgresql://u@h/db?sslmode=disable&connect_timeout=3");
  EXPECT_EQ(WithConnectTimeout("dbname=x connect_timeout=9", 3), "dbname=x connect_timeout=9");
}

TEST(PgPoolDsn, OverridesTheUserInBothDsnForms) {
  EXPECT_EQ(WithUser("host=/tmp user=opmon dbname=opmon", "reader"), "host=/tmp user=opmon dbname=opmon user=reader");
  EXPECT_EQ(WithUser("postgresql://opmon@h/db", "reader"), "postgresql://opmon@h/db?user=reader");
  EXPECT_EQ(WithUser("postgresql://h/db?sslmode=require", "reader"), "postgresql://h/db?sslmode=require&user=reader");
}

}  // namespace
}  // namespace opmon::pg
