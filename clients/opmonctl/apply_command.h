#pragma once
// `opmonctl apply FILE... [--message M] [--compat] [--slug S]`: stores each
// project file through ConfigService.ApplyProject (slug: the file name
// unless --slug, which needs exactly one file). Prints the version and diff
// summary per file; errors go to stderr compiler-style and make the exit
// code 1 (files after a failed one are still applied).

namespace opmon::ctl {

class Commands;

void AddApplyCommand(const Commands& commands);

}  // namespace opmon::ctl
