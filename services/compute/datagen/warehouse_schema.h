#pragma once
// The warehouse tables opmon-datagen creates (names fixed by
// deploy/examples/README.md): DDL and the COPY column order, which the COPY
// text encoder (copy_text.h) writes in.

#include <array>
#include <string_view>

namespace opmon::datagen {

enum class WarehouseTable { kMain = 0, kCrash, kEvents };
inline constexpr int kWarehouseTableCount = 3;

struct TableSpec {
  std::string_view name;         // schema-qualified, e.g. "telemetry.main"
  std::string_view create_sql;   // CREATE TABLE IF NOT EXISTS ...
  std::string_view columns;      // COPY column list, in encoding order
  std::string_view index_name;   // unqualified; the index is on (submission_date)
};

const std::array<TableSpec, kWarehouseTableCount>& WarehouseTables();
inline const TableSpec& SpecOf(WarehouseTable t) { return WarehouseTables()[static_cast<int>(t)]; }

inline constexpr std::string_view kCreateSchemaSql = "CREATE SCHEMA IF NOT EXISTS telemetry";

}  // namespace opmon::datagen
