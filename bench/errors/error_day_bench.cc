// The error aggregation of one day, timed in process (bench/errors/run.sh):
// opmon's migrations applied to --db-url, then RecomputeErrorDay (COPY out of
// the warehouse tables, aggregation in C++, the day's windows written back in
// one transaction) as RunErrorAggregation with recompute_day runs it,
// without the gRPC hop. Prints one line of JSON.
//
//   opmon_errors_day_bench --db-url URL --day YYYY-MM-DD
#include <cstdio>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/errors/error_day_recompute.h"

int main(int argc, char** argv) {
  std::string url, day_text;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db-url") url = argv[i + 1];
    if (flag == "--day") day_text = argv[i + 1];
  }
  auto day = opmon::time::ParseCivilDay(day_text, "--day");
  if (url.empty() || !day.ok()) {
    std::cerr << "usage: opmon_errors_day_bench --db-url URL --day YYYY-MM-DD\n";
    return 2;
  }
  opmon::pg::Pool pool(opmon::pg::PoolOptions{.dsn = url, .size = 2});
  if (auto migrated = opmon::pg::ApplyMigrations(pool); !migrated.ok()) {
    std::cerr << migrated.status() << "\n";
    return 1;
  }
  const absl::Time start = absl::Now();
  auto outcome = opmon::compute::errors::RecomputeErrorDay(pool, pool, *day);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!outcome.ok()) {
    std::cerr << outcome.status() << "\n";
    return 1;
  }
  std::cout << absl::StrCat("{\"seconds\": ", seconds, ", \"pings_read\": ", outcome->pings_read,
                            ", \"pings_accepted\": ", outcome->pings_accepted, ", \"rows_written\": ",
                            outcome->rows_written, ", \"read_seconds\": ", absl::ToDoubleSeconds(outcome->read_time),
                            ", \"write_seconds\": ", absl::ToDoubleSeconds(outcome->write_time),
                            ", \"windows_written_early\": ", outcome->windows_written_early,
                            ", \"windows_rewritten\": ", outcome->windows_rewritten, "}\n");
  return 0;
}
