// opmonctl: the command-line client for people and CI jobs.
#include <iostream>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/apply_command.h"
#include "clients/opmonctl/config_command.h"
#include "clients/opmonctl/crash_summary_command.h"
#include "clients/opmonctl/definitions_command.h"
#include "clients/opmonctl/errors_command.h"
#include "clients/opmonctl/experiments_command.h"
#include "clients/opmonctl/compute_commands.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/import_command.h"
#include "clients/opmonctl/legacy_command.h"
#include "clients/opmonctl/errors_aggregate_command.h"
#include "clients/opmonctl/live_ingest_command.h"
#include "clients/opmonctl/live_series_command.h"
#include "clients/opmonctl/lookml_command.h"
#include "clients/opmonctl/migrate_command.h"
#include "clients/opmonctl/projects_command.h"
#include "clients/opmonctl/statistics_commands.h"
#include "clients/opmonctl/status_command.h"
#include "clients/opmonctl/tokens_command.h"
#include "clients/opmonctl/validate_command.h"

int main(int argc, char** argv) {
  CLI::App app{"opmonctl: administer opmon (config, compute, statistics, lookml)", "opmonctl"};
  app.require_subcommand(1);
  opmon::ctl::GlobalOptions global;
  opmon::ctl::AddGlobalFlags(app, global);
  int exit_code = 0;
  opmon::ctl::AddStatusCommand(app, global, exit_code);
  opmon::ctl::AddMigrateCommand(app, global, exit_code);
  opmon::ctl::AddStatisticsCommands(app, global, exit_code);
  opmon::ctl::AddLegacyCommand(app, global, exit_code);
  opmon::ctl::AddComputeCommands(app, global, exit_code);
  opmon::ctl::AddImportCommand(app, global, exit_code);
  opmon::ctl::AddValidateCommand(app, global, exit_code);
  opmon::ctl::AddApplyCommand(app, global, exit_code);
  opmon::ctl::AddProjectsCommand(app, global, exit_code);
  opmon::ctl::AddDefinitionsCommand(app, global, exit_code);
  opmon::ctl::AddExperimentsCommand(app, global, exit_code);
  opmon::ctl::AddConfigCommand(app, global, exit_code);
  opmon::ctl::AddLookmlCommand(app, global, exit_code);
  opmon::ctl::AddTokensCommand(app, global, exit_code);
  // `live EXPERIMENT` shows a series; `live ingest` / `live aggregate` feed compute.
  CLI::App* live = app.add_subcommand("live", "live experiment monitoring (docs/live.md)");
  opmon::ctl::AddLiveSeriesCommand(*live, global, exit_code);
  opmon::ctl::AddLiveIngestCommand(*live, global, exit_code);
  // `errors --measurement M ...` queries the crash and error aggregates (docs/errors.md).
  CLI::App* errors = app.add_subcommand("errors", "crash and error aggregates (docs/errors.md)");
  opmon::ctl::AddErrorsQueryCommand(*errors, global, exit_code);
  // `errors aggregate` feeds compute (docs/errors.md).
  opmon::ctl::AddErrorsAggregateCommand(*errors, global, exit_code);
  CLI::App* crashes = app.add_subcommand("crashes", "crash rates per release (docs/errors.md)");
  crashes->require_subcommand(1);
  opmon::ctl::AddCrashSummaryCommand(*crashes, global, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
