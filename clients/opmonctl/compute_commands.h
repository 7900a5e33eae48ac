#pragma once
// The compute service's commands: run, backfill, preview, dry-run,
// jobs ls|get|cancel|watch and kernel percentile-ci.

namespace opmon::ctl {

class Commands;

void AddComputeCommands(const Commands& commands);

}  // namespace opmon::ctl
