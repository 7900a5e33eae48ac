#include "common/log/url_redaction.h"

#include "gtest/gtest.h"

namespace opmon::log {
namespace {

TEST(UrlRedaction, ReplacesUserInformationAndQueryValues) {
  EXPECT_EQ(RedactUrlCredentials("https://bot:s3cret@hooks.example.com/x?token=abc&v=2#top"),
            "https://REDACTED@hooks.example.com/x?token=REDACTED&v=REDACTED#top");
  EXPECT_EQ(RedactUrlCredentials("http://user@h/"), "http://REDACTED@h/");
  EXPECT_EQ(RedactUrlCredentials("http://h:1/p?s3cret"), "http://h:1/p?REDACTED");
  EXPECT_EQ(RedactUrlCredentials("http://h/p?a=&b=1"), "http://h/p?a=&b=REDACTED");
  EXPECT_EQ(RedactUrlCredentials("postgresql://opmon:pw@127.0.0.1:7432/opmon?sslmode=require"),
            "postgresql://REDACTED@127.0.0.1:7432/opmon?sslmode=REDACTED");
}

TEST(UrlRedaction, KeepsUrlsWithoutCredentialsAndOtherTextAsTheyAre) {
  for (const char* text : {"", "no url here", "http://hooks.example.com/services/T0/B0", "a :// b",
                           "https://h.example:8443/x#y", "time 10:00://"}) {
    EXPECT_EQ(RedactUrlCredentials(text), text) << text;
  }
}

TEST(UrlRedaction, FindsEveryUrlInTextAndStopsAtQuotesAndSpaces) {
  EXPECT_EQ(RedactUrlCredentials("alert_webhook_url: \"https://u:p@h/x?t=1\"\nother: http://a@b c"),
            "alert_webhook_url: \"https://REDACTED@h/x?t=REDACTED\"\nother: http://REDACTED@b c");
  EXPECT_EQ(RedactUrlCredentials(R"({"alert_webhook_url":"https://u:p@h/?k=v","name":"x"})"),
            R"({"alert_webhook_url":"https://REDACTED@h/?k=REDACTED","name":"x"})");
  EXPECT_EQ(RedactUrlCredentials("url=https://u:p@h"), "url=https://REDACTED@h");
}

}  // namespace
}  // namespace opmon::log
