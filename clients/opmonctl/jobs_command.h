#pragma once
// `opmonctl jobs ls|get ID|cancel ID|watch ID`: the compute job queue.

namespace opmon::ctl {

class Commands;

void AddJobsCommand(const Commands& commands);

}  // namespace opmon::ctl
