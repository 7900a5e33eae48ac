#pragma once
// What crash summaries and crash_rate alerts read of opmon.error_aggregates:
// the reference's data points (mozilla/missioncontrol etl/measure.py), one
// per 5-minute window, build and version of a platform, population rows only
// (experiment_id NULL), with the event measures summed and only where the
// usage is positive.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/errors/error_aggregates.h"
#include "common/pg/pg_fwd.h"

namespace opmon::statistics {

// The measures crash rates are computed for: every measure but count,
// subsession_count and usage_hours, in the order of error_aggregates.h.
const std::vector<errors::Measure>& EventMeasures();

// The major version of "122.0.1", "123.0b3" or "122": its leading integer;
// nullopt when it does not start with a digit.
std::optional<int> MajorVersion(const std::string& version);

struct CrashWindow {
  std::string platform;  // os_name; "" for NULL
  std::string version;   // display_version, else version
  int major = 0;         // MajorVersion(version)
  std::string build_id;
  absl::Time window_start;
  double usage_hours = 0;            // > 0
  std::vector<std::int64_t> events;  // parallel to EventMeasures()
};

struct CrashWindows {
  std::vector<CrashWindow> windows;  // by window_start
  std::int64_t data_version = 0;     // of the error aggregates, read in the same snapshot
};

// The windows of `channel` and `application` on every platform, in one
// read-only snapshot with the data version. Versions without a major are
// skipped. Throws pqxx exceptions: call inside pg::Pool::Run.
CrashWindows ReadCrashWindows(pqxx::connection_base& conn, const std::string& channel,
                              const std::string& application);

}  // namespace opmon::statistics
