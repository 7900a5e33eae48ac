#include "services/compute/kernels/histogram_ops.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace opmon::kernels {

bool IsCanonical(std::span<const Bucket> buckets) {
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (std::isnan(buckets[i].key)) return false;
    if (i > 0 && !(buckets[i - 1].key < buckets[i].key)) return false;
  }
  return true;
}

namespace {

// A lambda, not a function, so std::sort inlines the comparison.
constexpr auto ByKey = [](const Bucket& a, const Bucket& b) { return a.key < b.key; };

void StableCanonicalize(std::vector<Bucket>& buckets) {
  std::stable_sort(buckets.begin(), buckets.end(), ByKey);
  size_t out = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (out > 0 && buckets[out - 1].key == buckets[i].key) {
      buckets[out - 1].value += buckets[i].value;
    } else {
      buckets[out++] = buckets[i];
    }
  }
  buckets.resize(out);
}

uint64_t MixBits(double key) {
  key += 0.0;  // -0.0 and 0.0 are one key
  uint64_t h;
  std::memcpy(&h, &key, sizeof(h));
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

// Open-addressing index from key to its slot among the distinct keys. Each
// call takes a new generation instead of clearing the table: a client's
// histograms are canonicalised once per metric per client.
struct KeyIndex {
  std::vector<uint64_t> entries;  // generation << 32 | slot + 1
  uint32_t generation = 0;
};

}  // namespace

void Canonicalize(std::vector<Bucket>& buckets) {
  if (IsCanonical(buckets)) return;
  if (buckets.size() >= (size_t{1} << 30) ||
      std::any_of(buckets.begin(), buckets.end(), [](const Bucket& b) { return std::isnan(b.key); })) {
    StableCanonicalize(buckets);
    return;
  }
  // Sum each key's values in input order into its first occurrence, then
  // sort the distinct keys (no ties left, so any sort gives the stable
  // result): telemetry merges many histograms over few distinct buckets.
  thread_local KeyIndex index;
  const size_t capacity = std::bit_ceil(buckets.size() * 2);
  if (index.entries.size() < capacity || ++index.generation == 0) {
    index.entries.assign(std::max(capacity, index.entries.size()), 0);
    index.generation = 1;
  }
  const uint64_t generation = uint64_t{index.generation} << 32;
  const size_t mask = index.entries.size() - 1;
  size_t out = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    const Bucket b = buckets[i];
    for (size_t h = MixBits(b.key) & mask;; h = (h + 1) & mask) {
      const uint64_t entry = index.entries[h];
      if ((entry & ~uint64_t{0xffffffff}) != generation) {
        index.entries[h] = generation | (out + 1);
        buckets[out++] = b;
        break;
      }
      Bucket& first = buckets[(entry & 0xffffffff) - 1];
      if (first.key == b.key) {
        first.value += b.value;
        break;
      }
    }
  }
  buckets.resize(out);
  std::sort(buckets.begin(), buckets.end(), ByKey);
}

std::vector<Bucket> Merge(std::span<const Bucket> a, std::span<const Bucket> b) {
  std::vector<Bucket> out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].key < b[j].key) {
      out.push_back(a[i++]);
    } else if (b[j].key < a[i].key) {
      out.push_back(b[j++]);
    } else {
      out.push_back({a[i].key, a[i].value + b[j].value});
      ++i;
      ++j;
    }
  }
  out.insert(out.end(), a.begin() + i, a.end());
  out.insert(out.end(), b.begin() + j, b.end());
  return out;
}

void MergeInto(std::vector<Bucket>& acc, std::span<const Bucket> h) {
  // Fast path: same key set (the common case for one metric's histograms).
  if (acc.size() == h.size()) {
    bool same = true;
    for (size_t i = 0; i < h.size(); ++i) {
      if (acc[i].key != h[i].key) {
        same = false;
        break;
      }
    }
    if (same) {
      for (size_t i = 0; i < h.size(); ++i) acc[i].value += h[i].value;
      return;
    }
  }
  acc = Merge(acc, h);
}

double TotalMass(std::span<const Bucket> buckets) {
  double total = 0;
  for (const Bucket& b : buckets) total += b.value;
  return total;
}

std::vector<Bucket> NormalizedSum(std::span<const std::vector<Bucket>> client_histograms,
                                  double weight) {
  std::vector<Bucket> merged;
  for (const auto& h : client_histograms) merged.insert(merged.end(), h.begin(), h.end());
  Canonicalize(merged);
  return Normalize(merged, weight);
}

std::vector<Bucket> Normalize(std::span<const Bucket> client_histogram, double weight) {
  std::vector<Bucket> out(client_histogram.begin(), client_histogram.end());
  Canonicalize(out);
  double total = 0;
  for (const Bucket& b : out) total += b.value;
  for (Bucket& b : out) {
    // SAFE_DIVIDE(v, 0) is NULL and COALESCE turns it into 0.
    b.value = total == 0 ? 0.0 : b.value / total * weight;
  }
  return out;
}

}  // namespace opmon::kernels
