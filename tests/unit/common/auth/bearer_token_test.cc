#include "common/auth/bearer_token.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(NewToken, IsLongRandomAndPrefixed) {
  const std::string a = NewToken();
  const std::string b = NewToken();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("opmon_", 0), 0u);
  EXPECT_EQ(a.size(), 6u + 64u);
}

TEST(TokenDigest, IsTheSha256HexOfTheToken) {
  EXPECT_EQ(TokenDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(BearerTokenIn, ReadsTheBearerScheme) {
  EXPECT_EQ(BearerTokenIn("Bearer opmon_x"), "opmon_x");
  EXPECT_EQ(BearerTokenIn("bearer  opmon_x "), "opmon_x");
}

TEST(BearerTokenIn, RefusesOtherFormsAndEmptyTokens) {
  for (const char* header : {"Basic dXNlcjpwdw==", "opmon_x", "Bearer ", "Bearer    ", ""}) {
    EXPECT_EQ(BearerTokenIn(header), std::nullopt) << '"' << header << '"';
  }
}

class TokenFile : public ::testing::Test {
 protected:
  void Write(const std::string& content) {
    std::ofstream(path_, std::ios::trunc) << content;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_ = ::testing::TempDir() + "/token-" + std::to_string(getpid());
};

TEST_F(TokenFile, ReadsTheTokenWithoutSurroundingWhitespace) {
  Write("  opmon_abc\n");
  EXPECT_EQ(*ReadTokenFile(path_), "opmon_abc");
}

TEST_F(TokenFile, RefusesAnEmptyFileNamingThePath) {
  Write("\n");
  EXPECT_THAT(ReadTokenFile(path_), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(path_)));
}

TEST_F(TokenFile, NeverEchoesTheContent) {
  Write("opmon_secret other");
  EXPECT_THAT(ReadTokenFile(path_),
              StatusIs(absl::StatusCode::kInvalidArgument, Not(HasSubstr("opmon_secret"))));
}

TEST(ReadTokenFile, RefusesAMissingFile) {
  EXPECT_THAT(ReadTokenFile("/nonexistent/token"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("/nonexistent/token")));
}

}  // namespace
}  // namespace opmon::auth
