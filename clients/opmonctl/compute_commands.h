#pragma once
// The compute service's commands: run, backfill, preview, dry-run,
// jobs ls|get|cancel|watch and kernel percentile-ci.

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddComputeCommands(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
