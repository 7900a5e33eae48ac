#pragma once
// The stores' reads and writes inside a caller's transaction, for the
// ConfigStore operations that read and write several tables at once
// (storage-internal: this header includes libpqxx). They throw pqxx
// exceptions; callers run inside pg::Pool::Run, which converts them.
//
// Project applies and definitions applies exclude each other through one
// transaction-scoped advisory lock: a project apply holds it shared from
// before it reads the definitions until it commits, a definitions apply
// holds it exclusively while it re-resolves the stored projects. So a
// project is never stored resolved against definitions that a concurrent
// definitions apply has just replaced.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/front_end.h"
#include "services/config/storage/definitions_store.h"
#include "services/config/storage/experiment_store.h"
#include "services/config/storage/project_store.h"
#include "services/config/storage/stored_types.h"

namespace opmon::config {

void LockDefinitionsShared(pqxx::work& tx);
void LockDefinitionsExclusive(pqxx::work& tx);

// ProjectStore::Apply's work inside `tx` (see there; the caller commits).
absl::StatusOr<ProjectApplyOutcome> WriteProjectVersion(pqxx::work& tx, const SourceFile& source,
                                                        const ResolvedProject& project, std::string_view message);

// The latest version of a live project, as applied.
struct LiveProjectSource {
  std::string slug;
  int64_t version = 0;
  SourceFile source;
};

// Every live project, by slug; their opmon.projects rows stay locked (FOR
// UPDATE) until `tx` ends, so none is applied or deleted meanwhile.
std::vector<LiveProjectSource> LockLiveProjectSources(pqxx::work& tx);

// DefinitionsStore::Apply's work inside `tx` (the caller commits).
DefinitionsApplyOutcome WriteDefinitionsVersion(pqxx::work& tx, std::string_view name, const SourceFile& source,
                                                const PlatformDefinitions& parsed);

// The latest version of every definitions name, by name.
std::vector<StoredDefinitions> ReadLatestDefinitions(pqxx::transaction_base& tx);

// Registry entries of `platform`, every entry when empty; by slug.
absl::StatusOr<std::vector<RegisteredExperiment>> ReadExperiments(pqxx::transaction_base& tx,
                                                                  std::string_view platform);

}  // namespace opmon::config
