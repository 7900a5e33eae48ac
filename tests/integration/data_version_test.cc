// opmon.data_versions bumps (common/results/data_version.h) against a real
// PostgreSQL: a project's bump is announced on opmon_data_versions at commit,
// a system relation's ('@' key: live windows, legacy aggregates) is counted
// but not announced, so frequent live ingest does not wake every listener.
#include <pqxx/pqxx>

#include <string>
#include <vector>

#include "common/live/live_relations.h"
#include "common/results/data_version.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"

namespace opmon::testing {
namespace {

class Payloads : public pqxx::notification_receiver {
 public:
  explicit Payloads(pqxx::connection_base& conn)
      : pqxx::notification_receiver(conn, std::string(results::kDataVersionsChannel)) {}
  void operator()(const std::string& payload, int /*backend_pid*/) override { received.push_back(payload); }
  std::vector<std::string> received;
};

class DataVersionTest : public PgTest {};

TEST_F(DataVersionTest, AProjectBumpIsAnnouncedAndASystemKeyIsOnlyCounted) {
  pqxx::connection listener(dsn());
  Payloads payloads(listener);
  pqxx::connection writer(dsn());
  const std::string system_key(live::kDataVersionKey);
  {
    pqxx::work tx(writer);
    EXPECT_EQ(results::BumpDataVersion(tx, "some-project"), 1);
    EXPECT_EQ(results::BumpDataVersion(tx, system_key), 1);
    EXPECT_EQ(results::BumpDataVersion(tx, system_key), 2);
    tx.commit();
  }
  // One transaction's notifications arrive together: wait for the first.
  for (int i = 0; i < 50 && payloads.received.empty(); ++i) listener.await_notification(0, 100'000);
  EXPECT_EQ(payloads.received, std::vector<std::string>{"some-project"});
  pqxx::work read(writer);
  EXPECT_EQ(read.exec_params1("SELECT version FROM opmon.data_versions WHERE slug = $1", system_key)[0].as<int>(), 2);
}

}  // namespace
}  // namespace opmon::testing
