#pragma once
// Shared pieces of the lookml integration tests: projects stored as the
// config service stores them, statistics and alerts rows written as compute
// and statistics write them, and a wait (inotify, with a deadline) for the
// output directory's symlink to be replaced.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/config/project.h"
#include "tests/testing/sql_value.h"
#include "tests/testing/stored_results.h"

namespace opmon::lookml::testing {

using ::opmon::testing::RegisterProject;

using ::opmon::testing::StatRow;

// Creates the results tables (common/results), appends `rows` and bumps the
// project's data version, in one transaction.
void AppendStatistics(const std::string& dsn, const config::ResolvedProject& project,
                      const std::vector<results::StatisticsRow>& rows);

// Creates opmon_results."<table>_alerts" (results::AlertsSchema, as the
// statistics service does) and inserts one alert.
void InsertAlert(const std::string& dsn, const config::ResolvedProject& project, const std::string& date,
                 const std::vector<std::string>& dimensions, const std::string& metric, const std::string& message);

using ::opmon::testing::QueryValue;

// Watches the directory containing `link` for `link` being (re)created by a
// rename, up to `timeout`. Construct before the action that triggers it.
class SymlinkWatch {
 public:
  explicit SymlinkWatch(const std::string& link);
  ~SymlinkWatch();
  // OK when the link was renamed into place; DeadlineExceeded otherwise.
  absl::Status Wait(absl::Duration timeout);

 private:
  int fd_ = -1;
  std::string name_;
};

}  // namespace opmon::lookml::testing
