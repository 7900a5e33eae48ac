#pragma once
// The `parameter` of a statistics row: which percentile or quantile (a
// number), the denominator metric of a total_ratio (a name), or none.
//
// Domain code reads number() and never parses text; text exists for the SQL
// and gRPC edges, which convert once with FromText (reading) and text()
// (writing). A parameter made from a number is stored as its shortest
// round-trip decimal ("50", "99.9"); one read from text keeps that text
// ("95.0" is the number 95, written back as "95.0"), so rows round-trip
// exactly.

#include <compare>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace opmon {

class StatisticParameter {
 public:
  // None: stored as ''.
  StatisticParameter() = default;
  static StatisticParameter Number(double value);
  static StatisticParameter Name(std::string name);
  // From stored or requested text: a number when the text is a finite
  // decimal (absl::SimpleAtod), a name otherwise, none when empty.
  static StatisticParameter FromText(std::string text);

  // The same parameter written the way opmon stores it: numbers in shortest
  // form ("50.0" → "50"), names and none unchanged.
  StatisticParameter Canonical() const;

  bool empty() const { return text_.empty(); }
  const std::string& text() const { return text_; }
  // The percentile or quantile; nullopt for names and none.
  std::optional<double> number() const { return number_; }

  // Parameters are equal when their stored text is: "95" and "95.0" are two
  // rows in SQL, as here. Compare number() to match them as numbers.
  friend bool operator==(const StatisticParameter& a, const StatisticParameter& b) { return a.text_ == b.text_; }
  friend bool operator==(const StatisticParameter& a, std::string_view text) { return a.text_ == text; }
  friend auto operator<=>(const StatisticParameter& a, const StatisticParameter& b) { return a.text_ <=> b.text_; }

 private:
  StatisticParameter(std::string text, std::optional<double> number)
      : text_(std::move(text)), number_(number) {}
  std::string text_;
  std::optional<double> number_;
};

// The stored text (so test failures print it).
std::ostream& operator<<(std::ostream& out, const StatisticParameter& parameter);

}  // namespace opmon
