// pg::CopyWriter against a real PostgreSQL, sending inline and on its own
// thread: every row arrives, a row PostgreSQL refuses surfaces as an
// exception by Complete, and a writer dropped without Complete neither
// hangs nor leaves rows behind.
#include "common/pg/copy_writer.h"

#include <pqxx/pqxx>

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"

namespace opmon::testing {
namespace {

using Sending = pg::CopyWriter::Sending;

class CopyWriterTest : public PgTest, public ::testing::WithParamInterface<Sending> {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    pqxx::connection c(dsn());
    pqxx::work tx(c);
    tx.exec("DROP TABLE IF EXISTS copy_target");
    tx.exec("CREATE TABLE copy_target (id bigint NOT NULL, label text)");
    tx.commit();
  }
};

// More rows than the thread's queue holds (kMaxQueued batches of
// kBatchBytes), so Write also waits for the sender.
TEST_P(CopyWriterTest, EveryRowArrives) {
  constexpr int64_t kRows = 200000;  // ~5 MB of lines
  static_assert(kRows * 20 > pg::CopyWriter::kMaxQueued * pg::CopyWriter::kBatchBytes);
  pqxx::connection c(dsn());
  pqxx::work tx(c);
  pg::CopyWriter writer(tx, "copy_target (id, label)", GetParam());
  for (int64_t i = 1; i <= kRows; ++i) writer.Write(absl::StrCat(i, "\trow number ", i));
  writer.Complete();
  const pqxx::row r = tx.exec1("SELECT count(*), sum(id), count(DISTINCT label) FROM copy_target");
  EXPECT_EQ(r[0].as<int64_t>(), kRows);
  EXPECT_EQ(r[1].as<int64_t>(), kRows * (kRows + 1) / 2);
  EXPECT_EQ(r[2].as<int64_t>(), kRows);
}

TEST_P(CopyWriterTest, ARefusedRowSurfacesByComplete) {
  pqxx::connection c(dsn());
  pqxx::work tx(c);
  pg::CopyWriter writer(tx, "copy_target (id, label)", GetParam());
  EXPECT_THROW(
      {
        for (int i = 0; i < 100000; ++i) writer.Write(i == 50000 ? "not a number\tx" : absl::StrCat(i, "\tx"));
        writer.Complete();
      },
      pqxx::sql_error);
}

TEST_P(CopyWriterTest, DroppedWithoutCompleteLeavesNoRows) {
  {
    pqxx::connection c(dsn());
    pqxx::work tx(c);
    pg::CopyWriter writer(tx, "copy_target (id, label)", GetParam());
    for (int i = 0; i < 100000; ++i) writer.Write(absl::StrCat(i, "\tx"));
  }  // writer, then the uncommitted transaction
  pqxx::connection c(dsn());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM copy_target")[0].as<int64_t>(), 0);
}

INSTANTIATE_TEST_SUITE_P(Sending, CopyWriterTest, ::testing::Values(Sending::kInline, Sending::kOnItsOwnThread),
                         [](const ::testing::TestParamInfo<Sending>& param) {
                           return param.param == Sending::kInline ? "Inline" : "OnItsOwnThread";
                         });

}  // namespace
}  // namespace opmon::testing
