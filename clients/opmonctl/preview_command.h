#pragma once
// `opmonctl preview SLUG --date D [--sample-percent P] [--file F]`: a
// project's statistics over a sample of clients, computed but not stored;
// `opmonctl dry-run SLUG --date D [--file F]`: the SQL a run would execute,
// each statement checked with EXPLAIN (exit 1 when one fails).

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddPreviewCommands(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
