#include "services/statistics/domain/query_cache.h"

#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"

namespace opmon::statistics {
namespace {

// Rough per-entry bookkeeping (list node, two hash-map slots, shared_ptr
// control block): keeps many tiny pages from exceeding the budget unseen.
constexpr std::size_t kEntryOverhead = 256;

std::string FullKey(std::string_view slug, std::string_view key, CacheVersions v) {
  return absl::StrCat(slug.size(), ":", std::string(slug), "@", v.project_version, ".", v.data_version, "#", std::string(key));
}

bool Older(CacheVersions a, CacheVersions b) {
  return std::tie(a.project_version, a.data_version) < std::tie(b.project_version, b.data_version);
}

}  // namespace

std::size_t ApproximateBytes(const QueryPage& page) {
  std::size_t bytes = sizeof(QueryPage) + sizeof(EncodedPageSlot);
  for (const results::StatisticsRow& r : page.rows) bytes += 2 * results::ApproximateBytes(r);
  return bytes;
}

QueryCache::QueryCache(std::size_t max_bytes, CacheObserver* observer) : max_bytes_(max_bytes), observer_(observer) {}

std::shared_ptr<const void> QueryCache::LookupErased(std::string_view slug, std::string_view key,
                                                    CacheVersions versions, const void* type) {
  const std::string full_key = FullKey(slug, key, versions);
  absl::MutexLock lock(&mu_);
  auto it = index_.find(full_key);
  if (it == index_.end() || it->second->type != type) {
    ++stats_.misses;
    if (observer_ != nullptr) observer_->OnMiss();
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++stats_.hits;
  if (observer_ != nullptr) observer_->OnHit();
  return it->second->page;
}

void QueryCache::InsertErased(std::string_view slug, std::string_view key, CacheVersions versions,
                              std::size_t page_bytes, const void* type, std::shared_ptr<const void> page) {
  std::string full_key = FullKey(slug, key, versions);
  const std::size_t bytes = page_bytes + 2 * full_key.size() + slug.size() + kEntryOverhead;
  if (bytes > max_bytes_) return;
  absl::MutexLock lock(&mu_);
  const std::string slug_key(slug);
  auto newest = newest_.find(slug_key);
  if (newest != newest_.end() && Older(versions, newest->second)) return;  // read before a publish
  if (newest == newest_.end() || Older(newest->second, versions)) {
    newest_[slug_key] = versions;
    // Entries at older versions can never be looked up again.
    auto keys = by_slug_.find(slug_key);
    if (keys != by_slug_.end()) {
      std::vector<Lru::iterator> dead;
      for (const std::string& k : keys->second) {
        auto e = index_.find(k);
        if (e != index_.end() && e->second->versions != versions) dead.push_back(e->second);
      }
      for (Lru::iterator d : dead) EraseLocked(d);
    }
  }
  if (auto existing = index_.find(full_key); existing != index_.end()) EraseLocked(existing->second);
  lru_.push_front(Entry{full_key, slug_key, versions, type, std::move(page), bytes});
  index_.emplace(full_key, lru_.begin());
  by_slug_[slug_key].insert(std::move(full_key));
  bytes_ += bytes;
  std::size_t evicted = 0;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    EraseLocked(std::prev(lru_.end()));
    ++evicted;
  }
  if (evicted > 0) {
    stats_.evictions += evicted;
    if (observer_ != nullptr) observer_->OnEvictions(evicted);
  }
  ReportSizeLocked();
}

std::size_t QueryCache::InvalidateProject(std::string_view slug) {
  absl::MutexLock lock(&mu_);
  auto keys = by_slug_.find(std::string(slug));
  if (keys == by_slug_.end()) return 0;
  std::vector<Lru::iterator> dead;
  for (const std::string& k : keys->second) {
    auto e = index_.find(k);
    if (e != index_.end()) dead.push_back(e->second);
  }
  for (Lru::iterator d : dead) EraseLocked(d);
  ReportSizeLocked();
  return dead.size();
}

QueryCache::Stats QueryCache::stats() const {
  absl::MutexLock lock(&mu_);
  Stats out = stats_;
  out.bytes = bytes_;
  out.entries = lru_.size();
  return out;
}

void QueryCache::EraseLocked(Lru::iterator it) {
  bytes_ -= it->bytes;
  auto keys = by_slug_.find(it->slug);
  if (keys != by_slug_.end()) {
    keys->second.erase(it->full_key);
    if (keys->second.empty()) by_slug_.erase(keys);
  }
  index_.erase(it->full_key);
  lru_.erase(it);
}

void QueryCache::ReportSizeLocked() {
  if (observer_ != nullptr) observer_->OnSize(bytes_, lru_.size());
}

}  // namespace opmon::statistics
