#pragma once
// Aligned plain-text tables for people; JSON is printed with nlohmann::json.

#include <ostream>
#include <string>
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

}  // namespace opmon::ctl
