#pragma once
// `opmonctl import aggregates --from-dump DIR | --from-db DSN [--type T]
// [--from DAY --to DAY] [--no-wait]`: starts a legacy import job
// (ComputeService.ImportLegacyAggregates) and follows it to its end with a
// progress bar (rows, bytes, tables). The dump directory is read by the
// compute service: a relative path is made absolute here, which is right when
// both run on one host. Exit code 1 when the job did not succeed (a refused
// day included; the job's error lists them).

namespace opmon::ctl {

class Commands;

void AddImportCommand(const Commands& commands);

}  // namespace opmon::ctl
