#include "services/compute/datagen/warehouse_loader.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/time/civil_day.h"
#include "common/status/status_macros.h"

namespace opmon::datagen {
namespace {

// Table names are the fixed constants of warehouse_schema.h, never input.
std::string CountInRangeSql(const TableSpec& t) {
  return absl::StrCat("SELECT count(*) FROM ", std::string(t.name), " WHERE submission_date BETWEEN $1 AND $2");
}
std::string AnyOutsideRangeSql(const TableSpec& t) {
  return absl::StrCat("SELECT EXISTS (SELECT 1 FROM ", std::string(t.name),
                      " WHERE submission_date < $1 OR submission_date > $2)");
}
std::string DeleteRangeSql(const TableSpec& t) {
  return absl::StrCat("WITH gone AS (DELETE FROM ", std::string(t.name),
                      " WHERE submission_date BETWEEN $1 AND $2 RETURNING 1) SELECT count(*) FROM gone");
}
std::string DropIndexSql(const TableSpec& t) {
  return absl::StrCat("DROP INDEX IF EXISTS telemetry.", std::string(t.index_name));
}
std::string CreateIndexSql(const TableSpec& t) {
  return absl::StrCat("CREATE INDEX ", std::string(t.index_name), " ON ", std::string(t.name), " (submission_date)");
}
std::vector<std::string> Bounds(const LoadRange& range) {
  return {time::FormatCivilDay(range.first_day), time::FormatCivilDay(range.last_day)};
}

// Index, statistics and commit of a table loaded in `c`'s open transaction.
absl::Status IndexAnalyzeCommit(WarehouseConnection& c, const TableSpec& t) {
  const std::string name(t.name);
  OPMON_RETURN_IF_ERROR(c.Exec(absl::StrCat("index ", name), CreateIndexSql(t)));
  OPMON_RETURN_IF_ERROR(c.Exec(absl::StrCat("analyze ", name), absl::StrCat("ANALYZE ", name)));
  return c.Exec(absl::StrCat("commit ", name), "COMMIT");
}

}  // namespace

absl::StatusOr<std::unique_ptr<WarehouseLoader>> WarehouseLoader::Open(const std::string& dsn, int main_streams) {
  std::unique_ptr<WarehouseLoader> loader(new WarehouseLoader());
  for (int i = 0; i < std::max(1, main_streams); ++i) {
    OPMON_ASSIGN_OR_RETURN(auto c, WarehouseConnection::Connect(dsn));
    loader->main_.push_back(std::move(c));
  }
  OPMON_ASSIGN_OR_RETURN(loader->crash_, WarehouseConnection::Connect(dsn));
  OPMON_ASSIGN_OR_RETURN(loader->events_, WarehouseConnection::Connect(dsn));
  return loader;
}

absl::StatusOr<bool> WarehouseLoader::ClearRange(WarehouseConnection& c, const TableSpec& t,
                                                 const LoadRange& range) {
  const std::string name(t.name);
  const absl::StatusOr<std::string> outside = c.QueryValue(absl::StrCat("scan ", name), AnyOutsideRangeSql(t), Bounds(range));
  if (!outside.ok()) return outside.status();
  const bool truncate = *outside == "f";
  if (truncate) {
    OPMON_RETURN_IF_ERROR(c.Exec(absl::StrCat("truncate ", name), absl::StrCat("TRUNCATE ", name)));
  } else if (range.replace) {
    OPMON_RETURN_IF_ERROR(c.QueryValue(absl::StrCat("delete from ", name), DeleteRangeSql(t), Bounds(range)).status());
  }
  OPMON_RETURN_IF_ERROR(c.Exec(absl::StrCat("drop index of ", name), DropIndexSql(t)));
  return truncate;
}

// ALTER TABLE ... ADD COLUMN IF NOT EXISTS for every column of `t`'s CREATE
// TABLE: a warehouse made by an older opmon-datagen (e.g. before the crash and
// error columns) gains the columns it lacks, as NULL in its existing rows.
static std::string AddMissingColumnsSql(const TableSpec& t) {
  const std::string_view create = t.create_sql;
  const size_t open = create.find('('), close = create.rfind(')');
  std::string sql;
  const std::string columns(create.substr(open + 1, close - open - 1));
  for (absl::string_view line : absl::StrSplit(columns, ',')) {
    std::string column(absl::StripAsciiWhitespace(line));
    if (column.empty()) continue;
    if (size_t at = column.find(" NOT NULL"); at != std::string::npos) column.erase(at);
    absl::StrAppend(&sql, "ALTER TABLE ", std::string(t.name), " ADD COLUMN IF NOT EXISTS ", column, ";\n");
  }
  return sql;
}

absl::Status WarehouseLoader::Prepare(const LoadRange& range) {
  WarehouseConnection& first = *main_[0];
  OPMON_RETURN_IF_ERROR(first.Exec("create schema telemetry", std::string(kCreateSchemaSql)));
  for (const TableSpec& t : WarehouseTables()) {
    OPMON_RETURN_IF_ERROR(first.Exec(absl::StrCat("create ", std::string(t.name)), std::string(t.create_sql)));
    OPMON_RETURN_IF_ERROR(first.Exec(absl::StrCat("add missing columns of ", std::string(t.name)),
                                     AddMissingColumnsSql(t)));
    if (range.replace) continue;
    OPMON_ASSIGN_OR_RETURN(std::string count, first.QueryValue(absl::StrCat("count ", std::string(t.name)),
                                                               CountInRangeSql(t), Bounds(range)));
    if (count != "0") {
      const std::vector<std::string> b = Bounds(range);
      return absl::FailedPreconditionError(absl::StrCat(std::string(t.name), " already has ", count,
                                                        " rows with submission_date between ", b[0], " and ", b[1],
                                                        "; pass --replace to regenerate them"));
    }
  }
  return BeginAll(range);
}

absl::Status WarehouseLoader::BeginAll(const LoadRange& range) {
  const TableSpec& main = SpecOf(WarehouseTable::kMain);
  if (main_.size() == 1) {
    OPMON_RETURN_IF_ERROR(main_[0]->Exec("begin", "BEGIN"));
    OPMON_ASSIGN_OR_RETURN(bool truncated, ClearRange(*main_[0], main, range));
    OPMON_RETURN_IF_ERROR(main_[0]->BeginCopy(main.name, main.columns, truncated));
  } else {
    OPMON_RETURN_IF_ERROR(ClearRange(*main_[0], main, range).status());  // autocommit
    for (auto& c : main_) {
      OPMON_RETURN_IF_ERROR(c->Exec("begin", "BEGIN"));
      OPMON_RETURN_IF_ERROR(c->BeginCopy(main.name, main.columns, /*freeze=*/false));
    }
  }
  for (auto [c, table] : {std::pair{crash_.get(), WarehouseTable::kCrash}, {events_.get(), WarehouseTable::kEvents}}) {
    const TableSpec& t = SpecOf(table);
    OPMON_RETURN_IF_ERROR(c->Exec("begin", "BEGIN"));
    OPMON_ASSIGN_OR_RETURN(bool truncated, ClearRange(*c, t, range));
    OPMON_RETURN_IF_ERROR(c->BeginCopy(t.name, t.columns, truncated));
  }
  return absl::OkStatus();
}

absl::Status WarehouseLoader::WriteMain(int stream, std::string_view copy_text) {
  if (copy_text.empty()) return absl::OkStatus();
  return main_[stream]->PutCopyData(copy_text);
}

absl::Status WarehouseLoader::WriteCrash(std::string_view copy_text) {
  if (copy_text.empty()) return absl::OkStatus();
  return crash_->PutCopyData(copy_text);
}

absl::Status WarehouseLoader::WriteEvents(std::string_view copy_text) {
  if (copy_text.empty()) return absl::OkStatus();
  return events_->PutCopyData(copy_text);
}

absl::Status WarehouseLoader::Finish() {
  for (auto& c : main_) OPMON_RETURN_IF_ERROR(c->EndCopy());
  OPMON_RETURN_IF_ERROR(crash_->EndCopy());
  OPMON_RETURN_IF_ERROR(events_->EndCopy());
  const TableSpec& main = SpecOf(WarehouseTable::kMain);
  if (main_.size() == 1) {
    OPMON_RETURN_IF_ERROR(IndexAnalyzeCommit(*main_[0], main));
  } else {
    for (auto& c : main_) OPMON_RETURN_IF_ERROR(c->Exec("commit telemetry.main", "COMMIT"));
    OPMON_RETURN_IF_ERROR(main_[0]->Exec("index telemetry.main", CreateIndexSql(main)));
    OPMON_RETURN_IF_ERROR(main_[0]->Exec("analyze telemetry.main", "ANALYZE telemetry.main"));
  }
  OPMON_RETURN_IF_ERROR(IndexAnalyzeCommit(*crash_, SpecOf(WarehouseTable::kCrash)));
  return IndexAnalyzeCommit(*events_, SpecOf(WarehouseTable::kEvents));
}

}  // namespace opmon::datagen
