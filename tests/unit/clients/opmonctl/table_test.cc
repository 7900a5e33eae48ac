#include "clients/opmonctl/table.h"

#include <sstream>

#include "gtest/gtest.h"

namespace opmon::ctl {
namespace {

TEST(Table, AlignsColumnsToTheWidestCellWithoutTrailingSpaces) {
  Table table({"NAME", "STATE"});
  table.AddRow({"config", "SERVING"});
  table.AddRow({"statistics", ""});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME        STATE\n"
            "config      SERVING\n"
            "statistics\n");
}

}  // namespace
}  // namespace opmon::ctl
