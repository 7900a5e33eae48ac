#pragma once
// Merge, normalisation and normalised sum of histograms, with the reference
// semantics (mozfun hist.merge / OpMon histogram_normalized_sum):
//   merge:  values summed per key, ordered by key;
//   normalised sum: one client's histograms merged, each key's value divided
//           by the client's total and multiplied by `weight`, ordered by key;
//           a zero total gives zeros (SAFE_DIVIDE + COALESCE), no buckets at
//           all gives an empty list (the reference's NULL).

#include <span>
#include <vector>

#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

// True when keys are strictly increasing (NaN keys are never canonical).
bool IsCanonical(std::span<const Bucket> buckets);

// Sorts by key (stable) and sums the values of equal keys in input order.
void Canonicalize(std::vector<Bucket>& buckets);

// Sum by key of two canonical lists; the result is canonical. O(|a| + |b|).
std::vector<Bucket> Merge(std::span<const Bucket> a, std::span<const Bucket> b);

// acc = Merge(acc, h) for canonical inputs, reusing acc's storage.
void MergeInto(std::vector<Bucket>& acc, std::span<const Bucket> h);

// Sum of values in list order (the reference's left fold from 0).
double TotalMass(std::span<const Bucket> buckets);

// One client's histograms merged and scaled to total `weight` (see above).
// Inputs need not be canonical; the result is.
std::vector<Bucket> NormalizedSum(std::span<const std::vector<Bucket>> client_histograms,
                                  double weight = 1.0);
std::vector<Bucket> Normalize(std::span<const Bucket> client_histogram, double weight = 1.0);

}  // namespace opmon::kernels
