#include "services/compute/domain/live/day_recompute.h"

#include <pqxx/pqxx>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/live/live_relations.h"
#include "common/pg/pool.h"
#include "common/results/data_version.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/live/window_sql.h"

namespace opmon::compute::live {
namespace {

using opmon::live::kDailyClientsTable;
using opmon::live::kDataVersionKey;
using opmon::live::kEnrollmentWindowsTable;
using opmon::live::kEventsTable;
using opmon::live::kSearchWindowsTable;

// $2, $3: the day's first instant and the next day's, UTC.
const std::string& RecomputeSql() {
  static const std::string* const kSql = new std::string(absl::StrCat(
      "WITH day_events AS (SELECT ", kWindowInputColumns, " FROM ", Sql(kEventsTable),
      " WHERE submission_timestamp >= $2::timestamptz AND submission_timestamp < $3::timestamptz), ",
      AddToWindowsSql("day_events")));
  return *kSql;
}

}  // namespace

absl::StatusOr<RecomputeCounts> RecomputeLiveDay(pg::Pool& pool, absl::CivilDay day) {
  const std::string from = absl::StrCat(time::FormatCivilDay(day), "T00:00:00Z");
  const std::string to = absl::StrCat(time::FormatCivilDay(day + 1), "T00:00:00Z");
  return pool.RunFor<RecomputeCounts>("recomputing a live day", [&](pqxx::connection& c) -> absl::StatusOr<RecomputeCounts> {
    pqxx::work tx(c);
    tx.exec(absl::StrCat("LOCK TABLE ", Sql(kEventsTable), " IN SHARE MODE"));
    int64_t deleted = 0;
    for (absl::string_view table : {Sql(kEnrollmentWindowsTable), Sql(kSearchWindowsTable)}) {
      deleted += tx.exec_params(absl::StrCat("DELETE FROM ", table,
                                             " WHERE window_start >= $1::timestamptz AND window_start < $2::timestamptz"),
                                from, to)
                     .affected_rows();
    }
    deleted += tx.exec_params(absl::StrCat("DELETE FROM ", Sql(kDailyClientsTable), " WHERE day = $1::date"),
                              time::FormatCivilDay(day))
                   .affected_rows();
    const pqxx::row r = tx.exec_params1(RecomputeSql(), WindowInterval(), from, to);
    RecomputeCounts counts{r[0].as<int64_t>(), r[1].as<int64_t>()};
    // A day with nothing stored and nothing to remove changes no series.
    if (deleted > 0 || counts.events > 0) results::BumpDataVersion(tx, std::string(kDataVersionKey));
    tx.commit();
    return counts;
  });
}

}  // namespace opmon::compute::live
