#pragma once
// The one schema table of the project language: every section, key, type,
// default, allowed value and description. The validator (schema_validator.h)
// checks files against it and the key reference (config_reference.h) is
// rendered from it, so the documentation cannot drift from the checks.

#include <limits>
#include <string_view>
#include <vector>

namespace opmon::config {

enum class ValueType {
  kString,
  kBool,
  kInteger,
  kNumber,
  kDate,        // "YYYY-MM-DD" (a TOML date works too)
  kEnum,        // a string from `allowed`
  kStringList,  // elements from `allowed` when it is set
  kNumberList,
  kStringOrStringList,
  kStringOrStringMap,
  kUrl,           // an http:// or https:// URL (common/http/http_url.h)
  kSection,       // a table with the keys of `section`
  kMapOfSection,  // a table of named entries (slugs), each with the keys of `section`
};

inline constexpr double kNoLimit = std::numeric_limits<double>::infinity();

struct KeySpec {
  std::string_view name = {};
  ValueType type = ValueType::kString;
  std::string_view description = {};
  std::string_view default_value = {};  // as documented; empty when none
  std::string_view allowed = {};        // "a|b|c" for kEnum / kStringList
  std::string_view section = {};        // kSection / kMapOfSection: a SectionSpec id
  // Required once all layers are merged (a platform definition may supply
  // it), so it is checked by the resolver, not per file.
  bool required = false;
  double minimum = -kNoLimit;  // numbers, integers and number lists
  double maximum = kNoLimit;
};

struct SectionSpec {
  std::string_view id = {};     // e.g. "metric"
  std::string_view path = {};   // as documented, e.g. "metrics.<slug>"
  std::string_view title = {};
  std::string_view description = {};
  std::vector<KeySpec> keys = {};
  std::string_view key_noun = "key";  // "statistic" for statistics
  // Unknown keys here are errors even in compat mode (they cannot be
  // ignored safely, e.g. an unknown statistic).
  bool closed = false;
};

// All sections, in documentation order. Ids of the two file roots:
inline constexpr std::string_view kProjectFileSection = "project_file";
inline constexpr std::string_view kDefinitionsFileSection = "definitions_file";

const std::vector<SectionSpec>& ConfigSchema();

// nullptr when unknown.
const SectionSpec* FindSection(std::string_view id);
const KeySpec* FindKey(const SectionSpec& section, std::string_view name);

// `allowed` split at '|'.
std::vector<std::string_view> AllowedValues(const KeySpec& key);

// Documentation form of a type, e.g. "list of strings", "table (metric)".
std::string_view TypeName(ValueType type);

}  // namespace opmon::config
