#pragma once
// `opmonctl status`: health and version of every service and the database.
// Exit code 1 when any of them is down.

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddStatusCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
