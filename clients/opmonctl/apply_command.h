#pragma once
// `opmonctl apply FILE... [--message M] [--compat] [--slug S]`: stores each
// project file through ConfigService.ApplyProject (slug: the file name
// unless --slug, which needs exactly one file). Prints the version and diff
// summary per file; errors go to stderr compiler-style and make the exit
// code 1 (files after a failed one are still applied).

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddApplyCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
