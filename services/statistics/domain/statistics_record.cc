#include "services/statistics/domain/statistics_record.h"

namespace opmon::statistics {

std::size_t ApproximateBytes(const StatisticRecord& record) {
  std::size_t bytes = sizeof(StatisticRecord) + record.build_id.capacity() + record.branch.capacity() +
                      record.metric.capacity() + record.statistic.capacity() + record.parameter.capacity();
  bytes += record.dimensions.capacity() * sizeof(std::string);
  for (const std::string& d : record.dimensions) bytes += d.capacity();
  return bytes;
}

}  // namespace opmon::statistics
