#pragma once
// The in-process cache of QueryStatistics pages (and of other read-only
// answers keyed the same way, e.g. live series): LRU, bounded in bytes,
// keyed by the normalised query and the project's data version (and project
// version). Staleness is impossible by construction: callers look entries up
// with the versions they have just read from PostgreSQL, so a page computed
// from older data can never match; InvalidateProject (on publish) and
// newer-version inserts only free the memory of such dead entries early.
//
// Thread-safe; lookups and inserts take one mutex for O(1) work. Pages are
// shared immutable values: a caller may keep one after it was evicted.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "common/results/statistics_row.h"

namespace opmon::statistics {

// Where the gRPC edge keeps its wire encoding of a page (opaque to the
// domain), made once and shared by every answer served from the same cached
// page: a cache hit then costs no re-encoding.
struct EncodedPageSlot {
  absl::once_flag once;
  std::shared_ptr<const void> encoded;
};

// One page of a query's results, as read in one snapshot.
struct QueryPage {
  std::int64_t data_version = 0;
  std::int64_t project_version = 0;
  std::vector<results::StatisticsRow> rows;
  std::optional<std::int64_t> next_offset;  // set when more rows follow
  std::shared_ptr<EncodedPageSlot> encoding = std::make_shared<EncodedPageSlot>();
};

// Counts the rows twice: once decoded, once in the edge's encoding.
std::size_t ApproximateBytes(const QueryPage& page);

// Receives cache events, e.g. to export Prometheus counters. Called with the
// cache's lock held: must be cheap and must not call back into the cache.
class CacheObserver {
 public:
  virtual ~CacheObserver() = default;
  virtual void OnHit() = 0;
  virtual void OnMiss() = 0;
  virtual void OnEvictions(std::size_t count) = 0;  // LRU evictions for space
  virtual void OnSize(std::size_t bytes, std::size_t entries) = 0;
};

struct CacheVersions {
  std::int64_t project_version = 0;
  std::int64_t data_version = 0;
  bool operator==(const CacheVersions&) const = default;
};

class QueryCache {
 public:
  // `observer` may be null; otherwise it must outlive the cache.
  explicit QueryCache(std::size_t max_bytes, CacheObserver* observer = nullptr);
  QueryCache(const QueryCache&) = delete;
  QueryCache& operator=(const QueryCache&) = delete;

  // The page stored for (slug, key) at exactly `versions`, or null. Counts a
  // hit or a miss; a hit becomes the most recently used entry.
  std::shared_ptr<const QueryPage> Lookup(std::string_view slug, std::string_view key, CacheVersions versions) {
    return LookupAs<QueryPage>(slug, key, versions);
  }

  // Stores `page` for (slug, key) at the page's own versions, evicting least
  // recently used entries until the total fits. A page larger than the whole
  // budget, or older than a version already seen for `slug`, is not stored.
  // Entries of `slug` at older versions are dropped.
  void Insert(std::string_view slug, std::string_view key, std::shared_ptr<const QueryPage> page) {
    InsertAs<QueryPage>(slug, key, std::move(page));
  }

  // The same for any other immutable page type: `Page` has `data_version`
  // and `project_version` members and an ApproximateBytes(const Page&)
  // overload. An entry stored as another type is a miss.
  template <typename Page>
  std::shared_ptr<const Page> LookupAs(std::string_view slug, std::string_view key, CacheVersions versions) {
    return std::static_pointer_cast<const Page>(LookupErased(slug, key, versions, TypeTag<Page>()));
  }
  template <typename Page>
  void InsertAs(std::string_view slug, std::string_view key, std::shared_ptr<const Page> page) {
    const CacheVersions versions{page->project_version, page->data_version};
    const std::size_t bytes = ApproximateBytes(*page);
    InsertErased(slug, key, versions, bytes, TypeTag<Page>(), std::move(page));
  }

  // Drops every entry of `slug`; returns how many.
  std::size_t InvalidateProject(std::string_view slug);

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t evictions = 0;  // for space only
    std::size_t bytes = 0;
    std::size_t entries = 0;
  };
  Stats stats() const;
  std::size_t max_bytes() const { return max_bytes_; }

 private:
  // One address per page type, telling entries of different types apart.
  template <typename Page>
  static const void* TypeTag() {
    static const char tag = 0;
    return &tag;
  }
  std::shared_ptr<const void> LookupErased(std::string_view slug, std::string_view key, CacheVersions versions,
                                           const void* type);
  void InsertErased(std::string_view slug, std::string_view key, CacheVersions versions, std::size_t page_bytes,
                    const void* type, std::shared_ptr<const void> page);

  struct Entry {
    std::string full_key;
    std::string slug;
    CacheVersions versions;
    const void* type = nullptr;
    std::shared_ptr<const void> page;
    std::size_t bytes = 0;
  };
  using Lru = std::list<Entry>;

  void EraseLocked(Lru::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ReportSizeLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::size_t max_bytes_;
  CacheObserver* const observer_;
  mutable absl::Mutex mu_;
  Lru lru_ ABSL_GUARDED_BY(mu_);  // most recently used first
  absl::flat_hash_map<std::string, Lru::iterator> index_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> by_slug_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, CacheVersions> newest_ ABSL_GUARDED_BY(mu_);
  std::size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  Stats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace opmon::statistics
