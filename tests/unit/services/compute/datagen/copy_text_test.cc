#include "services/compute/datagen/copy_text.h"

#include "gtest/gtest.h"

namespace opmon::datagen {
namespace {

TEST(CopyText, FormatsTimestampsAsUtcWithMicroseconds) {
  std::string out;
  AppendTimestamp(out, "2024-02-01", ((13 * 3600 + 5 * 60 + 9) * int64_t{1000000}) + 42);
  EXPECT_EQ(out, "2024-02-01 13:05:09.000042+00");
}

TEST(CopyText, WritesNullHistogramsAsBackslashN) {
  CopyTextSink sink;
  MainPingRow row;
  row.client_id = "c";
  row.submission_date = "2024-02-01";
  row.histograms[0] = R"({"values":{}})";
  sink.OnMainPing(row);
  const std::string& text = sink.buffer(WarehouseTable::kMain);
  EXPECT_NE(text.find("\t{\"values\":{}}\t\\N\t"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  // 29 columns: 28 tabs.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\t'), 28);
  EXPECT_EQ(sink.rows(WarehouseTable::kMain), 1);
}

TEST(CopyText, WritesTheErrorColumnsOfAMainPing) {
  CopyTextSink sink;
  MainPingRow row;
  row.app_name = "Firefox";
  row.subsession_length = -5;
  row.error_counts = R"({"SLOW_SCRIPT_PAGE_COUNT": 1})";
  sink.OnMainPing(row);
  const std::string& text = sink.buffer(WarehouseTable::kMain);
  EXPECT_NE(text.find("\tf\tFirefox\t\\N\t\\N\t-5\t\\N\t{\"SLOW_SCRIPT_PAGE_COUNT\": 1}\n"), std::string::npos)
      << text;
}

TEST(CopyText, WritesACrashPingsMissingBuildAndVersionsAsNull) {
  CopyTextSink sink;
  CrashRow row;
  row.process_type = "content";
  row.app_name = "Firefox";
  row.ipc_channel_error = "ShutDownKill";
  row.reject_reason = static_cast<int>(errors::RejectReason::kMissingVersion);
  sink.OnCrash(row);
  const std::string& text = sink.buffer(WarehouseTable::kCrash);
  // 16 columns: build_id NULL, process type, then app name, four NULLs, country NULL, startup, ipc error.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\t'), 15);
  EXPECT_NE(text.find("\t\\N\t\tcontent\tFirefox\t\\N\t\\N\t\\N\t\\N\t\\N\tf\tShutDownKill\n"), std::string::npos)
      << text;
  EXPECT_EQ(sink.rejected_pings()[static_cast<int>(errors::RejectReason::kMissingVersion)], 1);
}

}  // namespace
}  // namespace opmon::datagen
