#include "clients/opmonctl/table.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "absl/strings/str_format.h"

namespace opmon::ctl {
namespace {

constexpr int kSignificantDigits = 6;
// Fixed notation between these magnitudes: %g's lower bound, and an upper one
// below 2^53, so that every integer shown is exact.
constexpr double kSmallestFixed = 1e-4;
constexpr double kLargestFixed = 1e15;

}  // namespace

void Table::Print(std::ostream& out) const {
  std::vector<size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < width.size()) line += std::string(width[i] - cell.size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print(header_);
  for (const auto& row : rows_) print(row);
}

std::string TableNumber(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";  // also -0
  const double magnitude = std::fabs(value);
  if (magnitude < kSmallestFixed || magnitude >= kLargestFixed) return absl::StrFormat("%.*g", kSignificantDigits, value);
  if (value == std::trunc(value)) return absl::StrFormat("%.0f", value);
  // Digits before the point (<= 0 below 1: leading zeros after the point).
  const int integer_digits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
  std::string text = absl::StrFormat("%.*f", std::max(0, kSignificantDigits - integer_digits), value);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string RoundTripNumber(double value) {
  // Shortest digits, in fixed or exponent notation by the same magnitudes as
  // TableNumber (PostgreSQL's float8 text does the same with 1e-4 and 1e15).
  const double magnitude = std::fabs(value);
  const bool fixed = value == 0 || (magnitude >= kSmallestFixed && magnitude < kLargestFixed);
  char buffer[64];
  const std::to_chars_result end = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                                 fixed ? std::chars_format::fixed : std::chars_format::scientific);
  return std::string(buffer, end.ptr);
}

}  // namespace opmon::ctl
