#pragma once
// The in-process cache of QueryStatistics pages (and of other query results,
// e.g. legacy aggregates): LRU, bounded in bytes, keyed by the normalised
// query and the project's data version (and project version). Staleness is
// impossible by construction: callers look entries up with the versions they
// have just read from PostgreSQL, so a page computed from older data can
// never match; InvalidateProject (on publish) and newer-version inserts only
// free the memory of such dead entries early.
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
#include <typeinfo>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/results/statistics_row.h"
#include "services/statistics/domain/encoded_page_slot.h"

namespace opmon::statistics {

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
    return LookupValue<QueryPage>(slug, key, versions);
  }

  // Stores `page` for (slug, key) at the page's own versions, evicting least
  // recently used entries until the total fits. A page larger than the whole
  // budget, or older than a version already seen for `slug`, is not stored.
  // Entries of `slug` at older versions are dropped.
  void Insert(std::string_view slug, std::string_view key, std::shared_ptr<const QueryPage> page) {
    const CacheVersions versions{page->project_version, page->data_version};
    const std::size_t bytes = ApproximateBytes(*page);
    InsertValue<QueryPage>(slug, key, versions, std::move(page), bytes);
  }

  // Lookup and Insert for any other result (legacy aggregates, ...), with the
  // same rules: `slug` names what the versions belong to (a project, or a
  // data version key such as "@legacy_aggregates"), `bytes` is the value's
  // approximate size. Values of different types never answer each other's
  // lookups, even under the same (slug, key).
  template <typename Value>
  std::shared_ptr<const Value> LookupValue(std::string_view slug, std::string_view key, CacheVersions versions) {
    return std::static_pointer_cast<const Value>(LookupErased(slug, TypedKey<Value>(key), versions));
  }
  template <typename Value>
  void InsertValue(std::string_view slug, std::string_view key, CacheVersions versions,
                   std::shared_ptr<const Value> value, std::size_t bytes) {
    InsertErased(slug, TypedKey<Value>(key), versions, std::move(value), bytes);
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
  struct Entry {
    std::string full_key;
    std::string slug;
    CacheVersions versions;
    std::shared_ptr<const void> value;
    std::size_t bytes = 0;
  };
  using Lru = std::list<Entry>;

  template <typename Value>
  static std::string TypedKey(std::string_view key) {
    return absl::StrCat(typeid(Value).name(), "#", std::string(key));
  }
  std::shared_ptr<const void> LookupErased(std::string_view slug, std::string_view key, CacheVersions versions);
  void InsertErased(std::string_view slug, std::string_view key, CacheVersions versions,
                    std::shared_ptr<const void> value, std::size_t value_bytes);

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
