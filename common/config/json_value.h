#pragma once
// A small JSON document model with a deterministic writer and a strict
// parser, for the canonical form of resolved projects. Objects keep their
// members in insertion order; the writer emits no whitespace, so equal values
// always give equal bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace opmon::config {

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Member = std::pair<std::string, JsonValue>;

  JsonValue() = default;
  static JsonValue Bool(bool value);
  static JsonValue Int(int64_t value);
  static JsonValue Double(double value);
  static JsonValue String(std::string value);
  static JsonValue Array();
  static JsonValue Object();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool bool_value() const { return bool_; }
  int64_t int_value() const { return int_; }
  // The number as a double (also for kInt).
  double number_value() const;
  bool is_number() const { return kind_ == Kind::kInt || kind_ == Kind::kDouble; }
  const std::string& string_value() const { return string_; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }

  // Arrays and objects only.
  JsonValue& Append(JsonValue value);
  JsonValue& Set(std::string key, JsonValue value);
  // First member named `key`, or nullptr. Valid until the object changes.
  const JsonValue* Find(std::string_view key) const;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
};

// Compact JSON: no whitespace, strings escaped minimally (quote, backslash,
// control characters), doubles in shortest round-trip form.
std::string WriteJson(const JsonValue& value);

// Parses one JSON document (RFC 8259). InvalidArgument with the byte offset
// on malformed input or nesting deeper than 128.
absl::StatusOr<JsonValue> ParseJson(std::string_view text);

}  // namespace opmon::config
