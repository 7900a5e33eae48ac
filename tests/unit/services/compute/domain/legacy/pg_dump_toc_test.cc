// toc.dat of pg_dump directory dumps, written here byte by byte as pg_dump's
// WriteHead/WriteToc do, for each archive version the reader knows.
#include "services/compute/domain/legacy/pg_dump_toc.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::legacy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class TocWriter {
 public:
  explicit TocWriter(int minor) : minor_(minor) {}
  void Byte(int b) { out_.push_back(static_cast<char>(b)); }
  void Int(int64_t v) {
    Byte(v < 0 ? 1 : 0);
    uint64_t u = static_cast<uint64_t>(v < 0 ? -v : v);
    for (int i = 0; i < 4; ++i, u >>= 8) Byte(static_cast<int>(u & 0xff));
  }
  void Str(std::optional<std::string> s) {
    if (!s) return Int(-1);
    Int(static_cast<int64_t>(s->size()));
    out_ += *s;
  }
  void Header(int entries) {
    out_ += "PGDMP";
    Byte(1), Byte(minor_), Byte(0), Byte(4), Byte(8), Byte(3);
    if (minor_ >= 15) {
      Byte(1);  // gzip
    } else {
      Int(-1);  // default compression level
    }
    for (int v : {24, 5, 16, 3, 11, 126, 0}) Int(v);
    Str("postgres"), Str("15.18"), Str("15.18");
    Int(entries);
  }
  void Entry(int id, std::string desc, std::string tag, std::string copy, std::string file) {
    Int(id), Int(1), Str("0"), Str("0"), Str(tag), Str(desc), Int(3), Str(""), Str(""), Str(copy), Str("public");
    Str(std::nullopt);                       // tablespace
    if (minor_ >= 14) Str("heap");           // table access method
    if (minor_ >= 16) Int('r');              // relkind
    Str("postgres"), Str("false");           // owner, with oids
    Str("3340"), Str("3341"), Str(std::nullopt);  // dependencies
    Str(file);
  }
  const std::string& bytes() const { return out_; }

 private:
  int minor_;
  std::string out_;
};

std::string TwoEntryToc(int minor) {
  TocWriter w(minor);
  w.Header(2);
  w.Entry(3343, "TABLE DATA", "build_id_nightly_68_20191220",
          "COPY public.build_id_nightly_68_20191220 (dimensions, histogram) FROM stdin;\n", "3343.dat");
  w.Entry(3350, "INDEX", "build_id_nightly_68_20191220_dimensions_idx", "", "");
  return w.bytes();
}

TEST(ParsePgDumpToc, ReadsEveryKnownVersion) {
  for (int minor = kMinTocMinor; minor <= kMaxTocMinor; ++minor) {
    auto toc = ParsePgDumpToc(TwoEntryToc(minor));
    ASSERT_TRUE(toc.ok()) << "1." << minor << ": " << toc.status();
    EXPECT_EQ(toc->minor, minor);
    ASSERT_EQ(toc->entries.size(), 2u);
    const PgDumpTocEntry& data = toc->entries[0];
    EXPECT_EQ(data.dump_id, 3343);
    EXPECT_EQ(data.desc, "TABLE DATA");
    EXPECT_EQ(data.schema, "public");
    EXPECT_EQ(data.tag, "build_id_nightly_68_20191220");
    EXPECT_EQ(data.data_file, "3343.dat");
    EXPECT_EQ(toc->entries[1].desc, "INDEX");
    EXPECT_EQ(toc->entries[1].data_file, "");
  }
}

TEST(ParsePgDumpToc, RefusesAnUnknownVersion) {
  for (int minor : {kMinTocMinor - 1, kMaxTocMinor + 1}) {
    EXPECT_THAT(ParsePgDumpToc(TwoEntryToc(minor)),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("archive version 1." + std::to_string(minor) + ".0 is not one this reader knows")));
  }
}

TEST(ParsePgDumpToc, RefusesATruncatedFileAtEveryLength) {
  const std::string whole = TwoEntryToc(14);
  for (size_t n = 0; n < whole.size(); ++n) {
    auto toc = ParsePgDumpToc(whole.substr(0, n));
    ASSERT_FALSE(toc.ok()) << n;
    EXPECT_EQ(toc.status().code(), absl::StatusCode::kInvalidArgument) << n << ": " << toc.status();
  }
  EXPECT_THAT(ParsePgDumpToc(whole.substr(0, whole.size() - 3)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("truncated")));
}

TEST(ParsePgDumpToc, RefusesWhatIsNotAnArchive) {
  EXPECT_THAT(ParsePgDumpToc("PGDMX\x01\x0e"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("PGDMP")));
  std::string impossible = TwoEntryToc(14);
  impossible[8] = 40;  // integer size
  EXPECT_THAT(ParsePgDumpToc(impossible), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("integer size 40")));
}

TEST(CopyStatementColumns, ReadsPlainAndQuotedNames) {
  EXPECT_THAT(*CopyStatementColumns("COPY public.t (dimensions, histogram) FROM stdin;\n"),
              ElementsAre("dimensions", "histogram"));
  EXPECT_THAT(*CopyStatementColumns("COPY public.t (\"a, \"\"b\", histogram) FROM stdin;\n"),
              ElementsAre("a, \"b", "histogram"));
  EXPECT_THAT(CopyStatementColumns(""), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no column list")));
}

}  // namespace
}  // namespace opmon::compute::legacy
