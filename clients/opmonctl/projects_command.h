#pragma once
// `opmonctl projects ls [--all]`, `projects get SLUG [--version N]
// [--resolved]`, `projects history SLUG`, `projects delete SLUG
// [--message M]`: stored projects through ConfigService. `get` prints the
// source as applied, or with --resolved the resolved project (JSON).

namespace opmon::ctl {

class Commands;

void AddProjectsCommand(const Commands& commands);

}  // namespace opmon::ctl
