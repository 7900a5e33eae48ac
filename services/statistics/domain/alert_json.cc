#include "services/statistics/domain/alert_json.h"

#include <cmath>

#include "nlohmann/json.hpp"
#include "common/time/civil_day.h"

namespace opmon::statistics {
namespace {

nlohmann::json Number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;  // JSON has no NaN
  return *v;
}

}  // namespace

std::string AlertToJson(const std::string& slug, const AlertRecord& a) {
  nlohmann::json dims = nlohmann::json::object();
  for (const NamedValue& d : a.dimensions) dims[d.name] = d.value;
  nlohmann::json doc = {
      {"slug", slug},
      {"submission_date", time::FormatCivilDay(a.submission_date)},
      {"build_id", a.build_id},
      {"dimensions", dims},
      {"metric", a.metric},
      {"statistic", std::string(ToString(a.statistic))},
      {"parameter", a.parameter.text()},
      {"branch", a.branch},
      {"alert_name", a.alert_name},
      {"alert_type", std::string(config::ToString(a.alert_type))},
      {"message", a.message},
      {"point", Number(a.point)},
      {"lower", Number(a.lower)},
      {"upper", Number(a.upper)},
      {"raised_at", a.raised_at},
  };
  return doc.dump();
}

}  // namespace opmon::statistics
