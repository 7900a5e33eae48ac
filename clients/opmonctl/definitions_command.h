#pragma once
// `opmonctl definitions apply FILE [--platform P] [--compat]` and
// `opmonctl definitions get P`: platform definitions and defaults files
// through ConfigService. P is the name the file is stored under; by default
// its platform, with "_defaults" appended for a defaults file.

namespace opmon::ctl {

class Commands;

void AddDefinitionsCommand(const Commands& commands);

}  // namespace opmon::ctl
