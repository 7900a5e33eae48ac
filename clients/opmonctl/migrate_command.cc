#include "clients/opmonctl/migrate_command.h"

#include <iostream>

#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "nlohmann/json.hpp"

namespace opmon::ctl {
namespace {

int RunMigrate(const GlobalOptions& g) {
  if (g.db_url.empty()) {
    std::cerr << "opmonctl migrate: --db-url (or OPMON_DB_URL) is required\n";
    return 2;
  }
  pg::Pool pool(pg::PoolOptions{.dsn = g.db_url, .size = 1});
  auto report = pg::ApplyMigrations(pool);
  if (!report.ok()) {
    std::cerr << "opmonctl migrate: " << report.status().message() << "\n";
    return 1;
  }
  if (g.json) {
    PrintJson({{"schema_version", report->schema_version}, {"applied", report->applied}});
  } else {
    for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
    std::cout << "schema at version " << report->schema_version
              << (report->applied.empty() ? " (nothing to do)" : "") << "\n";
  }
  return 0;
}

}  // namespace

void AddMigrateCommand(const Commands& commands) {
  commands.Add("migrate", "apply pending schema migrations to the database", RunMigrate);
}

}  // namespace opmon::ctl
