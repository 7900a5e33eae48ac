#pragma once
// `opmonctl stats SLUG [--metric ...] [--statistic ...] [--parameter ...]
//   [--branch ...] [--where dim=value ...] [--from D] [--to D] [--csv]`:
// a project's statistics, every page, as an aligned table (default), CSV or
// JSON (--json).
// `opmonctl alerts SLUG [--since D] [--limit N]`: the project's alerts.
// Exit code 1 when the call fails (the message names the field at fault),
// 2 for bad flags.

namespace opmon::ctl {

class Commands;

void AddStatisticsCommands(const Commands& commands);

}  // namespace opmon::ctl
