#pragma once
// Answers computed from a system relation (one with an '@' data version key:
// legacy aggregates, live windows, error aggregates) through the query
// cache. The key's version is read first (one indexed read); an answer cached
// at that version is returned as is; otherwise `compute` reads its rows and
// their version in one snapshot, and the answer is cached under the version
// it read, never the one looked up: a write in between stores it as newer,
// so a stale answer can never match a later lookup.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/query_cache.h"

namespace opmon::statistics {

template <typename Value>
struct VersionedAnswer {
  std::shared_ptr<const Value> value;  // shared with the cache
  bool from_cache = false;
};

// The data version of `key` (0 before its first bump). Unavailable: database down.
absl::StatusOr<std::int64_t> ReadSystemDataVersion(pg::Pool& pool, std::string_view key);

// `Value` has an int64 `data_version` that `compute` sets to the version it
// read, and an ApproximateBytes(const Value&) overload. `cache_key` names
// the question; `what` names the read in errors. Errors are compute's or
// ReadSystemDataVersion's.
template <typename Value>
absl::StatusOr<VersionedAnswer<Value>> AnswerThroughCache(
    pg::Pool& pool, QueryCache& cache, std::string_view version_key, const std::string& cache_key,
    std::string_view what, const std::function<absl::StatusOr<Value>(pqxx::connection&)>& compute) {
  OPMON_ASSIGN_OR_RETURN(const std::int64_t version, ReadSystemDataVersion(pool, version_key));
  // System relations have no project, hence no project version.
  VersionedAnswer<Value> answer;
  answer.value = cache.LookupValue<Value>(version_key, cache_key, {0, version});
  answer.from_cache = answer.value != nullptr;
  if (answer.value) return answer;
  OPMON_ASSIGN_OR_RETURN(Value computed, pool.RunFor<Value>(what, compute));
  auto shared = std::make_shared<const Value>(std::move(computed));
  cache.InsertValue<Value>(version_key, cache_key, {0, shared->data_version}, shared, ApproximateBytes(*shared));
  answer.value = std::move(shared);
  return answer;
}

}  // namespace opmon::statistics
