#pragma once
// One opmon-datagen run: generate the clients' days on worker threads
// (blocks of clients, encoded as COPY text) and stream them, in a fixed
// order, into the warehouse through WarehouseLoader. The rows are a pure
// function of (seed, clients, days, end_date, pings_per_client_mean,
// heavy_clients, malformed_rate, reject_rate): thread count and block size change only
// speed.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/compute/datagen/copy_text.h"
#include "services/compute/datagen/generation_params.h"
#include "services/compute/datagen/rows.h"
#include "services/compute/datagen/warehouse_schema.h"

namespace opmon::datagen {

struct WarehouseOptions {
  std::string warehouse_url;
  GenerationParams params;
  int days = 1;
  absl::CivilDay end_date;  // the last submission_date generated
  bool replace = false;
  int threads = 2;               // generator threads
  int main_streams = 2;          // parallel COPY connections into telemetry.main
  int clients_per_block = 1000;  // unit of work of a thread
};

// InvalidArgument naming the flag and value when out of range.
absl::Status ValidateWarehouseOptions(const WarehouseOptions& options);

struct TableLoadStats {
  std::string_view table;
  int64_t rows = 0;
  int64_t bytes = 0;  // COPY text sent
};

struct WarehouseLoadReport {
  std::array<TableLoadStats, kWarehouseTableCount> tables;
  int64_t malformed_pings = 0;
  RejectCounts rejected_pings{};  // main and crash pings made to fail each errors::RejectReason
  double stream_seconds = 0;  // connect + prepare + generate + COPY
  double finish_seconds = 0;  // end COPY, index, analyze, commit
  double total_seconds = 0;
  int64_t total_rows() const;
};

// Generates and loads. Errors: InvalidArgument (options), Unavailable
// (warehouse unreachable), FailedPrecondition (data present without
// replace), other SQL errors by SQLSTATE. Nothing is committed on error.
absl::StatusOr<WarehouseLoadReport> GenerateWarehouse(const WarehouseOptions& options);

// The same rows in the same order, single-threaded, to a sink (tests).
void GenerateRows(const GenerationParams& params, absl::CivilDay first_day, int days, RowSink& sink);

}  // namespace opmon::datagen
