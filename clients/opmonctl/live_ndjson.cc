#include "clients/opmonctl/live_ndjson.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "clients/opmonctl/flat_event_line.h"
#include "nlohmann/json.hpp"

namespace opmon::ctl {
namespace {

using Json = nlohmann::json;

absl::Status WrongType(const std::string& key, absl::string_view expected, const Json& value) {
  return absl::InvalidArgumentError(absl::StrCat(key, ": expected ", expected, ", got ", value.dump()));
}

}  // namespace

absl::StatusOr<v1::LiveEvent> ParseLiveEventLine(std::string_view line) {
  if (std::optional<v1::LiveEvent> flat = ParseFlatEventLine(line)) return *std::move(flat);
  Json object = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return absl::InvalidArgumentError("not valid JSON");
  if (!object.is_object()) return absl::InvalidArgumentError("expected a JSON object");
  v1::LiveEvent event;
  for (const auto& [key, value] : object.items()) {
    using Mutable = std::string* (v1::LiveEvent::*)();
    static const std::pair<std::string_view, Mutable> kText[] = {
        {"event_id", &v1::LiveEvent::mutable_event_id},
        {"submission_timestamp", &v1::LiveEvent::mutable_submission_timestamp},
        {"client_id", &v1::LiveEvent::mutable_client_id},
        {"app", &v1::LiveEvent::mutable_app},
        {"channel", &v1::LiveEvent::mutable_channel},
        {"experiment", &v1::LiveEvent::mutable_experiment},
        {"branch", &v1::LiveEvent::mutable_branch},
        {"event", &v1::LiveEvent::mutable_event},
    };
    using CountSetter = void (v1::LiveEvent::*)(int64_t);
    static const std::pair<std::string_view, CountSetter> kCounts[] = {
        {"search_count", &v1::LiveEvent::set_search_count},
        {"search_with_ads_count", &v1::LiveEvent::set_search_with_ads_count},
        {"ad_clicks_count", &v1::LiveEvent::set_ad_clicks_count},
    };
    bool known = false;
    for (const auto& [name, set] : kText) {
      if (name != key) continue;
      known = true;
      const bool nullable = name == "branch" || name == "event";
      if (value.is_null() && nullable) break;
      if (!value.is_string()) return WrongType(key, nullable ? "a string or null" : "a string", value);
      *(event.*set)() = value.get<std::string>();
    }
    for (const auto& [name, set] : kCounts) {
      if (name != key) continue;
      known = true;
      if (!value.is_number_integer()) return WrongType(key, "an integer", value);
      (event.*set)(value.get<int64_t>());
    }
    if (!known) return absl::InvalidArgumentError(absl::StrCat(key, ": unknown key"));
  }
  return event;
}

}  // namespace opmon::ctl
