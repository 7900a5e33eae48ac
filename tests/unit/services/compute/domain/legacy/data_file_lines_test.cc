// Lines of pg_dump data files, plain and gzip-compressed, and damaged gzip.
#include "services/compute/domain/legacy/data_file_lines.h"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::legacy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class DataFileLinesTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) {
    return (std::filesystem::path(::testing::TempDir()) /
            (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + name))
        .string();
  }
  std::string WritePlain(const std::string& name, const std::string& bytes) {
    std::string path = Path(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string WriteGzip(const std::string& name, const std::vector<std::string>& members) {
    std::string path = Path(name);
    std::remove(path.c_str());
    for (const std::string& member : members) {
      gzFile f = gzopen(path.c_str(), "ab");
      gzwrite(f, member.data(), static_cast<unsigned>(member.size()));
      gzclose(f);
    }
    return path;
  }
  static absl::StatusOr<std::vector<std::string>> ReadAll(const std::string& path) {
    auto file = DataFileLines::Open(path);
    if (!file.ok()) return file.status();
    std::vector<std::string> lines;
    std::string line;
    while (true) {
      absl::StatusOr<bool> more = (*file)->Next(line);
      if (!more.ok()) return more.status();
      if (!*more) return lines;
      lines.push_back(line);
    }
  }
};

TEST_F(DataFileLinesTest, ReadsPlainFilesLineByLine) {
  auto lines = ReadAll(WritePlain(".dat", "a\tb\n\\.\n\nlast"));
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_THAT(*lines, ElementsAre("a\tb", "\\.", "", "last"));
}

TEST_F(DataFileLinesTest, InflatesGzipAcrossChunksAndMembers) {
  std::string big;
  for (int i = 0; i < 100000; ++i) big += "row " + std::to_string(i) + "\n";
  auto lines = ReadAll(WriteGzip(".dat.gz", {big, "tail\n"}));
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 100001u);
  EXPECT_EQ((*lines)[99999], "row 99999");
  EXPECT_EQ(lines->back(), "tail");
}

TEST_F(DataFileLinesTest, RefusesBadGzip) {
  EXPECT_THAT(ReadAll(WritePlain(".dat.gz", "this is not gzip at all\n")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("damaged gzip data")));
  std::string path = WriteGzip("x.dat.gz", {"a\nb\nc\n"});
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Cut before the trailer: the stream ends early.
  EXPECT_THAT(ReadAll(WritePlain("cut.dat.gz", bytes.substr(0, bytes.size() - 6))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("truncated")));
  // A flipped byte in the compressed data or its CRC.
  bytes[bytes.size() - 5] ^= 0x5a;
  EXPECT_THAT(ReadAll(WritePlain("crc.dat.gz", bytes)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("damaged gzip data")));
}

TEST_F(DataFileLinesTest, NamesAMissingFile) {
  EXPECT_THAT(ReadAll(Path("missing.dat")), StatusIs(absl::StatusCode::kNotFound, HasSubstr("missing.dat")));
}

}  // namespace
}  // namespace opmon::compute::legacy
