#pragma once
// `opmonctl projects ls [--all]`, `projects get SLUG [--version N]
// [--resolved]`, `projects history SLUG`, `projects delete SLUG
// [--message M]`: stored projects through ConfigService. `get` prints the
// source as applied, or with --resolved the resolved project (JSON).

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddProjectsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
