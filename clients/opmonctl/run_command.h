#pragma once
// `opmonctl run SLUG --date D [--no-wait]` and
// `opmonctl backfill SLUG --from A --to B [--wait]`: queue compute jobs and,
// unless told not to, follow them to the end (a progress bar on a terminal).
// Exit code 1 when a job did not succeed.

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddRunCommands(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
