#pragma once
// `opmonctl validate FILE... [--compat] [--dry-run [--date D]]`: checks
// project files against the stored definitions and registry through
// ConfigService.ValidateProject; with --dry-run the SQL a run would execute
// is also checked with EXPLAIN (through compute), its errors reported at the
// metric or data source at fault. Diagnostics go to stderr compiler-style
// (`file:line:col: error: ...`); exit code 1 when any file has an error.

namespace opmon::ctl {

class Commands;

void AddValidateCommand(const Commands& commands);

}  // namespace opmon::ctl
