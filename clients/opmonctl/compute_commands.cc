#include "clients/opmonctl/compute_commands.h"

#include "clients/opmonctl/jobs_command.h"
#include "clients/opmonctl/kernel_command.h"
#include "clients/opmonctl/preview_command.h"
#include "clients/opmonctl/run_command.h"

namespace opmon::ctl {

void AddComputeCommands(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  AddRunCommands(app, global, exit_code);
  AddPreviewCommands(app, global, exit_code);
  AddJobsCommand(app, global, exit_code);
  AddKernelCommand(app, global, exit_code);
}

}  // namespace opmon::ctl
