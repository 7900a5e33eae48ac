#pragma once
// absl::Status from raw libpq, for the few paths that use libpq directly
// (bulk COPY in datagen, single-row streaming in compute: libpqxx 6.4
// exposes neither). SQL errors map by SQLSTATE as error_mapping.h does; a
// lost connection is Unavailable.

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace opmon::pg {

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

// PQerrorMessage without its trailing newline.
std::string ConnectionMessage(const PGconn* conn);

// OK when `result` has status `ok_status`; else the error, prefixed with
// `what`: "<what>: <server message> (SQLSTATE xxxxx)", or
// "<what>: connection lost: ..." as Unavailable.
absl::Status CheckResult(PGconn* conn, const PGresult* result, ExecStatusType ok_status, std::string_view what);

}  // namespace opmon::pg
