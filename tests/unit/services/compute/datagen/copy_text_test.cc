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
  // 23 columns: 22 tabs.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\t'), 22);
  EXPECT_EQ(sink.rows(WarehouseTable::kMain), 1);
}

}  // namespace
}  // namespace opmon::datagen
