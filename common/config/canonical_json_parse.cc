// ParseCanonicalJson: the reading half of canonical_json.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/config/canonical_json.h"
#include "common/config/project_fields.h"
#include "common/status/status_macros.h"

namespace opmon::config {
namespace {

using Json = nlohmann::json;

absl::Status TypeError(std::string_view path, std::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(path), ": expected ", std::string(expected)));
}

// The path of member `key` of the object at `path`.
std::string MemberPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : absl::StrCat(path, ".", std::string(key));
}

// The member, or nullptr when it is missing or null (both mean "default").
const Json* Member(const Json& object, std::string_view key) {
  auto it = object.find(key);
  return (it == object.end() || it->is_null()) ? nullptr : &*it;
}

template <typename T>
absl::Status Read(const Json& value, const std::string& path, T& out);

// Every declared field of S from the members of `object`; a missing or null
// member leaves its field at the value `out` has.
template <HasFields S>
absl::Status ReadFields(const Json& object, const std::string& path, S& out) {
  absl::Status status;
  ForEachField<S>([&](const auto& field) {
    if (!status.ok()) return;
    if (const Json* member = Member(object, field.key)) {
      status = Read(*member, MemberPath(path, field.key), field.Of(out));
    }
  });
  return status;
}

// The inverse of StatisticJson: `params` may hold the members of every
// kind's params (older writers); each params struct takes its own.
absl::Status ReadStatistic(const Json& object, const std::string& path, Statistic& s) {
  if (const Json* kind = Member(object, "kind")) {
    OPMON_RETURN_IF_ERROR(Read(*kind, MemberPath(path, "kind"), s.kind));
  }
  const Json* params = Member(object, "params");
  if (params == nullptr) return absl::OkStatus();
  const std::string params_path = MemberPath(path, "params");
  if (!params->is_object()) return TypeError(params_path, "an object");
  absl::Status status;
  ForEachField<Statistic>([&](const auto& field) {
    using Value = typename std::decay_t<decltype(field)>::Value;
    if constexpr (HasFields<Value>) {
      if (status.ok()) status = ReadFields(*params, params_path, field.Of(s));
    }
  });
  return status;
}

template <typename T>
absl::Status Read(const Json& value, const std::string& path, T& out) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!value.is_string()) return TypeError(path, "a string");
    out = value.get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!value.is_boolean()) return TypeError(path, "a boolean");
    out = value.get<bool>();
  } else if constexpr (std::is_same_v<T, int>) {
    // Unsigned is nlohmann's type for non-negative integers beyond int64.
    const bool fits = value.is_number_unsigned()
                          ? value.get<uint64_t>() <= INT32_MAX
                          : value.is_number_integer() && value.get<int64_t>() >= INT32_MIN &&
                                value.get<int64_t>() <= INT32_MAX;
    if (!fits) return TypeError(path, "an integer");
    out = value.get<int>();
  } else if constexpr (std::is_same_v<T, double>) {
    if (!value.is_number()) return TypeError(path, "a number");
    out = value.get<double>();
  } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
    if (!value.is_string() || value.get_ref<const std::string&>().size() != 10 ||
        !absl::ParseCivilTime(value.get_ref<const std::string&>(), &out)) {
      return TypeError(path, "a date YYYY-MM-DD");
    }
  } else if constexpr (std::is_enum_v<T>) {
    if (!value.is_string()) return TypeError(path, "a string");
    const std::string& text = value.get_ref<const std::string&>();
    std::optional<T> parsed = ParseEnum<T>(text);
    if (!parsed) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": unknown value \"", text, "\""));
    }
    out = *parsed;
  } else if constexpr (kIsOptional<T>) {
    typename T::value_type item{};
    OPMON_RETURN_IF_ERROR(Read(value, path, item));
    out = std::move(item);
  } else if constexpr (kIsVector<T>) {
    if (!value.is_array()) return TypeError(path, "an array");
    out.clear();
    for (size_t i = 0; i < value.size(); ++i) {
      typename T::value_type item{};
      OPMON_RETURN_IF_ERROR(Read(value[i], absl::StrCat(path, "[", i, "]"), item));
      out.push_back(std::move(item));
    }
  } else {
    static_assert(HasFields<T>, "no canonical JSON form for this type");
    if (!value.is_object()) return TypeError(path, "an object");
    if constexpr (std::is_same_v<T, Statistic>) {
      return ReadStatistic(value, path, out);
    } else {
      return ReadFields(value, path, out);
    }
  }
  return absl::OkStatus();
}

// nlohmann's parser is strict RFC 8259 (it also rejects invalid UTF-8 and
// numbers overflowing a double) and iterative, so deep nesting cannot exhaust
// the stack. Its exceptions (parse_error, out_of_range for overflow) are
// caught here so none leaves this file.
absl::StatusOr<Json> ParseJson(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1,
    // column 6: ..."; the bracketed id means nothing to a reader.
    std::string_view what = e.what();
    if (const size_t id_end = what.find("] "); id_end != std::string_view::npos) {
      what.remove_prefix(id_end + 2);
    }
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", std::string(what)));
  }
}

}  // namespace

absl::StatusOr<ResolvedProject> ParseCanonicalJson(std::string_view json) {
  OPMON_ASSIGN_OR_RETURN(Json root, ParseJson(json));
  if (!root.is_object()) return TypeError("", "an object");
  int version = kCanonicalJsonFormatVersion;
  if (const Json* member = Member(root, "format_version")) {
    OPMON_RETURN_IF_ERROR(Read(*member, "format_version", version));
  }
  if (version > kCanonicalJsonFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("format_version ", version, " is newer than this reader (",
                     kCanonicalJsonFormatVersion, ")"));
  }
  ResolvedProject p;
  OPMON_RETURN_IF_ERROR(ReadFields(root, "", p));
  return p;
}

}  // namespace opmon::config
