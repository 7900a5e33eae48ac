#pragma once
// `opmonctl live EXPERIMENT --dataset D [--by-branch] [--from T] [--to T]`:
// one derived live series of an experiment (GetLiveSeries; datasets and
// rules in docs/live.md, Series) as a table, or JSON with --json. Times are
// RFC 3339; an unset value prints as "-" (null in JSON). Exit code 1 when the
// call fails (the message names the field at fault), 2 for bad flags.
// `live` (created once by main.cc) also holds `live ingest` / `live aggregate`;
// this one runs only when none of them is given.

namespace opmon::ctl {

class Commands;

void AddLiveSeriesCommand(const Commands& live);

}  // namespace opmon::ctl
