#pragma once
// `opmonctl run SLUG --date D [--no-wait]` and
// `opmonctl backfill SLUG --from A --to B [--wait]`: queue compute jobs and,
// unless told not to, follow them to the end (a progress bar on a terminal).
// Exit code 1 when a job did not succeed.

#include <cstdint>

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddRunCommands(CLI::App& app, const GlobalOptions& global, int& exit_code);

// Follows job `id` through WatchJob until it ends, printing progress to
// stderr (a bar when it is a terminal) unless `quiet`; returns 0 when it
// succeeded, 1 otherwise.
int FollowJob(const GlobalOptions& global, int64_t id, double wait_seconds, bool quiet);

}  // namespace opmon::ctl
