#pragma once
// The write and read sides of opmon.project_changes, for the stores and the
// change feed (storage-internal: this header includes libpqxx).
//
// Writers append a change inside the transaction that made it, under a
// transaction-scoped advisory lock, so change ids become visible in id order:
// a reader that has seen id N never later finds a committed id below N. The
// same transaction sends NOTIFY opmon_project_changes with the id as payload.

#include <cstdint>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "services/config/storage/stored_types.h"

namespace opmon::config {

inline constexpr std::string_view kProjectChangesChannel = "opmon_project_changes";

// Appends one change; returns its change_id. Throws pqxx exceptions (callers
// run inside pg::Pool::Run, which converts them).
int64_t RecordChange(pqxx::work& tx, ChangeKind kind, std::string_view slug, int64_t version);

// Changes with after < change_id <= up_to (up_to 0: no upper bound), oldest
// first, at most `limit`.
std::vector<ProjectChangeRecord> ReadChanges(pqxx::connection_base& conn, int64_t after, int64_t up_to,
                                             int64_t limit);

// The highest change_id, 0 when there is none.
int64_t LatestChangeId(pqxx::connection_base& conn);

}  // namespace opmon::config
