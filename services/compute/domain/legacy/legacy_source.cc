#include "services/compute/domain/legacy/legacy_source.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace opmon::compute::legacy {

absl::Status SetLayout(const std::vector<std::string>& columns, SourceTable& table) {
  table.fields = static_cast<int>(columns.size());
  table.dimensions_field = -1;
  table.histogram_field = -1;
  for (int i = 0; i < table.fields; ++i) {
    if (columns[i] == "dimensions") table.dimensions_field = i;
    if (columns[i] == "histogram") table.histogram_field = i;
  }
  if (table.dimensions_field < 0 || table.histogram_field < 0) {
    return absl::InvalidArgumentError(absl::StrCat(table.location, ": table ", table.relation, " has columns (",
                                                   absl::StrJoin(columns, ", "),
                                                   "), not the reference's dimensions and histogram"));
  }
  return absl::OkStatus();
}

}  // namespace opmon::compute::legacy
