#include "common/pg/error_mapping.h"

#include <string>

#include <pqxx/except>

#include "absl/strings/str_cat.h"

namespace opmon::pg {

absl::StatusCode CodeForSqlState(std::string_view sqlstate) {
  if (sqlstate == "23505") return absl::StatusCode::kAlreadyExists;
  if (sqlstate == "40001" || sqlstate == "40P01") return absl::StatusCode::kAborted;
  if (sqlstate == "57014") return absl::StatusCode::kDeadlineExceeded;
  // Class 08 connection exceptions, 57P0x operator intervention (shutdown).
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) {
    return absl::StatusCode::kUnavailable;
  }
  if (sqlstate == "53300") return absl::StatusCode::kResourceExhausted;  // too many connections
  return absl::StatusCode::kInternal;
}

absl::Status StatusFromCurrentException(std::string_view context) {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat(std::string(context), ": database connection lost: ", e.what()));
  } catch (const pqxx::sql_error& e) {
    std::string message(e.what());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return absl::Status(CodeForSqlState(e.sqlstate()),
                        absl::StrCat(std::string(context), ": ", message, " [SQLSTATE ", e.sqlstate(), "]"));
  } catch (const pqxx::in_doubt_error& e) {
    return absl::UnavailableError(absl::StrCat(std::string(context), ": commit outcome unknown: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(std::string(context), ": ", e.what()));
  } catch (...) {
    return absl::InternalError(absl::StrCat(std::string(context), ": unknown exception"));
  }
}

}  // namespace opmon::pg
