#pragma once
// Aligned plain-text tables for people, and how numbers read in them; JSON
// is printed with nlohmann::json, CSV with RoundTripNumber.

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace opmon::ctl {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Columns separated by two spaces, each as wide as its widest cell.
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// A Table of `header` with one row(item) for each of `items`, printed on
// `out`: `PrintRows(std::cout, JobTableHeader(), jobs, JobTableRow)`.
template <typename Items, typename Row>
void PrintRows(std::ostream& out, std::vector<std::string> header, const Items& items, Row row) {
  Table table(std::move(header));
  for (const auto& item : items) table.AddRow(row(item));
  table.Print(out);
}

// A number in a table cell, as people read it: integer values with all their
// digits ("2566813"), others with 6 significant digits but never fewer than
// their integer digits ("1234.57", "0.000123457", "2566813"), without
// trailing zeros and in fixed notation for magnitudes in [1e-4, 1e15);
// exponent notation only outside it ("1e-07", "1e+20"); "nan", "inf", "-inf".
// Statistics carry no unit, so none is appended.
std::string TableNumber(double value);

// The shortest text that reads back as exactly `value`, for CSV: fixed
// notation for the magnitudes TableNumber shows so ("0.1", "600",
// "2566813.25"), exponent notation outside them ("1e-07", "1e+20"); "nan",
// "inf", "-inf".
std::string RoundTripNumber(double value);

}  // namespace opmon::ctl
