#pragma once
// `opmonctl tokens create NAME --role reader|operator|admin` (prints the
// token once, on stdout), `opmonctl tokens ls` (never the tokens) and
// `opmonctl tokens revoke NAME`, through the config service's TokenService.
// They need an admin token (OPMON_TOKEN or --token-file).

namespace opmon::ctl {

class Commands;

void AddTokensCommand(const Commands& commands);

}  // namespace opmon::ctl
