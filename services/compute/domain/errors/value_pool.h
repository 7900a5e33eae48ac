#pragma once
// Distinct dimension values of a set of error windows, each stored once and
// named by a small id, so a window row's key is a fixed array of integers
// (hashed and compared without touching text) however many rows share a
// value. Not thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace opmon::compute::errors {

class ValuePool {
 public:
  using Id = uint32_t;
  static constexpr Id kNull = 0;  // SQL NULL

  // The id of `value`, adding it on first sight. Amortised O(length).
  Id Intern(std::string_view value);
  Id InternOptional(const std::optional<std::string_view>& value) { return value ? Intern(*value) : kNull; }
  // The id of `value` if it was interned, without adding it; FindOptional
  // gives kNull for nullopt.
  std::optional<Id> Find(std::string_view value) const;
  std::optional<Id> FindOptional(const std::optional<std::string_view>& value) const {
    return value ? Find(*value) : std::optional<Id>(kNull);
  }

  // The text of a non-null id; valid until the next Intern.
  const std::string& Text(Id id) const { return texts_[id]; }

  // Each id's position in bytewise order of the texts, NULL after every
  // value (as a B-tree orders them): comparing ranks compares the texts.
  // O(n log n) in the distinct values when values were added since the
  // last call, else O(1) (a day's recompute asks once per window written);
  // valid until the next Intern.
  const std::vector<uint32_t>& Ranks() const;

 private:
  absl::flat_hash_map<std::string, Id> ids_;
  std::vector<std::string> texts_{std::string()};  // [kNull] unused
  mutable std::vector<uint32_t> ranks_;             // of texts_ when its size matches
};

}  // namespace opmon::compute::errors
