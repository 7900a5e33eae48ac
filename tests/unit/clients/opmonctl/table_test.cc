#include "clients/opmonctl/table.h"

#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace opmon::ctl {
namespace {

TEST(Table, AlignsColumnsToTheWidestCellWithoutTrailingSpaces) {
  Table table({"NAME", "STATE"});
  table.AddRow({"config", "SERVING"});
  table.AddRow({"statistics", ""});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME        STATE\n"
            "config      SERVING\n"
            "statistics\n");
}

// Each value and the cell text TableNumber gives for it.
void ExpectTableNumbers(std::initializer_list<std::pair<double, std::string>> cells) {
  for (const auto& [value, text] : cells) EXPECT_EQ(TableNumber(value), text) << value;
}

TEST(TableNumber, ShowsIntegerValuesWithAllTheirDigits) {
  ExpectTableNumbers({
      {2566813, "2566813"},  // a memory percentile, "2.56681e+06" with %g
      {-2566813, "-2566813"},
      {600, "600"},
      {1, "1"},
      {123456789012345, "123456789012345"},
  });
}

TEST(TableNumber, ShowsZeroWithoutASign) {
  ExpectTableNumbers({{0.0, "0"}, {-0.0, "0"}});
}

TEST(TableNumber, ShowsOtherValuesWithSixSignificantDigitsAndNoTrailingZeros) {
  ExpectTableNumbers({
      {1.25, "1.25"},
      {1.5, "1.5"},
      {1234.5678, "1234.57"},
      {-0.5, "-0.5"},
      {0.1, "0.1"},
      {0.000123456789, "0.000123457"},
      {0.99999951, "1"},
  });
}

TEST(TableNumber, NeverRoundsAwayIntegerDigits) {
  ExpectTableNumbers({
      {2566813.4, "2566813"},
      {123456.7, "123457"},
      {999999.99999, "1000000"},
  });
}

TEST(TableNumber, UsesExponentNotationOnlyForExtremeMagnitudes) {
  ExpectTableNumbers({{1e-7, "1e-07"}, {-2.5e-9, "-2.5e-09"}, {1e20, "1e+20"}});
  for (double magnitude = 1e-4; magnitude < 1e15; magnitude *= 1.7) {
    for (double value : {magnitude, -magnitude, std::nextafter(magnitude, 0.0), magnitude * 3.14159265}) {
      if (std::fabs(value) < 1e-4 || std::fabs(value) >= 1e15) continue;
      const std::string text = TableNumber(value);
      EXPECT_EQ(text.find('e'), std::string::npos) << value << " -> " << text;
    }
  }
}

TEST(TableNumber, NamesValuesThatAreNotNumbers) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  ExpectTableNumbers(
      {{std::numeric_limits<double>::quiet_NaN(), "nan"}, {kInfinity, "inf"}, {-kInfinity, "-inf"}});
}

TEST(RoundTripNumber, WritesTheShortestTextThatReadsBackExactly) {
  EXPECT_EQ(RoundTripNumber(0.1), "0.1");
  EXPECT_EQ(RoundTripNumber(600), "600");
  EXPECT_EQ(RoundTripNumber(2566813), "2566813");
  EXPECT_EQ(RoundTripNumber(2566813.25), "2566813.25");
  EXPECT_EQ(RoundTripNumber(0), "0");
  EXPECT_EQ(RoundTripNumber(1e-7), "1e-07");
  EXPECT_EQ(RoundTripNumber(1e20), "1e+20");
  EXPECT_EQ(RoundTripNumber(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(RoundTripNumber(std::numeric_limits<double>::quiet_NaN()), "nan");
  for (double value : {1.0 / 3, -2.0 / 3, 1234.5678901234567, 0.000123456789012345, 6.02214076e23, 5e-324,
                       std::numeric_limits<double>::max(), 123456789012345.67}) {
    const std::string text = RoundTripNumber(value);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
  }
}

}  // namespace
}  // namespace opmon::ctl
