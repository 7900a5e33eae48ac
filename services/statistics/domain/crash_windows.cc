#include "services/statistics/domain/crash_windows.h"

#include <cctype>
#include <string_view>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/results/data_version.h"
#include "common/sql/quote.h"

namespace opmon::statistics {
namespace {

// Grouped like the reference's data points; the version read is the display
// version when there is one (its major is the release's).
std::string WindowsSql() {
  std::vector<std::string> sums;
  for (errors::Measure m : EventMeasures()) {
    sums.push_back(absl::StrCat("sum(", sql::QuoteIdent(errors::MeasureName(m)), ")::bigint"));
  }
  return absl::StrCat(
      "SELECT COALESCE(os_name, ''), COALESCE(display_version, version), build_id, "
      "  extract(epoch FROM window_start)::bigint, sum(usage_hours), ",
      absl::StrJoin(sums, ", "), " FROM ", std::string(errors::kAggregatesTable),
      " WHERE channel = $1 AND application = $2 AND experiment_id IS NULL "
      "GROUP BY window_start, os_name, COALESCE(display_version, version), build_id "
      "HAVING sum(usage_hours) > 0 ORDER BY window_start");
}

}  // namespace

const std::vector<errors::Measure>& EventMeasures() {
  static const auto* const kMeasures = [] {
    auto* measures = new std::vector<errors::Measure>();
    for (const auto& [m, name] : errors::kMeasureNames) {
      if (m != errors::Measure::kCount && m != errors::Measure::kSubsessionCount &&
          m != errors::Measure::kUsageHours) {
        measures->push_back(m);
      }
    }
    return measures;
  }();
  return *kMeasures;
}

std::optional<int> MajorVersion(const std::string& version) {
  std::size_t digits = 0;
  while (digits < version.size() && digits < 6 && std::isdigit(static_cast<unsigned char>(version[digits]))) ++digits;
  if (digits == 0) return std::nullopt;
  return std::stoi(version.substr(0, digits));
}

CrashWindows ReadCrashWindows(pqxx::connection_base& conn, const std::string& channel,
                              const std::string& application) {
  static const std::string kSql = WindowsSql();
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
  CrashWindows out;
  out.data_version = results::ReadDataVersion(tx, std::string(errors::kDataVersionKey));
  const std::size_t measures = EventMeasures().size();
  for (const pqxx::row& row : tx.exec_params(kSql, channel, application)) {
    CrashWindow w;
    w.version = row[1].as<std::string>();
    std::optional<int> major = MajorVersion(w.version);
    if (!major) continue;
    w.major = *major;
    w.platform = row[0].as<std::string>();
    w.build_id = row[2].as<std::string>();
    w.window_start = absl::FromUnixSeconds(row[3].as<std::int64_t>());
    w.usage_hours = row[4].as<double>();
    w.events.reserve(measures);
    for (std::size_t i = 0; i < measures; ++i) w.events.push_back(row[static_cast<int>(5 + i)].as<std::int64_t>());
    out.windows.push_back(std::move(w));
  }
  return out;
}

}  // namespace opmon::statistics
