#include "services/compute/domain/legacy/legacy_importer.h"

#include <pqxx/pqxx>

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_text.h"
#include "common/pg/copy_writer.h"
#include "common/pg/pool.h"
#include "common/results/data_version.h"
#include "services/compute/domain/legacy/legacy_row.h"

namespace opmon::compute::legacy {
namespace {

using opmon::legacy::AggregateType;
using opmon::legacy::AggregateTypeName;

// Two imports of the same day (another replica, another job) wait for each
// other instead of interleaving their deletes and copies.
constexpr std::string_view kDayLockSql =
    "SELECT pg_advisory_xact_lock(hashtext('opmon.legacy.day'), hashtext($1 || '/' || $2))";
constexpr std::string_view kDeleteDaySql =
    "DELETE FROM opmon.legacy_aggregates WHERE aggregate_type = $1 AND ds_nodash = $2";
constexpr std::string_view kRecordImportSql = R"sql(
  INSERT INTO opmon.legacy_imports (aggregate_type, ds_nodash, source, tables, rows, imported_at)
  VALUES ($1, $2, $3, $4, $5, now())
  ON CONFLICT (aggregate_type, ds_nodash) DO UPDATE
  SET source = EXCLUDED.source, tables = EXCLUDED.tables, rows = EXCLUDED.rows, imported_at = now())sql";

constexpr int64_t kProgressEveryRows = 5000;

using DayKey = std::pair<AggregateType, std::string>;  // (type, ds_nodash)

// Errors of the data (a bad row, a damaged or missing file) refuse a day;
// the others stop the import.
bool RefusesTheDay(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument || status.code() == absl::StatusCode::kNotFound ||
         status.code() == absl::StatusCode::kFailedPrecondition;
}

class DayImport {
 public:
  DayImport(LegacySource& source, ImportProgress& progress, const ImportProgressFn& report)
      : source_(source), progress_(progress), report_(report) {}

  // Writes the day's tables inside `tx`; the rows stored.
  absl::StatusOr<int64_t> Write(pqxx::work& tx, const std::vector<const SourceTable*>& tables) {
    pg::CopyWriter writer(
        tx, absl::StrCat(std::string(opmon::legacy::kAggregatesTable), " (", std::string(kAggregateCopyColumns), ")"));
    int64_t rows = 0;
    for (const SourceTable* table : tables) {
      int64_t line_number = 0;
      absl::Status status = source_.ReadTable(*table, [&](std::string_view line) -> absl::Status {
        ++line_number;
        if (absl::Status s = Decode(*table, line); !s.ok()) {
          return absl::Status(s.code(), absl::StrCat(table->location, ": table ", table->relation, ": line ",
                                                     line_number, ": ", s.message()));
        }
        writer.Write(line_.text());
        ++rows;
        ++progress_.rows;
        if (progress_.rows % kProgressEveryRows == 0) return Report();
        return absl::OkStatus();
      });
      progress_.bytes = source_.bytes_read();
      if (!status.ok()) return status;
      ++progress_.tables;
      if (absl::Status s = Report(); !s.ok()) return s;
    }
    writer.Complete();
    return rows;
  }

 private:
  absl::Status Decode(const SourceTable& table, std::string_view line) {
    if (absl::Status s = fields_.Decode(line); !s.ok()) return s;
    if (static_cast<int>(fields_.size()) != table.fields) {
      return absl::InvalidArgumentError(absl::StrCat(fields_.size(), " columns where the table has ", table.fields));
    }
    const std::optional<std::string_view>& dimensions = fields_[table.dimensions_field];
    const std::optional<std::string_view>& histogram = fields_[table.histogram_field];
    if (!dimensions || !histogram) return absl::InvalidArgumentError("dimensions or histogram is NULL");
    if (absl::Status s = ParseLegacyRow(*dimensions, *histogram, row_); !s.ok()) return s;
    EncodeAggregateLine(table.name, row_, line_);
    return absl::OkStatus();
  }

  absl::Status Report() {
    progress_.bytes = source_.bytes_read();
    if (report_ && !report_(progress_)) return absl::CancelledError("legacy import cancelled");
    return absl::OkStatus();
  }

  LegacySource& source_;
  ImportProgress& progress_;
  const ImportProgressFn& report_;
  pg::CopyLineFields fields_;  // views into the line being decoded
  LegacyAggregateRow row_;
  pg::CopyLine line_;
};

}  // namespace

bool ImportFilter::Includes(const LegacyTableName& table) const {
  if (type && *type != table.type) return false;
  if (from && table.day < *from) return false;
  if (to && table.day > *to) return false;
  return true;
}

absl::StatusOr<ImportSummary> ImportLegacyAggregates(LegacySource& source, pg::Pool& opmon,
                                                     const ImportFilter& filter, const ImportProgressFn& progress) {
  absl::StatusOr<SourceListing> listing = source.ListTables();
  if (!listing.ok()) return listing.status();
  ImportSummary summary;
  ImportProgress& p = summary.progress;
  p.tables_skipped = listing->skipped;
  std::map<DayKey, std::vector<const SourceTable*>> days;
  for (const SourceTable& table : listing->tables) {
    if (!filter.Includes(table.name)) continue;
    days[{table.name.type, table.name.ds_nodash()}].push_back(&table);
    ++p.tables_total;
  }
  if (progress && !progress(p)) return absl::CancelledError("legacy import cancelled");
  const std::string description = source.Describe();
  for (const auto& [key, tables] : days) {
    const std::string type(AggregateTypeName(key.first));
    const std::string& day = key.second;
    const ImportProgress before = p;
    DayImport day_import(source, p, progress);
    absl::Status status = opmon.RunOnce(absl::StrCat("legacy import ", type, " ", day), [&](pqxx::connection& c) {
      pqxx::work tx(c);
      tx.exec_params(std::string(kDayLockSql), type, day);
      tx.exec_params(std::string(kDeleteDaySql), type, day);
      absl::StatusOr<int64_t> rows = day_import.Write(tx, tables);
      if (!rows.ok()) return rows.status();
      tx.exec_params(std::string(kRecordImportSql), type, day, description, static_cast<int64_t>(tables.size()),
                     *rows);
      results::BumpDataVersion(tx, std::string(opmon::legacy::kDataVersionKey));
      tx.commit();
      return absl::OkStatus();
    });
    if (status.ok()) {
      ++p.days;
      continue;
    }
    if (!RefusesTheDay(status)) return status;
    // The day rolled back: its rows are not stored; its tables still count as read.
    p.rows = before.rows;
    p.tables = before.tables + static_cast<int64_t>(tables.size());
    ++p.days_refused;
    summary.refused.push_back(absl::StrCat(type, " ", day, ": ", status.message()));
  }
  p.bytes = source.bytes_read();
  if (progress) progress(p);
  return summary;
}

}  // namespace opmon::compute::legacy
