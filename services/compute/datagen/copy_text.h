#pragma once
// Encodes generated rows as PostgreSQL COPY text (common/pg/copy_text.h),
// one buffer per warehouse table, in the column order of warehouse_schema.h.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/errors/error_aggregates.h"
#include "services/compute/datagen/rows.h"
#include "services/compute/datagen/warehouse_schema.h"

namespace opmon::datagen {

using RejectCounts = std::array<int64_t, errors::kRejectReasonNames.size()>;

class CopyTextSink final : public RowSink {
 public:
  void OnMainPing(const MainPingRow& row) override;
  void OnCrash(const CrashRow& row) override;
  void OnEvent(const EventRow& row) override;

  std::string& buffer(WarehouseTable t) { return buffers_[static_cast<int>(t)]; }
  const std::string& buffer(WarehouseTable t) const { return buffers_[static_cast<int>(t)]; }
  int64_t rows(WarehouseTable t) const { return rows_[static_cast<int>(t)]; }
  // Main pings written with a malformed histogram.
  int64_t malformed_pings() const { return malformed_pings_; }
  // Main and crash pings made to fail each errors::RejectReason, by its value.
  const RejectCounts& rejected_pings() const { return rejected_pings_; }
  // Empties the buffers and row counts (keeps capacity).
  void Clear();

 private:
  std::array<std::string, kWarehouseTableCount> buffers_;
  std::array<int64_t, kWarehouseTableCount> rows_{};
  int64_t malformed_pings_ = 0;
  RejectCounts rejected_pings_{};

  void CountReject(int reason);
};

// Appends "YYYY-MM-DD HH:MM:SS.ffffff+00".
void AppendTimestamp(std::string& out, std::string_view date, int64_t micros_of_day);

}  // namespace opmon::datagen
