#pragma once
// Platform definitions and defaults files in PostgreSQL (opmon.definitions),
// versioned per name. The stored source is what resolution layers under
// projects (it is parsed again on read, see ConfigStore); `resolved` keeps a
// small JSON summary ({"platform": ..., "is_defaults": ...}).
//
// Thread-safe; every call may block on the pool.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/config/domain/definitions.h"
#include "services/config/storage/stored_types.h"

namespace opmon::config {

struct DefinitionsApplyOutcome {
  int64_t version = 0;
  bool changed = false;
  int64_t change_id = 0;  // 0 when unchanged
};

class DefinitionsStore {
 public:
  explicit DefinitionsStore(pg::Pool& pool) : pool_(pool) {}

  // Stores `source` as the next version of `name` unless its text and path
  // equal the latest version's. Concurrent applies of one name are
  // serialised (advisory lock on the name).
  absl::StatusOr<DefinitionsApplyOutcome> Apply(std::string_view name, const SourceFile& source,
                                                const PlatformDefinitions& parsed);

  // The latest version of `name`; NotFound (naming the stored names) if none.
  absl::StatusOr<StoredDefinitions> Get(std::string_view name);

  // The latest version of every name, by name.
  absl::StatusOr<std::vector<StoredDefinitions>> LatestAll();

 private:
  pg::Pool& pool_;
};

}  // namespace opmon::config
