#pragma once
// How compute, statistics and lookml read resolved projects: a small client
// of opmon.v1.ConfigService that parses the canonical JSON into
// config::ResolvedProject and caches it by (slug, version). Versions never
// change once stored, so a cached version is served without a call; the
// latest version (version 0) always asks the service which version that is.
//
//   ConfigClient client(grpc::CreateChannel(addr, grpc::InsecureChannelCredentials()));
//   absl::StatusOr<config::ResolvedProject> p = client.GetResolvedProject("fission-rollout");
//
// Errors are the service's status (NotFound for an unknown slug or version,
// Unavailable when it cannot be reached, ...); DataLoss when the content does
// not match its hash. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/config/project.h"

namespace grpc {
class Channel;
}

namespace opmon::config {

struct ConfigClientOptions {
  // Per call; a caller's earlier deadline wins.
  absl::Duration timeout = absl::Seconds(10);
  // Resolved versions kept; the oldest fetched is dropped first.
  size_t cache_capacity = 256;
};

// A resolved project and the stored version it came from.
struct VersionedProject {
  int64_t version = 0;
  std::string content_hash;  // sha256 hex of the canonical JSON
  ResolvedProject project;
};

// One row of ListProjects.
struct ProjectListing {
  std::string slug;
  std::string name;
  std::string platform;
  int64_t version = 0;
  std::string updated_at;  // RFC 3339
  std::string start_date;  // YYYY-MM-DD or empty
  std::string end_date;
  bool deleted = false;
};

class ConfigClient {
 public:
  explicit ConfigClient(std::shared_ptr<grpc::Channel> channel, ConfigClientOptions options = {});
  ~ConfigClient();
  ConfigClient(const ConfigClient&) = delete;
  ConfigClient& operator=(const ConfigClient&) = delete;

  // `version` 0: the latest (an RPC every time; parsing is skipped when that
  // version is cached). Another version: from the cache when present. The
  // service redacts credentials in URLs (alert_webhook_url): read those from
  // the database where they are needed.
  absl::StatusOr<ResolvedProject> GetResolvedProject(absl::string_view slug, int64_t version = 0,
                                                     absl::Time deadline = absl::InfiniteFuture());

  // The same, with the version; the pointer stays valid after eviction.
  absl::StatusOr<std::shared_ptr<const VersionedProject>> GetVersionedProject(
      absl::string_view slug, int64_t version = 0, absl::Time deadline = absl::InfiniteFuture());

  absl::StatusOr<std::vector<ProjectListing>> ListProjects(bool include_deleted = false,
                                                           absl::Time deadline = absl::InfiniteFuture());

  // Calls answered from the cache without an RPC (for tests and metrics).
  int64_t cache_hits() const;

 private:
  using Key = std::pair<std::string, int64_t>;
  std::shared_ptr<const VersionedProject> Lookup(const Key& key);
  void Remember(const Key& key, std::shared_ptr<const VersionedProject> project);

  class Rpc;
  std::unique_ptr<Rpc> rpc_;
  const ConfigClientOptions options_;
  mutable absl::Mutex mu_;
  std::map<Key, std::shared_ptr<const VersionedProject>> cache_ ABSL_GUARDED_BY(mu_);
  std::deque<Key> order_ ABSL_GUARDED_BY(mu_);
  int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace opmon::config
