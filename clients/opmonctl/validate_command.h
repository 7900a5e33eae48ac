#pragma once
// `opmonctl validate FILE... [--compat]`: checks project files against the
// stored definitions and registry through ConfigService.ValidateProject.
// Diagnostics go to stderr compiler-style (`file:line:col: error: ...`);
// exit code 1 when any file has an error.

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddValidateCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
