#include "services/compute/datagen/warehouse_loader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/status_macros.h"

namespace opmon::datagen {
namespace {

std::string DayText(absl::CivilDay d) { return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()); }

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

}  // namespace

absl::StatusOr<std::unique_ptr<WarehouseLoader>> WarehouseLoader::Open(const std::string& dsn) {
  std::unique_ptr<WarehouseLoader> loader(new WarehouseLoader());
  for (auto& c : loader->connections_) {
    OPMON_ASSIGN_OR_RETURN(c, WarehouseConnection::Connect(dsn));
  }
  return loader;
}

absl::Status WarehouseLoader::Prepare(const LoadRange& range) {
  WarehouseConnection& first = *connections_[0];
  OPMON_RETURN_IF_ERROR(first.Exec("create schema telemetry", std::string(kCreateSchemaSql)));
  const std::vector<std::string> bounds = {DayText(range.first_day), DayText(range.last_day)};
  for (const TableSpec& t : WarehouseTables()) {
    OPMON_RETURN_IF_ERROR(first.Exec(absl::StrCat("create ", std::string(t.name)), std::string(t.create_sql)));
    if (range.replace) continue;
    OPMON_ASSIGN_OR_RETURN(std::string count,
                           first.QueryValue(absl::StrCat("count ", std::string(t.name)), CountInRangeSql(t), bounds));
    if (count != "0") {
      return absl::FailedPreconditionError(absl::StrCat(std::string(t.name), " already has ", count,
                                                        " rows with submission_date between ", bounds[0], " and ",
                                                        bounds[1], "; pass --replace to regenerate them"));
    }
  }
  for (int i = 0; i < kWarehouseTableCount; ++i) {
    const TableSpec& t = WarehouseTables()[i];
    WarehouseConnection& c = *connections_[i];
    const std::string name(t.name);
    OPMON_RETURN_IF_ERROR(c.Exec("begin", "BEGIN"));
    const absl::StatusOr<std::string> outside =
        c.QueryValue(absl::StrCat("scan ", name), AnyOutsideRangeSql(t), bounds);
    if (!outside.ok()) return outside.status();
    truncated_[i] = *outside == "f";
    if (truncated_[i]) {
      OPMON_RETURN_IF_ERROR(c.Exec(absl::StrCat("truncate ", name), absl::StrCat("TRUNCATE ", name)));
    } else if (range.replace) {
      OPMON_RETURN_IF_ERROR(c.QueryValue(absl::StrCat("delete from ", name), DeleteRangeSql(t), bounds).status());
    }
    OPMON_RETURN_IF_ERROR(c.Exec(absl::StrCat("drop index of ", name),
                                 absl::StrCat("DROP INDEX IF EXISTS telemetry.", std::string(t.index_name))));
    OPMON_RETURN_IF_ERROR(c.BeginCopy(t.name, t.columns, truncated_[i]));
  }
  return absl::OkStatus();
}

absl::Status WarehouseLoader::Write(WarehouseTable table, std::string_view copy_text) {
  if (copy_text.empty()) return absl::OkStatus();
  return connections_[static_cast<int>(table)]->PutCopyData(copy_text);
}

absl::Status WarehouseLoader::Finish() {
  for (auto& c : connections_) OPMON_RETURN_IF_ERROR(c->EndCopy());
  for (int i = 0; i < kWarehouseTableCount; ++i) {
    const TableSpec& t = WarehouseTables()[i];
    const std::string name(t.name);
    OPMON_RETURN_IF_ERROR(connections_[i]->Exec(
        absl::StrCat("index ", name),
        absl::StrCat("CREATE INDEX ", std::string(t.index_name), " ON ", name, " (submission_date)")));
    OPMON_RETURN_IF_ERROR(connections_[i]->Exec(absl::StrCat("analyze ", name), absl::StrCat("ANALYZE ", name)));
  }
  for (int i = 0; i < kWarehouseTableCount; ++i) {
    OPMON_RETURN_IF_ERROR(connections_[i]->Exec("commit", "COMMIT"));
  }
  return absl::OkStatus();
}

}  // namespace opmon::datagen
