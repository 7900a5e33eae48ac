// Migrations against a real PostgreSQL: idempotent, safe when many processes
// start at once, and loud when an applied migration was edited.
#include "common/pg/migrations.h"

#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    name_ = "migrations_" + std::to_string(counter_++);
    ASSERT_THAT(SharedPgCluster().CreateDatabase(name_), IsOk());
  }
  std::string dsn() const { return SharedPgCluster().Dsn(name_); }
  std::string name_;
  static inline int counter_ = 0;
};

TEST_F(MigrationsTest, AppliesEveryMigrationOnceAndThenNothing) {
  pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 1});
  auto first = pg::ApplyMigrations(pool);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->applied.size(), pg::EmbeddedMigrations().size());
  EXPECT_EQ(first->schema_version, pg::EmbeddedMigrations().back().version);
  auto second = pg::ApplyMigrations(pool);
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(second->applied.empty());
  auto version = pg::CurrentSchemaVersion(pool);
  ASSERT_THAT(version, IsOk());
  EXPECT_EQ(*version, pg::EmbeddedMigrations().back().version);
}

TEST_F(MigrationsTest, ConcurrentStartsApplyEachMigrationExactlyOnce) {
  std::vector<std::jthread> threads;
  std::vector<absl::StatusOr<pg::MigrationReport>> reports(6, absl::UnknownError("not run"));
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 1});
      reports[i] = pg::ApplyMigrations(pool);
    });
  }
  threads.clear();
  size_t total_applied = 0;
  for (const auto& r : reports) {
    ASSERT_THAT(r, IsOk());
    total_applied += r->applied.size();
  }
  EXPECT_EQ(total_applied, pg::EmbeddedMigrations().size());
}

TEST_F(MigrationsTest, RefusesADatabaseWhoseAppliedMigrationWasEdited) {
  pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 1});
  ASSERT_THAT(pg::ApplyMigrations(pool), IsOk());
  ASSERT_TRUE(SharedPgCluster().Exec(name_, "UPDATE opmon.schema_migrations SET checksum = 'x' WHERE version = 1").ok());
  auto again = pg::ApplyMigrations(pool);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(again.status().message()), HasSubstr("0001_initial was edited after it was applied"));
}

TEST(EmbeddedMigrations, AreNumberedFromOneWithoutGaps) {
  const auto& all = pg::EmbeddedMigrations();
  ASSERT_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i + 1)) << all[i].name;
    EXPECT_EQ(all[i].checksum.size(), 64u);
  }
}

}  // namespace
}  // namespace opmon::testing
