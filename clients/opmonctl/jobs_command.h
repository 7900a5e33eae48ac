#pragma once
// `opmonctl jobs ls|get ID|cancel ID|watch ID`: the compute job queue.

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddJobsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
