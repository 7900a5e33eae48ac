#pragma once
// `opmonctl errors --measurement M ... [--dimension D ...] [--filter D=V[,V2] ...]
//   [--from T] [--to T]`: crash and error aggregates (QueryErrorAggregates;
// rules in docs/errors.md, Aggregates API): the measures summed per group of
// the dimensions (window_start always among them), every page fetched, as a
// table or JSON (--json). --filter D=V is equality (D= matches NULL),
// D=V1,V2 an inclusive range. A NULL dimension value prints as "null" (null
// in JSON). Exit code 1 when the call fails (the message names the
// measurement, dimension or filter at fault), 2 for bad flags.
// `errors` (created once by main.cc) may hold other subcommands (e.g.
// `errors aggregate`); this one runs only when none of them is given.

namespace opmon::ctl {

class Commands;

void AddErrorsQueryCommand(const Commands& errors);

}  // namespace opmon::ctl
