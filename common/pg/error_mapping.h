#pragma once
// Converts libpqxx exceptions into absl::Status so that no pqxx exception
// crosses an adapter. The code says what the caller should do next:
//   connection loss, admin shutdown      -> Unavailable (retry later)
//   serialization failure, deadlock      -> Aborted (retry the transaction)
//   unique violation                     -> AlreadyExists
//   statement timeout / cancel           -> DeadlineExceeded
//   other SQL errors                     -> Internal (opmon generated bad SQL)

#include <exception>
#include <string_view>

#include "absl/status/status.h"

namespace opmon::pg {

// Must be called from inside a catch block; `context` names the operation.
absl::Status StatusFromCurrentException(std::string_view context);

// Maps a SQLSTATE to a status code (exposed for tests).
absl::StatusCode CodeForSqlState(std::string_view sqlstate);

}  // namespace opmon::pg
