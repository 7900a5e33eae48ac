#include "clients/opmonctl/import_command.h"

#include <filesystem>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_watch.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/shared_options.h"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct ImportOptions {
  std::string dump;
  std::string db;
  std::string type;
  std::string from;
  std::string to;
  bool no_wait = false;
  double wait_seconds = 24 * 3600;
};

int RunImport(const GlobalOptions& global, const ImportOptions& o) {
  v1::ImportLegacyAggregatesRequest request;
  if (!o.dump.empty()) {
    request.set_dump_directory(std::filesystem::absolute(o.dump).lexically_normal().string());
  } else {
    request.set_database_url(o.db);
  }
  request.set_aggregate_type(o.type);
  request.set_from_date(o.from);
  request.set_to_date(o.to);
  return FollowQueuedJob(global, Call(global, &v1::ComputeService::Stub::ImportLegacyAggregates, request), o.no_wait,
                         o.wait_seconds);
}

}  // namespace

void AddImportCommand(const Commands& commands) {
  const Commands import = commands.Group("import", "import data from outside opmon");
  auto o = std::make_shared<ImportOptions>();
  CLI::App* cmd = import.app().add_subcommand(
      "aggregates", "import legacy telemetry aggregates (mozaggregator's build_id_* / submission_date_* tables)");
  CLI::Option* dump =
      cmd->add_option("--from-dump", o->dump, "a pg_dump --format directory dump (read by the compute service)");
  CLI::Option* db = cmd->add_option("--from-db", o->db, "libpq DSN or URI of a PostgreSQL holding the tables");
  dump->excludes(db);
  db->excludes(dump);
  cmd->add_option("--type", o->type, "only this aggregate type")->check(CLI::IsMember({"build_id", "submission_date"}));
  cmd->add_option("--from", o->from, "first day, YYYY-MM-DD (the tables' date)");
  cmd->add_option("--to", o->to, "last day (inclusive), YYYY-MM-DD");
  cmd->add_flag("--no-wait", o->no_wait, "start the job and print it without following it");
  AddWaitTimeoutOption(*cmd, o->wait_seconds, "give up following after this many seconds");
  import.OnRun(*cmd, [o, dump, db](const GlobalOptions& global) {
    if (dump->count() == 0 && db->count() == 0) throw CLI::RequiredError("--from-dump or --from-db");
    return RunImport(global, *o);
  });
}

}  // namespace opmon::ctl
