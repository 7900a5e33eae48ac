#pragma once
// How often one value occurs in a column of a results relation: what
// statistics' GetProjectOverview lists and what LookML dashboard filters
// default to (dimension_frequencies.h reads them). Plain structs, no
// dependencies, so pure domain code can hold them.

#include <cstdint>
#include <string>
#include <vector>

namespace opmon::results {

struct ValueCount {
  std::string value;
  std::int64_t count = 0;
  bool operator==(const ValueCount&) const = default;
};

// Values of one project dimension, most frequent first (ties by value).
struct DimensionValues {
  std::string dimension;  // a name from ResolvedProject::dimensions
  std::vector<ValueCount> values;
  bool operator==(const DimensionValues&) const = default;
};

}  // namespace opmon::results
