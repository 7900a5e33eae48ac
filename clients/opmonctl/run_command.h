#pragma once
// `opmonctl run SLUG --date D [--no-wait]` and
// `opmonctl backfill SLUG --from A --to B [--wait]`: queue compute jobs and,
// unless told not to, follow them to the end (a progress bar on a terminal).
// Exit code 1 when a job did not succeed.

namespace opmon::ctl {

class Commands;

void AddRunCommands(const Commands& commands);

}  // namespace opmon::ctl
