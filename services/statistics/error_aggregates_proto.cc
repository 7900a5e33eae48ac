#include "services/statistics/error_aggregates_proto.h"

#include <string>

#include "common/errors/error_aggregates.h"

namespace opmon::statistics {

ErrorAggregatesRequest FromProto(const v1::QueryErrorAggregatesRequest& request) {
  ErrorAggregatesRequest out;
  out.measurements.assign(request.measurements().begin(), request.measurements().end());
  out.dimensions.assign(request.dimensions().begin(), request.dimensions().end());
  for (const v1::ErrorAggregatesFilter& f : request.filters()) {
    out.filters.push_back({.dimension = f.dimension(), .values = {f.values().begin(), f.values().end()}});
  }
  out.from = request.from();
  out.to = request.to();
  out.page_size = request.page_size();
  out.page_token = request.page_token();
  return out;
}

void ToProto(const ErrorAggregatesResult& result, v1::QueryErrorAggregatesResponse* out) {
  for (errors::Dimension d : result.query.dimensions) out->add_dimensions(std::string(errors::DimensionName(d)));
  for (errors::Measure m : result.query.measures) out->add_measurements(std::string(errors::MeasureName(m)));
  out->set_data_version(result.aggregates->data_version);
  out->set_next_page_token(result.next_page_token);
  out->mutable_rows()->Reserve(static_cast<int>(result.end - result.begin));
  for (std::size_t i = result.begin; i < result.end; ++i) {
    const ErrorAggregateRow& row = result.aggregates->rows[i];
    v1::ErrorAggregateRow* r = out->add_rows();
    for (const std::optional<std::string>& d : row.dimensions) {
      v1::ErrorAggregateValue* v = r->add_dimensions();
      if (d) v->set_value(*d);
    }
    for (double sum : row.sums) r->add_sums(sum);
  }
}

}  // namespace opmon::statistics
