#pragma once
// `opmonctl definitions apply FILE [--platform P] [--compat]` and
// `opmonctl definitions get P`: platform definitions and defaults files
// through ConfigService. P is the name the file is stored under; by default
// its platform, with "_defaults" appended for a defaults file.

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddDefinitionsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
