#include "services/compute/domain/results_writer.h"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/pg/error_mapping.h"
#include "common/results/data_version.h"
#include "common/results/results_tables.h"
#include "common/sql/quote.h"
#include "services/compute/domain/copy_line.h"

// pqxx 6.4 has no non-deprecated way to COPY rows whose column count is only
// known at run time (stream_to takes tuples); tablewriter's raw lines are the
// adapter's COPY. Confined to this file.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace opmon::compute {
namespace {

// Two int4 keys: the namespace of compute day locks and the (slug, day).
constexpr std::string_view kDayLockSql =
    "SELECT pg_try_advisory_xact_lock(hashtext('opmon.compute.day'), hashtext($1 || '/' || $2))";

std::string ColumnList(const std::vector<results::Column>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(sql::QuoteIdent(c.name));
  return absl::StrCat("(", absl::StrJoin(names, ", "), ")");
}

void AddDouble(CopyLine& line, double value) {
  if (std::isnan(value)) {
    line.AddNull();
    return;
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) {
    line.AddNull();
    return;
  }
  std::string_view text(buffer, end - buffer);
  if (text == "inf") text = "Infinity";
  if (text == "-inf") text = "-Infinity";
  line.Add(text);
}

}  // namespace

struct ResultsWriter::Impl {
  const config::ResolvedProject& project;
  std::string day;
  std::unique_ptr<pqxx::work> tx;
  std::unique_ptr<pqxx::tablewriter> client_rows;
  std::vector<results::Column> statistics_columns;
  Impl(const config::ResolvedProject& p, std::string d) : project(p), day(std::move(d)) {}
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
  auto values_columns = results::ClientValuesColumns(project);
  if (!values_columns.ok()) return values_columns.status();
  auto stats_columns = results::StatisticsColumns(project);
  if (!stats_columns.ok()) return stats_columns.status();
  auto impl = std::make_unique<Impl>(project, absl::FormatCivilTime(day));
  impl->statistics_columns = *stats_columns;
  try {
    impl->tx = std::make_unique<pqxx::work>(conn);
    bool locked = impl->tx->exec_params1(std::string(kDayLockSql), project.slug, impl->day)[0].as<bool>();
    if (!locked) {
      return absl::AbortedError(absl::StrCat("another run of ", project.slug, " ", impl->day,
                                             " holds its lock; retry when it ends"));
    }
    impl->tx->exec_params(results::DeleteDaySql(results::ClientValuesTable(project)), impl->day);
    impl->tx->exec_params(results::DeleteDaySql(results::StatisticsTable(project)), impl->day);
    impl->client_rows = std::make_unique<pqxx::tablewriter>(
        *impl->tx, absl::StrCat(results::ClientValuesTable(project).Qualified(), " ", ColumnList(*values_columns)));
  } catch (...) {
    return pg::StatusFromCurrentException(absl::StrCat("results of ", project.slug, " ", impl->day));
  }
  return std::unique_ptr<ResultsWriter>(new ResultsWriter(std::move(impl)));
}

absl::Status ResultsWriter::WriteClientLine(std::string_view line) {
  try {
    impl_->client_rows->write_raw_line(std::string(line));
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
    impl_->client_rows->complete();
    impl_->client_rows.reset();
    {
      pqxx::tablewriter stats(*impl_->tx, absl::StrCat(results::StatisticsTable(impl_->project).Qualified(), " ",
                                                       ColumnList(impl_->statistics_columns)));
      CopyLine line;
      for (const StatisticRecord& r : records) {
        const GroupKey& key = aggregator.key(r.group);
        line.Clear();
        line.Add(key.submission_date);
        key.build_id ? line.Add(*key.build_id) : line.AddNull();
        for (const auto& d : key.dimensions) d ? line.Add(*d) : line.AddNull();
        line.Add(key.branch);
        line.Add(r.metric);
        line.Add(r.row.statistic);
        AddDouble(line, r.row.point);
        AddDouble(line, r.row.lower);
        AddDouble(line, r.row.upper);
        line.Add(r.row.parameter);
        stats.write_raw_line(line.text());
      }
      stats.complete();
    }
    result.statistics_rows = static_cast<int64_t>(records.size());
    result.data_version = results::BumpDataVersion(*impl_->tx, impl_->project.slug);
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
