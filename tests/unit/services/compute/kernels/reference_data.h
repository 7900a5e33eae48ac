#pragma once
// Loads tests/data/kernels/reference_cases.json: outputs of the reference
// UDFs run in Node (see that folder's README.md).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/histogram.h"

namespace opmon::kernels::testing {

struct ReferenceCase {
  std::string method;
  std::string histogram_name;
  std::vector<Bucket> histogram;
  std::vector<double> percentiles;
  uint32_t seed = 0;
  bool error = false;
  std::vector<PercentileCiRow> expected;  // NaN for null
};

struct ReferenceData {
  std::map<std::string, std::vector<Bucket>> histograms;
  std::vector<ReferenceCase> cases;
  std::vector<std::vector<double>> qbinom;             // u, n, p, result
  std::map<uint32_t, std::vector<double>> mulberry32;  // seed -> draws
  std::vector<std::pair<double, double>> to_fixed_2;   // x, Number(x.toFixed(2))
};

// Aborts the test binary with a message if the file is missing or malformed.
const ReferenceData& LoadReferenceData();

}  // namespace opmon::kernels::testing
