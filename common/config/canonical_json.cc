#include "common/config/canonical_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/config/project_fields.h"

namespace opmon::config {
namespace {

// nlohmann::json keeps object members in a std::map, so they come out sorted
// by name (bytewise) whatever the insertion order.
using Json = nlohmann::json;

// ---- writing ----

Json Str(std::string_view s) { return Json(std::string(s)); }

// Integral doubles are written as integers so 50.0 and 50 read the same.
Json Number(double d) {
  if (d == static_cast<double>(static_cast<int64_t>(d)) && d > -9e15 && d < 9e15) {
    return Json(static_cast<int64_t>(d));
  }
  return Json(d);
}

template <typename T>
Json ToJson(const T& value);

// {"kind": ..., "params": {...}} with the params of the statistic's own kind
// only: the others keep their defaults and are not written.
Json StatisticJson(const Statistic& s) {
  Json o = Json::object();
  o["kind"] = ToJson(s.kind);
  Json params = Json::object();
  ForEachField<Statistic>([&](const auto& field) {
    using Value = typename std::decay_t<decltype(field)>::Value;
    if constexpr (HasFields<Value>) {
      if (field.key == ToString(s.kind)) params = ToJson(field.Of(s));
    }
  });
  o["params"] = std::move(params);
  return o;
}

template <HasFields S>
Json ObjectJson(const S& s) {
  Json o = Json::object();
  ForEachField<S>([&](const auto& field) {
    const auto& value = field.Of(s);
    if (field.traits.only_when_set && value == S{}.*field.member) return;
    o[std::string(field.key)] = ToJson(value);
  });
  return o;
}

template <typename T>
Json ToJson(const T& value) {
  if constexpr (std::is_same_v<T, double>) {
    return Number(value);
  } else if constexpr (std::is_enum_v<T>) {
    return Str(ToString(value));
  } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
    return Json(absl::StrFormat("%04d-%02d-%02d", value.year(), value.month(), value.day()));
  } else if constexpr (kIsOptional<T>) {
    return value ? ToJson(*value) : Json();
  } else if constexpr (kIsVector<T>) {
    Json array = Json::array();
    for (const auto& item : value) array.push_back(ToJson(item));
    return array;
  } else if constexpr (std::is_same_v<T, Statistic>) {
    return StatisticJson(value);
  } else if constexpr (HasFields<T>) {
    return ObjectJson(value);
  } else {
    return Json(value);  // strings, booleans, integers
  }
}

Json ProjectJson(const ResolvedProject& p) {
  Json o = ObjectJson(p);
  o["format_version"] = kCanonicalJsonFormatVersion;
  return o;
}

// Compact output as Json::dump(), except doubles: dump() uses Grisu2 and
// switches to exponent notation later (0.0001, not 1e-04), while stored
// hashes were computed over std::to_chars' shortest round-trip form.
void Write(const Json& j, std::string& out) {
  switch (j.type()) {
    case Json::value_t::object: {
      out.push_back('{');
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it != j.begin()) out.push_back(',');
        Write(Json(it.key()), out);
        out.push_back(':');
        Write(it.value(), out);
      }
      out.push_back('}');
      break;
    }
    case Json::value_t::array: {
      out.push_back('[');
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it != j.begin()) out.push_back(',');
        Write(*it, out);
      }
      out.push_back(']');
      break;
    }
    case Json::value_t::number_float: {
      const double d = j.get<double>();
      // JSON has no NaN or infinity; the model never produces them.
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      char buf[64];
      out.append(buf, std::to_chars(buf, buf + sizeof(buf), d).ptr);
      break;
    }
    default:
      // Invalid UTF-8 becomes U+FFFD rather than an exception.
      out += j.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
  }
}

}  // namespace

std::string ToCanonicalJson(const ResolvedProject& project) {
  std::string out;
  Write(ProjectJson(project), out);
  return out;
}

}  // namespace opmon::config
