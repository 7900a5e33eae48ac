#pragma once
// Resolved projects and their versions, as the statistics service sees them.
//
// Every lookup reads, in one round trip (a prepared statement), the project's
// latest config version and its data version (opmon.data_versions, bumped by
// compute in the transaction that writes results). The resolved project
// (common/projects/stored_projects.h) is read and parsed only when its
// version changed, so a cached query costs one cheap indexed read. Both versions come from one statement,
// i.e. one snapshot, so several replicas stay correct without coordination.
//
// With a ProjectFetcher (the binary passes one over common/config_client
// when --config-addr is set) the content of a new version comes from the
// config service instead of the database; the versions read stays here.
// Thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/coalesced_reads.h"
#include "services/statistics/domain/query_cache.h"

namespace opmon::statistics {

struct ProjectSnapshot {
  std::shared_ptr<const config::ResolvedProject> project;
  CacheVersions versions;
};

class StoredProjects {
 public:
  // Version `version` of `slug`'s resolved project. Versions never change, so
  // each is fetched once.
  using ProjectFetcher = std::function<absl::StatusOr<std::shared_ptr<const config::ResolvedProject>>(
      const std::string& slug, std::int64_t version)>;

  // `pool` must outlive this object. Without `fetcher`, projects are read
  // through common/projects.
  explicit StoredProjects(pg::Pool& pool, ProjectFetcher fetcher = nullptr);

  // Concurrent lookups of one slug share database reads (CoalescedReads), each
  // answer coming from a read that started after its call.
  // NotFound naming the slug when no such project exists (or it was deleted);
  // Internal when the stored project does not parse; Unavailable when the
  // database is down.
  absl::StatusOr<ProjectSnapshot> Lookup(std::string_view slug);

  // The same on a connection the caller holds (inside its own work).
  absl::StatusOr<ProjectSnapshot> LookupOn(pqxx::connection_base& conn, std::string_view slug);

 private:
  pg::Pool& pool_;
  const ProjectFetcher fetcher_;
  CoalescedReads<ProjectSnapshot> reads_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::pair<std::int64_t, std::shared_ptr<const config::ResolvedProject>>> parsed_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace opmon::statistics
