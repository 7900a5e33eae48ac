#pragma once
// Project statistics (config model) in the kernels' terms.

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "services/compute/kernels/statistic_spec.h"

namespace opmon::compute {

// config statistic → kernels::StatisticSpec. InvalidArgument naming
// `metric_name` when the kernels reject the parameters.
absl::StatusOr<kernels::StatisticSpec> ToStatisticSpec(const config::Statistic& statistic,
                                                       const std::string& metric_name);

}  // namespace opmon::compute
