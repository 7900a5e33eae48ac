#pragma once
// `opmonctl tokens create NAME --role reader|operator|admin` (prints the
// token once, on stdout), `opmonctl tokens ls` (never the tokens) and
// `opmonctl tokens revoke NAME`, through the config service's TokenService.
// They need an admin token (OPMON_TOKEN or --token-file).

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddTokensCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
