// opmonctl: the command-line client for people and CI jobs.
#include <iostream>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/apply_command.h"
#include "clients/opmonctl/command_registration.h"
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
  const opmon::ctl::Commands commands(app, global, exit_code);
  opmon::ctl::AddStatusCommand(commands);
  opmon::ctl::AddMigrateCommand(commands);
  opmon::ctl::AddStatisticsCommands(commands);
  opmon::ctl::AddLegacyCommand(commands);
  opmon::ctl::AddComputeCommands(commands);
  opmon::ctl::AddImportCommand(commands);
  opmon::ctl::AddValidateCommand(commands);
  opmon::ctl::AddApplyCommand(commands);
  opmon::ctl::AddProjectsCommand(commands);
  opmon::ctl::AddDefinitionsCommand(commands);
  opmon::ctl::AddExperimentsCommand(commands);
  opmon::ctl::AddConfigCommand(commands);
  opmon::ctl::AddLookmlCommand(commands);
  opmon::ctl::AddTokensCommand(commands);
  // `live EXPERIMENT` shows a series; `live ingest` / `live aggregate` feed compute.
  const opmon::ctl::Commands live = commands.Parent("live", "live experiment monitoring (docs/live.md)");
  opmon::ctl::AddLiveSeriesCommand(live);
  opmon::ctl::AddLiveIngestCommand(live);
  // `errors --measurement M ...` queries the crash and error aggregates (docs/errors.md).
  const opmon::ctl::Commands errors = commands.Parent("errors", "crash and error aggregates (docs/errors.md)");
  opmon::ctl::AddErrorsQueryCommand(errors);
  // `errors aggregate` feeds compute (docs/errors.md).
  opmon::ctl::AddErrorsAggregateCommand(errors);
  opmon::ctl::AddCrashSummaryCommand(commands.Group("crashes", "crash rates per release (docs/errors.md)"));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
