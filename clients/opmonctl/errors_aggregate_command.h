#pragma once
// `opmonctl errors aggregate [--day D] [--json]`: one incremental pass of the
// error aggregation now (ComputeService.RunErrorAggregation), or with --day
// the final recompute of that UTC day; prints the pings read, accepted and
// rejected per reason, the windows and rows written and the watermark.
// Exit code 0 on success, 1 when the call failed, 2 for a bad flag.

namespace opmon::ctl {

class Commands;

// Adds `aggregate` under `errors` (opmonctl's `errors` subcommand).
void AddErrorsAggregateCommand(const Commands& errors);

}  // namespace opmon::ctl
