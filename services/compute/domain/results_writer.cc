#include "services/compute/domain/results_writer.h"

#include <pqxx/pqxx>

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_writer.h"
#include "common/pg/error_mapping.h"
#include "common/results/alerts_pending.h"
#include "common/results/data_version.h"
#include "common/results/results_tables.h"
#include "common/results/statistics_row.h"
#include "common/time/civil_day.h"

namespace opmon::compute {
namespace {

// Two int4 keys: the namespace of compute day locks and the (slug, day).
constexpr std::string_view kDayLockSql =
    "SELECT pg_try_advisory_xact_lock(hashtext('opmon.compute.day'), hashtext($1 || '/' || $2))";

std::optional<double> NullIfNan(double value) {
  if (std::isnan(value)) return std::nullopt;
  return value;
}

// The stored rows of `records`: each record's group key, metric and row.
std::vector<results::StatisticsRow> StatisticsRows(const GroupAggregator& aggregator,
                                                   const std::vector<StatisticRecord>& records) {
  std::vector<results::StatisticsRow> rows;
  rows.reserve(records.size());
  for (const StatisticRecord& r : records) {
    const GroupKey& key = aggregator.key(r.group);
    results::StatisticsRow& row = rows.emplace_back();
    // Group keys hold the day compute formatted itself.
    row.submission_date = time::ParseCivilDay(key.submission_date).value_or(absl::CivilDay());
    row.build_id = key.build_id.value_or("");
    row.dimensions = key.dimensions;
    row.branch = key.branch;
    row.metric = r.metric;
    row.statistic = r.row.statistic;
    row.parameter = r.row.parameter;
    row.point = NullIfNan(r.row.point);
    row.lower = NullIfNan(r.row.lower);
    row.upper = NullIfNan(r.row.upper);
  }
  return rows;
}

}  // namespace

struct ResultsWriter::Impl {
  const config::ResolvedProject& project;
  std::string day;
  absl::CivilDay civil_day;
  std::unique_ptr<pqxx::work> tx;
  std::unique_ptr<pg::CopyWriter> client_rows;
  results::RelationSchema statistics;
  Impl(const config::ResolvedProject& p, absl::CivilDay d)
      : project(p), day(time::FormatCivilDay(d)), civil_day(d) {}
};

ResultsWriter::ResultsWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ResultsWriter::~ResultsWriter() {
  try {
    impl_->client_rows.reset();  // must end before the transaction aborts
    impl_->tx.reset();
  } catch (...) {
    // The connection is broken; the server aborts the transaction anyway.
  }
}

absl::StatusOr<std::unique_ptr<ResultsWriter>> ResultsWriter::Begin(pqxx::connection& conn,
                                                                    const config::ResolvedProject& project,
                                                                    absl::CivilDay day) {
  auto values = results::ClientValuesSchema(project);
  if (!values.ok()) return values.status();
  auto statistics = results::StatisticsSchema(project);
  if (!statistics.ok()) return statistics.status();
  auto impl = std::make_unique<Impl>(project, day);
  impl->statistics = *std::move(statistics);
  try {
    impl->tx = std::make_unique<pqxx::work>(conn);
    bool locked = impl->tx->exec_params1(std::string(kDayLockSql), project.slug, impl->day)[0].as<bool>();
    if (!locked) {
      return absl::AbortedError(absl::StrCat("another run of ", project.slug, " ", impl->day,
                                             " holds its lock; retry when it ends"));
    }
    impl->tx->exec_params(results::DeleteDaySql(values->table), impl->day);
    impl->tx->exec_params(results::DeleteDaySql(impl->statistics.table), impl->day);
    impl->client_rows = std::make_unique<pg::CopyWriter>(
        *impl->tx, absl::StrCat(values->table.Qualified(), " (", results::ColumnListSql(values->columns), ")"));
  } catch (...) {
    return pg::StatusFromCurrentException(absl::StrCat("results of ", project.slug, " ", impl->day));
  }
  return std::unique_ptr<ResultsWriter>(new ResultsWriter(std::move(impl)));
}

absl::Status ResultsWriter::WriteClientLine(std::string_view line) {
  try {
    impl_->client_rows->Write(line);
    return absl::OkStatus();
  } catch (...) {
    return pg::StatusFromCurrentException("per-client results");
  }
}

absl::StatusOr<ResultsWriter::CommitResult> ResultsWriter::Commit(const GroupAggregator& aggregator,
                                                                  const std::vector<StatisticRecord>& records,
                                                                  const BeforeCommit& before_commit) {
  CommitResult result;
  try {
    impl_->client_rows->Complete();
    impl_->client_rows.reset();
    results::CopyStatisticsRows(*impl_->tx, impl_->statistics, StatisticsRows(aggregator, records));
    result.statistics_rows = static_cast<int64_t>(records.size());
    result.data_version = results::BumpDataVersion(*impl_->tx, impl_->project.slug);
    // With the results, so no crash between this commit and PublishResults
    // can lose the day's alert evaluation.
    results::MarkAlertsPending(*impl_->tx, impl_->project.slug, impl_->civil_day);
    if (before_commit) {
      absl::Status status = before_commit(*impl_->tx);
      if (!status.ok()) return status;
    }
    impl_->tx->commit();
  } catch (...) {
    return pg::StatusFromCurrentException(absl::StrCat("results of ", impl_->project.slug, " ", impl_->day));
  }
  return result;
}

}  // namespace opmon::compute
