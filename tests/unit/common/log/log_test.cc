#include "common/log/log.h"

#include "gtest/gtest.h"

namespace opmon::log {
namespace {

TEST(LogFormat, WritesLogfmtWithQuotingOnlyWhereNeeded) {
  EXPECT_EQ(FormatLine(Level::kInfo, "opmon-config", "listening", {{"addr", "127.0.0.1:7101"}}),
            "level=info service=opmon-config msg=listening addr=127.0.0.1:7101");
  EXPECT_EQ(FormatLine(Level::kError, "opmon-compute", "job failed",
                       {{"error", "column \"x\" does not exist"}, {"sql", "a=b"}, {"empty", ""}}),
            "level=error service=opmon-compute msg=\"job failed\" error=\"column \\\"x\\\" does not exist\" "
            "sql=\"a=b\" empty=\"\"");
}

TEST(LogFormat, KeepsEveryLineOnOneLine) {
  std::string line = FormatLine(Level::kWarn, "s", "two\nlines", {{"k", "a\tb"}});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line, "level=warn service=s msg=\"two\\nlines\" k=\"a\\tb\"");
}

TEST(LogFormat, RedactsTheCredentialsOfUrlsInTheMessageAndValues) {
  EXPECT_EQ(FormatLine(Level::kWarn, "s", "POST to https://bot:pw@h.example/x?token=abc failed",
                       {{"url", "http://u:p@10.0.0.1:8080/hook?k=v&flag#frag"},
                        {"dsn", "postgresql://opmon:pw@db/opmon"}}),
            "level=warn service=s msg=\"POST to https://REDACTED@h.example/x?token=REDACTED failed\" "
            "url=\"http://REDACTED@10.0.0.1:8080/hook?k=REDACTED&REDACTED#frag\" "
            "dsn=postgresql://REDACTED@db/opmon");
}

}  // namespace
}  // namespace opmon::log
