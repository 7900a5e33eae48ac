#include "services/compute/domain/legacy/legacy_row.h"

#include <charconv>
#include <simdjson.h>

#include "absl/strings/str_cat.h"

namespace opmon::compute::legacy {
namespace {

// The start of a bad value, for error messages.
std::string Sample(std::string_view value) {
  constexpr size_t kMax = 60;
  return value.size() <= kMax ? std::string(value) : std::string(value.substr(0, kMax)) + "...";
}

absl::Status BadValue(std::string_view column, std::string_view what, std::string_view value) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(column), ": ", std::string(what), " (\"", Sample(value), "\")"));
}

// A dimension's value as text: strings as they are, booleans and numbers as
// their JSON text, null as nullopt.
absl::Status DimensionText(simdjson::dom::element value, std::optional<std::string>& out) {
  switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE: out.reset(); return absl::OkStatus();
    case simdjson::dom::element_type::STRING: out = std::string(value.get_string().value_unsafe()); return absl::OkStatus();
    case simdjson::dom::element_type::BOOL: out = value.get_bool().value_unsafe() ? "true" : "false"; return absl::OkStatus();
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: out = simdjson::minify(value); return absl::OkStatus();
    default: return absl::InvalidArgumentError("is an object or an array, not a value");
  }
}

absl::Status ParseDimensions(std::string_view json, LegacyAggregateRow& row) {
  thread_local simdjson::dom::parser parser;
  row.os.reset();
  row.child.reset();
  row.label.reset();
  row.metric.reset();
  row.os_version.reset();
  row.application.reset();
  row.architecture.reset();
  simdjson::dom::object object;
  if (parser.parse(json.data(), json.size()).get_object().get(object) != simdjson::SUCCESS) {
    return BadValue("dimensions", "not a JSON object", json);
  }
  for (auto [key, value] : object) {
    std::optional<std::string>* target = key == "os"             ? &row.os
                                         : key == "child"        ? &row.child
                                         : key == "label"        ? &row.label
                                         : key == "metric"       ? &row.metric
                                         : key == "osVersion"    ? &row.os_version
                                         : key == "application"  ? &row.application
                                         : key == "architecture" ? &row.architecture
                                                                 : nullptr;
    if (target == nullptr) continue;  // the reference's schema ignores other keys too
    absl::Status status = DimensionText(value, *target);
    if (!status.ok()) return BadValue("dimensions." + std::string(key), std::string(status.message()), json);
  }
  if (!row.metric) return BadValue("dimensions", "no metric", json);
  return absl::OkStatus();
}

absl::Status ParseHistogram(std::string_view literal, std::vector<int64_t>& out) {
  out.clear();
  if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}') {
    return BadValue("histogram", "not an array literal {...}", literal);
  }
  std::string_view body = literal.substr(1, literal.size() - 2);
  while (!body.empty()) {
    const size_t comma = body.find(',');
    const std::string_view element = body.substr(0, comma);
    int64_t value = 0;
    auto [end, error] = std::from_chars(element.data(), element.data() + element.size(), value);
    if (error != std::errc() || end != element.data() + element.size()) {
      return BadValue("histogram", absl::StrCat("element ", out.size() + 1, " \"", Sample(element), "\" is not an integer"),
                      literal);
    }
    out.push_back(value);
    if (comma == std::string_view::npos) break;
    body.remove_prefix(comma + 1);
    if (body.empty()) return BadValue("histogram", "ends in a comma", literal);
  }
  if (out.size() < 2) return BadValue("histogram", "has fewer than two elements (sum and count)", literal);
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseLegacyRow(std::string_view dimensions, std::string_view histogram, LegacyAggregateRow& row) {
  if (absl::Status status = ParseDimensions(dimensions, row); !status.ok()) return status;
  return ParseHistogram(histogram, row.aggregate);
}

void EncodeAggregateLine(const LegacyTableName& table, const LegacyAggregateRow& row, pg::CopyLine& line) {
  line.Clear();
  line.AddUnescaped(opmon::legacy::AggregateTypeName(table.type));
  line.AddUnescaped(table.ds_nodash());
  line.Add(table.channel);
  line.Add(table.version);
  line.AddOptional(row.os);
  line.AddOptional(row.child);
  line.AddOptional(row.label);
  line.AddOptional(row.metric);
  line.AddOptional(row.os_version);
  line.AddOptional(row.application);
  line.AddOptional(row.architecture);
  std::string array = "{";
  for (size_t i = 0; i < row.aggregate.size(); ++i) absl::StrAppend(&array, i ? "," : "", row.aggregate[i]);
  array += '}';
  line.AddUnescaped(array);
}

}  // namespace opmon::compute::legacy
