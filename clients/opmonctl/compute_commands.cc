#include "clients/opmonctl/compute_commands.h"

#include "clients/opmonctl/jobs_command.h"
#include "clients/opmonctl/kernel_command.h"
#include "clients/opmonctl/preview_command.h"
#include "clients/opmonctl/run_command.h"

namespace opmon::ctl {

void AddComputeCommands(const Commands& commands) {
  AddRunCommands(commands);
  AddPreviewCommands(commands);
  AddJobsCommand(commands);
  AddKernelCommand(commands);
}

}  // namespace opmon::ctl
