#pragma once
// `opmonctl migrate`: applies pending schema migrations to --db-url.

namespace opmon::ctl {

class Commands;

void AddMigrateCommand(const Commands& commands);

}  // namespace opmon::ctl
