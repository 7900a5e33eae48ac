#include "services/lookml/domain/quoting.h"

#include "gtest/gtest.h"

namespace opmon::lookml {
namespace {

TEST(Quoting, LookmlStringsEscapeQuotesBackslashesAndLineBreaks) {
  EXPECT_EQ(LookmlString("a \"b\" \\c\nd"), "\"a \\\"b\\\" \\\\c d\"");
}

TEST(Quoting, YamlScalarsAreSingleQuotedWithDoubledApostrophes) {
  EXPECT_EQ(YamlScalar("it's"), "'it''s'");
  EXPECT_EQ(YamlScalar("yes"), "'yes'");
  EXPECT_EQ(YamlScalar("#x: y"), "'#x: y'");
}

TEST(Quoting, LookerFilterValuesEscapeSpecialCharacters) {
  EXPECT_EQ(LookerFilterValue("a,b%c_d^e"), "a^,b^%c^_d^^e");
  EXPECT_EQ(LookerFilterValue("-x-y"), "^-x-y");
  EXPECT_EQ(LookerFilterList({"a", "b,c"}), "a,b^,c");
}

TEST(Quoting, PostgresIdentifiersAndLiterals) {
  EXPECT_EQ(PgIdentifier("my\"col"), "\"my\"\"col\"");
  EXPECT_EQ(PgStringLiteral("it's"), "'it''s'");
}

TEST(Quoting, NamesAndTitles) {
  EXPECT_EQ(LookmlName("Fission-Rollout.v2"), "fission_rollout_v2");
  EXPECT_EQ(SlugToTitle("gc_ms"), "GC Ms");
  EXPECT_EQ(SlugToTitle("os-version"), "OS Version");
  EXPECT_EQ(FormatNumber(50), "50");
  EXPECT_EQ(FormatNumber(99.5), "99.5");
  EXPECT_EQ(FormatNumber(0.001), "0.001");
}

}  // namespace
}  // namespace opmon::lookml
