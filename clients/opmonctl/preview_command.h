#pragma once
// `opmonctl preview SLUG --date D [--sample-percent P] [--file F]`: a
// project's statistics over a sample of clients, computed but not stored;
// `opmonctl dry-run SLUG --date D [--file F]`: the SQL a run would execute,
// each statement checked with EXPLAIN (exit 1 when one fails).

namespace opmon::ctl {

class Commands;

void AddPreviewCommands(const Commands& commands);

}  // namespace opmon::ctl
