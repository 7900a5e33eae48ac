#pragma once
// A live PostgreSQL holding the reference's tables as a LegacySource: the
// tables are listed from pg_class and each is streamed with
// COPY ... TO STDOUT on one connection of its own, table by table.

#include <memory>
#include <string>

#include <pqxx/connection>

#include "services/compute/domain/legacy/legacy_source.h"

namespace opmon::compute::legacy {

class DatabaseSource final : public LegacySource {
 public:
  // Connects to `dsn` (a libpq DSN or URI). Unavailable when it cannot.
  static absl::StatusOr<std::unique_ptr<DatabaseSource>> Connect(const std::string& dsn);
  ~DatabaseSource() override;

  // "db:<host>/<database>" (never the password).
  std::string Describe() const override { return description_; }
  // Ordinary and partitioned tables of every schema but the system ones;
  // those not named as the reference's count as skipped.
  absl::StatusOr<SourceListing> ListTables() override;
  absl::Status ReadTable(const SourceTable& table, const CopyLineSink& sink) override;
  int64_t bytes_read() const override { return bytes_read_; }

 private:
  DatabaseSource(std::unique_ptr<pqxx::connection> conn, std::string description);
  std::unique_ptr<pqxx::connection> conn_;
  std::string description_;
  int64_t bytes_read_ = 0;
};

}  // namespace opmon::compute::legacy
