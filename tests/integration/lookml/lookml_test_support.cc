#include "tests/integration/lookml/lookml_test_support.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/config/canonical_json.h"
#include "common/results/data_version.h"
#include "common/results/results_schema.h"
#include "common/results/results_tables.h"
#include "common/sql/quote.h"
#include "gtest/gtest.h"

namespace opmon::lookml::testing {

void AppendStatistics(const std::string& dsn, const config::ResolvedProject& project,
                      const std::vector<StatRow>& rows) {
  pqxx::connection conn(dsn);
  absl::Status ensured = results::EnsureResultsTables(conn, project);
  ASSERT_TRUE(ensured.ok()) << ensured;
  std::vector<std::string> columns = {"submission_date", "build_id"};
  for (const config::Dimension& d : project.dimensions) columns.push_back(sql::QuoteIdent(d.name));
  for (const char* c : {"branch", "metric", "statistic", "parameter", "point", "lower", "upper"}) columns.push_back(c);
  std::vector<std::string> values;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i == 0) values.push_back("$1::date");
    else if (i >= columns.size() - 3) values.push_back(absl::StrCat("NULLIF($", i + 1, ", '')::float8"));
    else values.push_back(absl::StrCat("NULLIF($", i + 1, ", '')"));
  }
  const std::string sql = absl::StrCat("INSERT INTO ", results::StatisticsTable(project).Qualified(), " (",
                                       absl::StrJoin(columns, ", "), ") VALUES (", absl::StrJoin(values, ", "), ")");
  pqxx::work tx(conn);
  auto number = [](const std::optional<double>& v) { return v ? absl::StrFormat("%.17g", *v) : std::string(); };
  for (const StatRow& r : rows) {
    std::vector<std::string> params = {r.date, r.build_id};
    params.insert(params.end(), r.dimensions.begin(), r.dimensions.end());
    for (const std::string* s : {&r.branch, &r.metric, &r.statistic, &r.parameter}) params.push_back(*s);
    params.push_back(number(r.point));
    params.push_back(number(r.lower));
    params.push_back(number(r.upper));
    tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params.begin(), params.end()));
  }
  results::BumpDataVersion(tx, project.slug);
  tx.commit();
}

void InsertAlert(const std::string& dsn, const config::ResolvedProject& project, const std::string& date,
                 const std::vector<std::string>& dimensions, const std::string& metric, const std::string& message) {
  const std::string table = sql::QualifiedName("opmon_results", project.table_name + "_alerts");
  std::string columns = "submission_date date NOT NULL, build_id text";
  std::string names = "submission_date";
  std::string values = absl::StrCat("'", date, "'");
  for (size_t i = 0; i < project.dimensions.size(); ++i) {
    absl::StrAppend(&columns, ", ", sql::QuoteIdent(project.dimensions[i].name), " text");
    absl::StrAppend(&names, ", ", sql::QuoteIdent(project.dimensions[i].name));
    absl::StrAppend(&values, ", '", i < dimensions.size() ? dimensions[i] : "", "'");
  }
  absl::StrAppend(&columns,
                  ", branch text NOT NULL, metric text NOT NULL, statistic text NOT NULL, parameter text, "
                  "alert_name text NOT NULL, alert_type text NOT NULL, message text NOT NULL, "
                  "point double precision, lower double precision, upper double precision, "
                  "raised_at timestamptz NOT NULL DEFAULT now()");
  pqxx::connection conn(dsn);
  pqxx::work tx(conn);
  tx.exec(absl::StrCat("CREATE TABLE IF NOT EXISTS ", table, " (", columns, ")"));
  tx.exec_params(absl::StrCat("INSERT INTO ", table, " (", names,
                              ", branch, metric, statistic, parameter, alert_name, alert_type, message) VALUES (",
                              values, ", 'active', $1, 'sum', NULL, 'weekly_drift', 'avg_diff', $2)"),
                 metric, message);
  tx.commit();
}

std::string QueryValue(const std::string& dsn, const std::string& sql) {
  pqxx::connection conn(dsn);
  pqxx::read_transaction tx(conn);
  const pqxx::result r = tx.exec(sql);
  return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
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
