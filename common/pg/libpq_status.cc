#include "common/pg/libpq_status.h"

#include "absl/strings/str_cat.h"
#include "common/pg/error_mapping.h"

namespace opmon::pg {

std::string ConnectionMessage(const PGconn* conn) {
  std::string message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

absl::Status CheckResult(PGconn* conn, const PGresult* result, ExecStatusType ok_status, std::string_view what) {
  if (result != nullptr && PQresultStatus(result) == ok_status) return absl::OkStatus();
  if (PQstatus(conn) == CONNECTION_BAD) {
    return absl::UnavailableError(absl::StrCat(std::string(what), ": connection lost: ", ConnectionMessage(conn)));
  }
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = result != nullptr ? PQresultErrorMessage(result) : nullptr;
  std::string text = message != nullptr && *message != '\0' ? message : ConnectionMessage(conn);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const absl::StatusCode code = state != nullptr ? CodeForSqlState(state) : absl::StatusCode::kInternal;
  return absl::Status(code, absl::StrCat(std::string(what), ": ", text,
                                         state != nullptr ? absl::StrCat(" (SQLSTATE ", state, ")") : ""));
}

}  // namespace opmon::pg
