// UTF-8 validation of file content: the offset of the first bad byte.
#include "common/utf8/utf8_check.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace opmon::utf8 {
namespace {

TEST(FirstInvalidByte, AcceptsAsciiAndEveryEncodingLength) {
  EXPECT_EQ(FirstInvalidByte(""), std::nullopt);
  EXPECT_EQ(FirstInvalidByte("metrics: [gc_ms]\n"), std::nullopt);
  EXPECT_EQ(FirstInvalidByte("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"), std::nullopt);
}

TEST(FirstInvalidByte, ReportsTheOffsetOfTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidByte("ab\xff"), 2u);                  // never valid
  EXPECT_EQ(FirstInvalidByte("x: caf\xe9\n"), 6u);            // Latin-1 é
  EXPECT_EQ(FirstInvalidByte("ok\xc3"), 2u);                  // cut short
  EXPECT_EQ(FirstInvalidByte("\xc0\xaf"), 0u);                // overlong '/'
  EXPECT_EQ(FirstInvalidByte("\xe0\x80\xaf"), 0u);            // overlong, three bytes
  EXPECT_EQ(FirstInvalidByte("a\xed\xa0\x80"), 1u);           // surrogate U+D800
  EXPECT_EQ(FirstInvalidByte("\xf4\x90\x80\x80"), 0u);        // above U+10FFFF
  EXPECT_EQ(FirstInvalidByte("\xe2\x82\x41"), 0u);            // bad continuation
  EXPECT_EQ(FirstInvalidByte("\xc3\xa9\x80"), 2u);            // stray continuation
}

TEST(CheckUtf8, NamesWhatAndWhere) {
  EXPECT_THAT(CheckUtf8("fine", "p.yaml"), IsOk());
  EXPECT_THAT(CheckUtf8("ab\xff", "p.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument, "p.yaml: not valid UTF-8 at byte 2"));
}

}  // namespace
}  // namespace opmon::utf8
