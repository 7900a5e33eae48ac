#include "clients/opmonctl/statistic_format.h"

#include <cmath>

namespace opmon::ctl {

nlohmann::json JsonNumber(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return *value;
}

nlohmann::json DimensionsJson(const google::protobuf::RepeatedPtrField<v1::DimensionValue>& dimensions) {
  nlohmann::json out = nlohmann::json::object();
  for (const v1::DimensionValue& d : dimensions) out[d.name()] = d.value();
  return out;
}

std::string DimensionsCell(const google::protobuf::RepeatedPtrField<v1::DimensionValue>& dimensions) {
  std::string cell;
  for (const v1::DimensionValue& d : dimensions) cell += (cell.empty() ? "" : ",") + d.name() + "=" + d.value();
  return cell;
}

}  // namespace opmon::ctl
