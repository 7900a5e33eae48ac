#include "clients/opmonctl/global_options.h"

#include <cstdlib>
#include <string>

#include "CLI/CLI.hpp"
#include "common/auth/bearer_token.h"
#include "common/grpc/tls_flags.h"

namespace opmon::ctl {

void AddGlobalFlags(CLI::App& app, GlobalOptions& o) {
  app.add_option("--config-addr", o.config_addr, "config service address")
      ->envname("OPMON_CONFIG_ADDR")->capture_default_str();
  app.add_option("--compute-addr", o.compute_addr, "compute service address")
      ->envname("OPMON_COMPUTE_ADDR")->capture_default_str();
  app.add_option("--statistics-addr", o.statistics_addr, "statistics service address")
      ->envname("OPMON_STATISTICS_ADDR")->capture_default_str();
  app.add_option("--lookml-addr", o.lookml_addr, "lookml service address")
      ->envname("OPMON_LOOKML_ADDR")->capture_default_str();
  app.add_option("--db-url", o.db_url, "PostgreSQL DSN of opmon's database")->envname("OPMON_DB_URL");
  app.add_option("--timeout", o.timeout_seconds, "deadline of each call, seconds")
      ->envname("OPMON_TIMEOUT")->capture_default_str()->check(CLI::Range(0.1, 86400.0));
  // Every channel takes its token from OPMON_TOKEN (client_channel.h), so
  // the file's token is put there, before any subcommand runs a call.
  app.add_option_function<std::string>(
      "--token-file",
      [](const std::string& path) {
        absl::StatusOr<std::string> token = auth::ReadTokenFile(path);
        if (!token.ok()) throw CLI::ValidationError("--token-file", std::string(token.status().message()));
        setenv("OPMON_TOKEN", token->c_str(), 1);
      },
      "file holding the access token (default: $OPMON_TOKEN)");
  app.add_flag("--json", o.json, "print JSON instead of a table");
  grpc_edge::AddClientTlsFlags(app, o.tls_files);
  // Runs before the subcommand's callback, which makes the calls.
  app.parse_complete_callback([&o] {
    absl::StatusOr<grpc_edge::ClientTls> tls = grpc_edge::LoadClientTls(o.tls_files);
    if (!tls.ok()) throw CLI::ValidationError(std::string(tls.status().message()));
    o.channel.tls = *std::move(tls);
  });
  // Subcommands inherit fallthrough when they are created: an option a
  // subcommand does not know goes up to its parent, and so on to `app`.
  app.fallthrough();
  app.footer(
      "Options of opmonctl itself (--json, --timeout, --db-url, --token-file, --*-addr, --tls-*) may also follow "
      "the subcommand.");
}

}  // namespace opmon::ctl
