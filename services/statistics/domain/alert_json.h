#pragma once
// The JSON document a webhook receives for one alert:
//   {"slug": "...", "submission_date": "YYYY-MM-DD", "build_id": "",
//    "dimensions": {"os": "Windows"}, "metric": "...", "statistic": "...",
//    "parameter": "50", "branch": "...", "alert_name": "...",
//    "alert_type": "threshold", "message": "Value above threshold",
//    "point": 1.5, "lower": null, "upper": null, "raised_at": "...Z"}

#include <string>

#include "services/statistics/domain/alert_record.h"

namespace opmon::statistics {

std::string AlertToJson(const std::string& slug, const AlertRecord& alert);

}  // namespace opmon::statistics
