#include "clients/opmonctl/migrate_command.h"

#include <iostream>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/global_options.h"
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
    std::cout << nlohmann::json{{"schema_version", report->schema_version}, {"applied", report->applied}}.dump(2)
              << "\n";
  } else {
    for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
    std::cout << "schema at version " << report->schema_version
              << (report->applied.empty() ? " (nothing to do)" : "") << "\n";
  }
  return 0;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("migrate", "apply pending schema migrations to the database");
  cmd->callback([&global, &exit_code] { exit_code = RunMigrate(global); });
}

}  // namespace opmon::ctl
