#include "services/compute/datagen/warehouse_connection.h"

#include <libpq-fe.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/pg/libpq_status.h"

namespace opmon::datagen {

struct WarehouseConnection::Impl {
  PGconn* conn = nullptr;
  std::string copy_table;
};

namespace {

using pg::ConnectionMessage;
using Result = pg::PgResultPtr;

}  // namespace

WarehouseConnection::WarehouseConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WarehouseConnection::~WarehouseConnection() {
  if (impl_ && impl_->conn != nullptr) PQfinish(impl_->conn);
}

absl::StatusOr<std::unique_ptr<WarehouseConnection>> WarehouseConnection::Connect(const std::string& dsn) {
  auto impl = std::make_unique<Impl>();
  impl->conn = PQconnectdb(dsn.c_str());
  if (impl->conn == nullptr) return absl::ResourceExhaustedError("connect to warehouse: out of memory");
  if (PQstatus(impl->conn) != CONNECTION_OK) {
    const std::string message = ConnectionMessage(impl->conn);
    PQfinish(impl->conn);
    return absl::UnavailableError(absl::StrCat("connect to warehouse: ", message));
  }
  // Server notices (e.g. "index ... does not exist, skipping") are expected
  // and not the user's business.
  PQsetNoticeProcessor(impl->conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<WarehouseConnection>(new WarehouseConnection(std::move(impl)));
}

absl::Status WarehouseConnection::Exec(std::string_view what, const std::string& sql) {
  Result result(PQexec(impl_->conn, sql.c_str()));
  if (result != nullptr && PQresultStatus(result.get()) == PGRES_TUPLES_OK) return absl::OkStatus();
  return pg::CheckResult(impl_->conn, result.get(), PGRES_COMMAND_OK, what);
}

absl::StatusOr<std::string> WarehouseConnection::QueryValue(std::string_view what, const std::string& sql,
                                                            const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  Result result(PQexecParams(impl_->conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                             nullptr, nullptr, 0));
  if (absl::Status s = pg::CheckResult(impl_->conn, result.get(), PGRES_TUPLES_OK, what); !s.ok()) return s;
  if (PQntuples(result.get()) == 0 || PQgetisnull(result.get(), 0, 0)) return std::string();
  return std::string(PQgetvalue(result.get(), 0, 0));
}

absl::Status WarehouseConnection::BeginCopy(std::string_view table, std::string_view columns, bool freeze) {
  const std::string sql = absl::StrCat("COPY ", std::string(table), " (", std::string(columns), ") FROM STDIN",
                                       freeze ? " WITH (FREEZE)" : "");
  const std::string what = absl::StrCat("COPY ", std::string(table));
  Result result(PQexec(impl_->conn, sql.c_str()));
  if (absl::Status s = pg::CheckResult(impl_->conn, result.get(), PGRES_COPY_IN, what); !s.ok()) return s;
  impl_->copy_table = std::string(table);
  return absl::OkStatus();
}

absl::Status WarehouseConnection::PutCopyData(std::string_view data) {
  // PQputCopyData takes an int length: send in chunks below 1 GiB.
  constexpr size_t kChunk = size_t{1} << 26;
  while (!data.empty()) {
    const size_t n = std::min(data.size(), kChunk);
    if (PQputCopyData(impl_->conn, data.data(), static_cast<int>(n)) != 1) {
      return absl::UnavailableError(
          absl::StrCat("COPY ", impl_->copy_table, ": sending data failed: ", ConnectionMessage(impl_->conn)));
    }
    data.remove_prefix(n);
  }
  return absl::OkStatus();
}

absl::Status WarehouseConnection::EndCopy() {
  const std::string what = absl::StrCat("COPY ", impl_->copy_table);
  if (PQputCopyEnd(impl_->conn, nullptr) != 1) {
    return absl::UnavailableError(absl::StrCat(what, ": ending COPY failed: ", ConnectionMessage(impl_->conn)));
  }
  absl::Status status = absl::OkStatus();
  // Drain every result of the COPY (normally exactly one).
  while (PGresult* raw = PQgetResult(impl_->conn)) {
    Result result(raw);
    if (status.ok()) status = pg::CheckResult(impl_->conn, result.get(), PGRES_COMMAND_OK, what);
  }
  return status;
}

}  // namespace opmon::datagen
