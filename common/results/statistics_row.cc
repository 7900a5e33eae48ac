#include "common/results/statistics_row.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_writer.h"
#include "common/results/results_tables.h"
#include "common/sql/quote.h"
#include "common/time/civil_day.h"

namespace opmon::results {
namespace {

void AddOptionalDouble(pg::CopyLine& line, const std::optional<double>& value) {
  value ? line.AddDouble(*value) : line.AddNull();
}

}  // namespace

std::size_t ApproximateBytes(const StatisticsRow& row) {
  std::size_t bytes = sizeof(StatisticsRow) + row.build_id.capacity() + row.branch.capacity() +
                      row.metric.capacity() + row.parameter.text().capacity();
  bytes += row.dimensions.capacity() * sizeof(std::optional<std::string>);
  for (const std::optional<std::string>& d : row.dimensions) bytes += d ? d->capacity() : 0;
  return bytes;
}

void EncodeCopyLine(const StatisticsRow& row, pg::CopyLine& line) {
  line.Clear();
  line.AddUnescaped(time::FormatCivilDay(row.submission_date));
  row.build_id.empty() ? line.AddNull() : line.Add(row.build_id);
  for (const std::optional<std::string>& d : row.dimensions) d ? line.Add(*d) : line.AddNull();
  line.Add(row.branch);
  line.Add(row.metric);
  line.AddUnescaped(ToString(row.statistic));
  AddOptionalDouble(line, row.point);
  AddOptionalDouble(line, row.lower);
  AddOptionalDouble(line, row.upper);
  line.Add(row.parameter.text());
}

void CopyStatisticsRows(pqxx::transaction_base& tx, const RelationSchema& statistics,
                        std::span<const StatisticsRow> rows) {
  pg::CopyWriter writer(tx, absl::StrCat(statistics.table.Qualified(), " (", ColumnListSql(statistics.columns), ")"));
  pg::CopyLine line;
  for (const StatisticsRow& row : rows) {
    EncodeCopyLine(row, line);
    writer.Write(line.text());
  }
  writer.Complete();
}

std::string StatisticsSelectSql(const config::ResolvedProject& project) {
  std::string sql = "submission_date::text, COALESCE(build_id, '')";
  for (const config::Dimension& d : project.dimensions) {
    absl::StrAppend(&sql, ", COALESCE(", sql::QuoteIdent(d.name), ", '')");
  }
  absl::StrAppend(&sql, ", COALESCE(branch, ''), COALESCE(metric, ''), COALESCE(statistic, ''), "
                        "COALESCE(parameter, ''), point, lower, upper");
  return sql;
}

std::optional<double> OptionalDouble(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<double>();
}

StatisticKind StatisticKindColumn(const pqxx::field& field) {
  const char* statistic = field.c_str();
  std::optional<StatisticKind> kind = ParseStatisticKind(statistic);
  if (!kind) throw pqxx::conversion_error(absl::StrCat("statistic \"", statistic, "\" is not one opmon computes"));
  return *kind;
}

StatisticsRow DecodeStatisticsRow(const pqxx::row& row, int first, std::size_t dimensions) {
  StatisticsRow r;
  // The database only holds valid dates.
  r.submission_date = time::ParseCivilDay(row[first].c_str()).value_or(absl::CivilDay());
  r.build_id = row[first + 1].c_str();
  r.dimensions.reserve(dimensions);
  int i = first + 2;
  for (std::size_t d = 0; d < dimensions; ++d) r.dimensions.emplace_back(row[i++].c_str());
  r.branch = row[i++].c_str();
  r.metric = row[i++].c_str();
  r.statistic = StatisticKindColumn(row[i++]);
  r.parameter = StatisticParameter::FromText(row[i++].c_str());
  r.point = OptionalDouble(row[i++]);
  r.lower = OptionalDouble(row[i++]);
  r.upper = OptionalDouble(row[i++]);
  return r;
}

}  // namespace opmon::results
