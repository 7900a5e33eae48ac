#pragma once
// `opmonctl live ingest FILE [--batch-size N] [--retries N]`: sends the
// NDJSON live events of FILE ("-": stdin) through ComputeService.IngestEvents
// in batches and prints what the server stored, the duplicates (event ids
// already stored: re-sending a file is safe) and every rejected line
// (FILE:LINE: message), whether opmonctl or the server refused it. A
// stream that fails UNAVAILABLE is sent again from the start, up to
// --retries times. Exit code 0 once every batch is stored (rejected rows
// included), 1 when the call failed, 2 for a bad flag or an unreadable file.

namespace opmon::ctl {

class Commands;

// Adds `ingest` and `aggregate` under `live` (opmonctl's `live` subcommand).
void AddLiveIngestCommand(const Commands& live);

}  // namespace opmon::ctl
