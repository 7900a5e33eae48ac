#include "services/statistics/domain/alert_record.h"

#include "absl/strings/str_cat.h"
#include "common/time/civil_day.h"
#include "nlohmann/json.hpp"

namespace opmon::statistics {

std::string AlertKey(const AlertRecord& a) {
  std::string key = time::FormatCivilDay(a.submission_date);
  auto add = [&key](const std::string& v) { absl::StrAppend(&key, "|", v.size(), ":", v); };
  add(a.build_id);
  for (const NamedValue& d : a.dimensions) {
    add(d.name);
    add(d.value);
  }
  add(a.metric);
  add(std::string(ToString(a.statistic)));
  add(a.parameter.text());
  for (const std::string* v : {&a.branch, &a.alert_name, &a.message}) add(*v);
  return key;
}

std::string DimensionsJson(const std::vector<NamedValue>& dimensions) {
  nlohmann::json array = nlohmann::json::array();
  for (const NamedValue& d : dimensions) array.push_back({{"name", d.name}, {"value", d.value}});
  return array.dump();
}

}  // namespace opmon::statistics
