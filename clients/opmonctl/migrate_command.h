#pragma once
// `opmonctl migrate`: applies pending schema migrations to --db-url.

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddMigrateCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
