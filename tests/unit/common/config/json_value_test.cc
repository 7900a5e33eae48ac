#include "common/config/json_value.h"

#include <gtest/gtest.h>

namespace opmon::config {
namespace {

TEST(JsonValue, WritesCompactlyWithEscapes) {
  JsonValue o = JsonValue::Object();
  o.Set("s", JsonValue::String("a\"b\\c\n\x01"));
  o.Set("i", JsonValue::Int(-3));
  o.Set("d", JsonValue::Double(0.1));
  JsonValue& list = o.Set("l", JsonValue::Array());
  list.Append(JsonValue::Bool(true));
  list.Append(JsonValue());
  EXPECT_EQ(WriteJson(o), R"({"s":"a\"b\\c\n\u0001","i":-3,"d":0.1,"l":[true,null]})");
}

TEST(JsonValue, ParsesWhatItWrites) {
  const std::string text = R"({"a":[1,2.5,"x\u00e9\ud83d\ude00"],"b":{"c":null,"d":false}})";
  absl::StatusOr<JsonValue> v = ParseJson(text);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->Find("a")->items()[2].string_value(), "x\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(WriteJson(*v), R"({"a":[1,2.5,"xé😀"],"b":{"c":null,"d":false}})");
}

TEST(JsonValue, RejectsMalformedInputWithOffset) {
  EXPECT_EQ(ParseJson("{\"a\":}").status().message(), "invalid JSON at byte 5: unexpected token");
  EXPECT_FALSE(ParseJson("[1,]").ok());
  EXPECT_FALSE(ParseJson("01").ok());
  EXPECT_FALSE(ParseJson("\"\\ud800\"").ok());
  EXPECT_FALSE(ParseJson("[1] x").ok());
  EXPECT_FALSE(ParseJson(std::string(200, '[')).ok());
}

TEST(JsonValue, KeepsShortestRoundTripDoubles) {
  absl::StatusOr<JsonValue> v = ParseJson("[0.30000000000000004,1e300,12345678901234567890]");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(WriteJson(*v), "[0.30000000000000004,1e+300,12345678901234567168]");
}

}  // namespace
}  // namespace opmon::config
