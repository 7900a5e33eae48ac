#include "common/statistic/statistic_parameter.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opmon {
namespace {

// The reference prints percentiles in shortest round-trip form, without a
// trailing ".0" ("50", "99.9").
std::string ShortestDecimal(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return absl::StrCat(value);
  return std::string(buffer, end);
}

}  // namespace

StatisticParameter StatisticParameter::Number(double value) { return {ShortestDecimal(value), value}; }

StatisticParameter StatisticParameter::Name(std::string name) { return {std::move(name), std::nullopt}; }

StatisticParameter StatisticParameter::FromText(std::string text) {
  double value = 0;
  if (absl::SimpleAtod(text, &value) && std::isfinite(value)) return {std::move(text), value};
  return {std::move(text), std::nullopt};
}

StatisticParameter StatisticParameter::Canonical() const { return number_ ? Number(*number_) : *this; }

std::ostream& operator<<(std::ostream& out, const StatisticParameter& parameter) {
  return out << '"' << parameter.text() << '"';
}

}  // namespace opmon
