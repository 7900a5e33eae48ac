#include "services/compute/domain/errors/value_pool.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/string_view.h"

namespace opmon::compute::errors {

ValuePool::Id ValuePool::Intern(std::string_view value) {
  // absl's own string_view here: the map's heterogeneous lookup takes it.
  const absl::string_view key(value.data(), value.size());
  if (auto it = ids_.find(key); it != ids_.end()) return it->second;
  const Id id = static_cast<Id>(texts_.size());
  texts_.emplace_back(value);
  ids_.emplace(std::string(value), id);
  return id;
}

std::optional<ValuePool::Id> ValuePool::Find(std::string_view value) const {
  auto it = ids_.find(absl::string_view(value.data(), value.size()));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

const std::vector<uint32_t>& ValuePool::Ranks() const {
  if (ranks_.size() == texts_.size()) return ranks_;
  std::vector<Id> order(texts_.size() - 1);
  std::iota(order.begin(), order.end(), Id{1});
  std::sort(order.begin(), order.end(), [&](Id a, Id b) { return texts_[a] < texts_[b]; });
  ranks_.assign(texts_.size(), 0);
  for (size_t i = 0; i < order.size(); ++i) ranks_[order[i]] = static_cast<uint32_t>(i);
  ranks_[kNull] = static_cast<uint32_t>(order.size());
  return ranks_;
}

}  // namespace opmon::compute::errors
