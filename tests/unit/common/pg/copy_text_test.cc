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

TEST(CopyLine, AppendsAFieldEscapedEarlierAsItIs) {
  std::string escaped;
  AppendCopyEscaped(escaped, "a\tb");
  CopyLine line;
  line.AddEscaped(escaped);
  line.AddEscaped(kCopyNull);
  line.Add("a\tb");
  EXPECT_EQ(line.text(), "a\\tb\t\\N\ta\\tb");
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

using Fields = std::vector<std::optional<std::string>>;

// The decoded fields, copied out of `decoded`.
Fields Copied(const CopyLineFields& decoded) {
  Fields fields;
  for (size_t i = 0; i < decoded.size(); ++i) {
    fields.push_back(decoded[i] ? std::optional<std::string>(*decoded[i]) : std::nullopt);
  }
  return fields;
}

Fields Decode(std::string_view line) {
  CopyLineFields decoded;
  EXPECT_TRUE(decoded.Decode(line).ok()) << line;
  return Copied(decoded);
}

TEST(CopyLineFields, UndoesEveryEscapeAndReadsNulls) {
  EXPECT_EQ(Decode(R"(a\\b\tc\nd\re\bf\fg\vh\"q)"),
            Fields{std::string("a\\b\tc\nd\re\bf\fg\vh\"q")});
  EXPECT_EQ(Decode("\\N\t\\\\N\t"), (Fields{std::nullopt, std::string("\\N"), std::string()}));
  // Octal and hex escapes, as PostgreSQL reads them: \303\251 and \xc3\xa9 are "é".
  EXPECT_EQ(Decode("\\303\\251|\\xc3\\xa9|\\x4|\\0"), Fields{std::string("\xc3\xa9|\xc3\xa9|\x04|") + '\0'});
  // A backslash before any other character stands for that character.
  EXPECT_EQ(Decode("\\.\\q"), Fields{std::string(".q")});
}

TEST(CopyLineFields, RoundTripsWhatCopyLineWrites) {
  CopyLine line;
  line.Add("tab\there, back\\slash \"quote\" \u00e9t\u00e9\nnew\rline");
  line.AddNull();
  line.Add("");
  EXPECT_EQ(Decode(line.text()),
            (Fields{std::string("tab\there, back\\slash \"quote\" \u00e9t\u00e9\nnew\rline"), std::nullopt, std::string()}));
}

TEST(CopyLineFields, ReusesFieldsAndShrinksToTheLine) {
  CopyLineFields fields;
  ASSERT_TRUE(fields.Decode("a\tb\tc").ok());
  ASSERT_TRUE(fields.Decode("x").ok());
  EXPECT_EQ(Copied(fields), Fields{std::string("x")});
}

TEST(CopyLineFields, RefusesALoneTrailingBackslash) {
  CopyLineFields fields;
  absl::Status status = fields.Decode("ab\\");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("lone backslash"), std::string_view::npos);
}

// Fields without escapes are views into the line itself; escaped ones are
// decoded into the decoder's buffers, which the next line reuses.
TEST(CopyLineFields, ViewsPlainFieldsAndDecodesEscapedOnes) {
  const std::string line = "plain\t\\N\ta\\tb\t";
  CopyLineFields fields;
  ASSERT_TRUE(fields.Decode(line).ok());
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], "plain");
  EXPECT_EQ(fields[0]->data(), line.data());
  EXPECT_EQ(fields[1], std::nullopt);
  EXPECT_EQ(fields[2], "a\tb");
  EXPECT_TRUE(fields[2]->data() < line.data() || fields[2]->data() >= line.data() + line.size());
  EXPECT_EQ(fields[3], "");
  // Several escaped fields: each keeps its own decoded text.
  ASSERT_TRUE(fields.Decode("a\\tb\tc\\td\te\\tf\t\\\\").ok());
  EXPECT_EQ(Copied(fields), (Fields{std::string("a\tb"), std::string("c\td"), std::string("e\tf"), std::string("\\")}));
  ASSERT_TRUE(fields.Decode("x\\ny").ok());
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0], "x\ny");
  EXPECT_EQ(fields.Decode("ab\\").code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace opmon::pg
