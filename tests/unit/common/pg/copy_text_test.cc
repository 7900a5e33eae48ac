// COPY text format: escapes, NULLs, field separators and doubles.
#include "common/pg/copy_text.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace opmon::pg {
namespace {

// Moved from datagen's copy_text_test.
TEST(CopyText, EscapesBackslashesTabsAndNewlines) {
  std::string out;
  AppendCopyEscaped(out, "a\\b\tc\nd\re\"f");
  EXPECT_EQ(out, "a\\\\b\\tc\\nd\\re\"f");
}

// Moved from compute's client_values_test.
TEST(CopyLine, EscapesAndWritesNulls) {
  CopyLine line;
  line.Add("a\tb");
  line.AddNull();
  line.Add("c\\d\ne\r");
  line.Add("");
  EXPECT_EQ(line.text(), "a\\tb\t\\N\tc\\\\d\\ne\\r\t");
  line.Clear();
  line.Add("x");
  EXPECT_EQ(line.text(), "x");
}

TEST(CopyLine, AppendsUnescapedTextAsItIs) {
  CopyLine line;
  line.AddNull();
  line.AddUnescaped("{\"1\":2}");
  EXPECT_EQ(line.text(), "\\N\t{\"1\":2}");
}

TEST(CopyLine, WritesDoublesRoundTripWithNanAsNull) {
  CopyLine line;
  line.AddDouble(0.1);
  line.AddDouble(50);
  line.AddDouble(std::nan(""));
  line.AddDouble(std::numeric_limits<double>::infinity());
  line.AddDouble(-std::numeric_limits<double>::infinity());
  EXPECT_EQ(line.text(), "0.1\t50\t\\N\tInfinity\t-Infinity");
}

}  // namespace
}  // namespace opmon::pg
