#pragma once
// `opmonctl status`: health and version of every service and the database.
// Exit code 1 when any of them is down.

namespace opmon::ctl {

class Commands;

void AddStatusCommand(const Commands& commands);

}  // namespace opmon::ctl
