#pragma once
// A libpq connection to the warehouse for bulk loading: plain statements,
// single-value queries with bound parameters, and COPY FROM STDIN fed with
// large pre-encoded buffers (libpqxx 6.4's stream_to writes a line per call;
// this sends megabytes per call). Every libpq failure becomes an
// absl::Status: SQL errors by SQLSTATE (common/pg/error_mapping.h), a lost
// or refused connection as Unavailable. Not thread-safe; one per thread.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace opmon::datagen {

class WarehouseConnection {
 public:
  // `dsn`: a libpq URL or key=value string. Unavailable when unreachable.
  static absl::StatusOr<std::unique_ptr<WarehouseConnection>> Connect(const std::string& dsn);
  ~WarehouseConnection();
  WarehouseConnection(const WarehouseConnection&) = delete;
  WarehouseConnection& operator=(const WarehouseConnection&) = delete;

  // Runs `sql` (no parameters; may hold several statements). `what` names
  // the step in error messages.
  absl::Status Exec(std::string_view what, const std::string& sql);
  // Runs `sql` with text parameters $1..$n; returns the first column of the
  // first row ("" when NULL or no row).
  absl::StatusOr<std::string> QueryValue(std::string_view what, const std::string& sql,
                                         const std::vector<std::string>& params);

  // COPY table (columns) FROM STDIN [WITH (FREEZE)].
  absl::Status BeginCopy(std::string_view table, std::string_view columns, bool freeze);
  // Sends COPY text (whole lines). Blocks while the server catches up.
  absl::Status PutCopyData(std::string_view data);
  // Ends the COPY and returns the server's verdict on it.
  absl::Status EndCopy();

 private:
  struct Impl;
  explicit WarehouseConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace opmon::datagen
