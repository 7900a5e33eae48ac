#include "services/statistics/domain/live_series_reader.h"

#include <string_view>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/results/data_version.h"

namespace opmon::statistics {
namespace {

// Channels of one window summed; counters in live::EventKind order.
const std::string& EnrollmentSql() {
  static const std::string sql = [] {
    std::string columns;
    for (const auto& [kind, name] : live::kEventKindNames) {
      absl::StrAppend(&columns, ", sum(\"", std::string(name), "\")::bigint");
    }
    return absl::StrCat("SELECT extract(epoch FROM window_start)::bigint, branch", columns, " FROM ",
                        std::string(live::kEnrollmentWindowsTable),
                        " WHERE experiment = $1 GROUP BY window_start, branch ORDER BY window_start");
  }();
  return sql;
}

const std::string& SearchSql() {
  static const std::string sql = absl::StrCat(
      "SELECT extract(epoch FROM window_start)::bigint, branch, sum(search_count)::bigint, "
      "sum(search_with_ads_count)::bigint, sum(ad_clicks_count)::bigint FROM ",
      std::string(live::kSearchWindowsTable), " WHERE experiment = $1 GROUP BY window_start, branch ORDER BY window_start");
  return sql;
}

// Per branch and over all branches (a client counts once per day).
const std::string& DailyClientsSql() {
  static const std::string sql = absl::StrCat(
      "SELECT (day - date '1970-01-01')::bigint * 86400, branch, GROUPING(branch) = 1, count(DISTINCT client_id) "
      "FROM ",
      std::string(live::kDailyClientsTable),
      " WHERE experiment = $1 GROUP BY GROUPING SETS ((day, branch), (day)) ORDER BY 1");
  return sql;
}

std::optional<std::string> OptionalText(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

absl::Time Seconds(const pqxx::field& f) { return absl::FromUnixSeconds(f.as<std::int64_t>()); }

}  // namespace

LiveInputs ReadLiveInputs(pqxx::connection_base& conn, const std::string& experiment, LiveSource source) {
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
  LiveInputs in;
  in.data_version = results::ReadDataVersion(tx, std::string(live::kDataVersionKey));
  switch (source) {
    case LiveSource::kEnrollmentWindows:
      for (const pqxx::row& row : tx.exec_params(EnrollmentSql(), experiment)) {
        EnrollmentWindowSum& w = in.enrollment.emplace_back();
        w.window_start = Seconds(row[0]);
        w.branch = OptionalText(row[1]);
        for (std::size_t i = 0; i < w.counts.size(); ++i) w.counts[i] = row[static_cast<int>(i) + 2].as<std::int64_t>();
      }
      break;
    case LiveSource::kSearchWindows:
      for (const pqxx::row& row : tx.exec_params(SearchSql(), experiment)) {
        in.search.push_back({Seconds(row[0]), OptionalText(row[1]), row[2].as<std::int64_t>(),
                             row[3].as<std::int64_t>(), row[4].as<std::int64_t>()});
      }
      break;
    case LiveSource::kDailyClients:
      for (const pqxx::row& row : tx.exec_params(DailyClientsSql(), experiment)) {
        in.daily_clients.push_back(
            {Seconds(row[0]), OptionalText(row[1]), row[2].as<bool>(), row[3].as<std::int64_t>()});
      }
      break;
  }
  tx.commit();
  return in;
}

}  // namespace opmon::statistics
