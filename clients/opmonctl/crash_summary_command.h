#pragma once
// `opmonctl crashes summary --channel C [--platform P] [--application A]
//   [--measure M ...]`: per platform and measure, the crash rates of the
// current major version and the three before it (GetCrashSummary,
// docs/errors.md), as a table (rates per 1,000 usage hours, the change of
// the adjusted rate flagged beyond ±25%, the platform's summary rate) or
// JSON (--json). Exit code 1 when the call fails, 2 for bad flags.

namespace opmon::ctl {

class Commands;

// Adds `summary` under `crashes`.
void AddCrashSummaryCommand(const Commands& crashes);

}  // namespace opmon::ctl
