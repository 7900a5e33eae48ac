#pragma once
// `opmonctl legacy --channel C --version V --metric M [--type build_id|submission_date]
//   [--from DAY] [--to DAY] [--os ..] [--os-version ..] [--application ..]
//   [--architecture ..] [--label ..] [--child ..]`: imported legacy
// (mozaggregator) aggregates merged per date and label (QueryLegacyAggregates),
// as a table (DATE, LABEL, ROWS, COUNT, SUM, HISTOGRAM) or JSON (--json).
// Exit code 1 when the call fails (the message names the field at fault),
// 2 for bad flags.

namespace opmon::ctl {

class Commands;

void AddLegacyCommand(const Commands& commands);

}  // namespace opmon::ctl
