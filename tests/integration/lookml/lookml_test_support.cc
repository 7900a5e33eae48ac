#include "tests/integration/lookml/lookml_test_support.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/config/canonical_json.h"
#include "common/results/results_tables.h"
#include "common/sql/quote.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::lookml::testing {

void AppendStatistics(const std::string& dsn, const config::ResolvedProject& project,
                      const std::vector<results::StatisticsRow>& rows) {
  ::opmon::testing::WriteStatistics(dsn, project, {}, rows);
}

void InsertAlert(const std::string& dsn, const config::ResolvedProject& project, const std::string& date,
                 const std::vector<std::string>& dimensions, const std::string& metric, const std::string& message) {
  absl::StatusOr<results::RelationSchema> alerts = results::AlertsSchema(project);
  ASSERT_THAT(alerts, IsOk());
  std::string names = "submission_date";
  std::string values = absl::StrCat("'", date, "'");
  for (size_t i = 0; i < project.dimensions.size(); ++i) {
    absl::StrAppend(&names, ", ", sql::QuoteIdent(project.dimensions[i].name));
    absl::StrAppend(&values, ", '", i < dimensions.size() ? dimensions[i] : "", "'");
  }
  pqxx::connection conn(dsn);
  pqxx::work tx(conn);
  tx.exec(results::CreateTableSql(alerts->table, alerts->columns));
  tx.exec_params(absl::StrCat("INSERT INTO ", alerts->table.Qualified(), " (", names,
                              ", branch, metric, statistic, parameter, alert_name, alert_type, message, raised_at) "
                              "VALUES (",
                              values, ", 'active', $1, 'sum', NULL, 'weekly_drift', 'avg_diff', $2, now())"),
                 metric, message);
  tx.commit();
}

SymlinkWatch::SymlinkWatch(const std::string& link) {
  const std::filesystem::path path(link);
  name_ = path.filename().string();
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ >= 0) inotify_add_watch(fd_, path.parent_path().c_str(), IN_MOVED_TO | IN_CREATE);
}

SymlinkWatch::~SymlinkWatch() {
  if (fd_ >= 0) close(fd_);
}

absl::Status SymlinkWatch::Wait(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  alignas(inotify_event) char buffer[4096];
  while (fd_ >= 0) {
    const int remaining_ms = static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
    if (remaining_ms <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, remaining_ms) <= 0) continue;
    const ssize_t n = read(fd_, buffer, sizeof(buffer));
    for (ssize_t i = 0; i < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + i);
      if ((event->mask & IN_MOVED_TO) != 0 && event->len > 0 && name_ == event->name) return absl::OkStatus();
      i += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
  return absl::DeadlineExceededError(absl::StrCat("no new tree published at ", name_));
}

}  // namespace opmon::lookml::testing
