#include "services/compute/domain/legacy/pg_dump_toc.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace opmon::compute::legacy {
namespace {

// The archive version as pg_dump compares it: ((major * 256 + minor) * 256 + revision) * 256.
constexpr int Version(int major, int minor) { return ((major * 256 + minor) * 256) * 256; }

class TocReader {
 public:
  explicit TocReader(std::string_view bytes) : bytes_(bytes) {}

  absl::StatusOr<int> Byte() {
    if (pos_ >= bytes_.size()) return Truncated();
    return static_cast<unsigned char>(bytes_[pos_++]);
  }

  absl::StatusOr<std::string_view> Bytes(size_t n) {
    if (bytes_.size() - pos_ < n) return Truncated();
    std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  // pg_dump's ReadInt: a sign byte, then int_size bytes, least significant first.
  absl::StatusOr<int64_t> Int() {
    OPMON_ASSIGN_OR_RETURN(int sign, Byte());
    OPMON_ASSIGN_OR_RETURN(std::string_view digits, Bytes(int_size_));
    uint64_t value = 0;
    for (size_t i = int_size_; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(digits[i]);
    if (value > static_cast<uint64_t>(INT64_MAX)) return Invalid("an integer does not fit 64 bits");
    return sign ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  }

  // pg_dump's ReadStr: a length (negative: NULL), then the bytes.
  absl::StatusOr<std::optional<std::string>> OptionalString() {
    const size_t at = pos_;
    OPMON_ASSIGN_OR_RETURN(int64_t length, Int());
    if (length < 0) return std::optional<std::string>();
    if (static_cast<uint64_t>(length) > bytes_.size() - pos_) {
      pos_ = at;
      return Invalid(absl::StrCat("a string of ", length, " bytes passes the end of the file (truncated?)"));
    }
    OPMON_ASSIGN_OR_RETURN(std::string_view text, Bytes(static_cast<size_t>(length)));
    return std::optional<std::string>(std::string(text));
  }

  absl::StatusOr<std::string> String() {
    OPMON_ASSIGN_OR_RETURN(std::optional<std::string> s, OptionalString());
    return s.value_or("");
  }

  void set_int_size(size_t size) { int_size_ = size; }

  absl::Status Invalid(std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("toc.dat: byte ", pos_, ": ", std::string(what)));
  }
  absl::Status Truncated() const { return Invalid("the file ends early (truncated?)"); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  size_t int_size_ = 4;
};

absl::Status ReadHeader(TocReader& in, PgDumpToc& toc, int& version) {
  OPMON_ASSIGN_OR_RETURN(std::string_view magic, in.Bytes(5));
  if (magic != "PGDMP") return in.Invalid("not a pg_dump archive (no PGDMP magic)");
  OPMON_ASSIGN_OR_RETURN(toc.major, in.Byte());
  OPMON_ASSIGN_OR_RETURN(toc.minor, in.Byte());
  OPMON_ASSIGN_OR_RETURN(toc.revision, in.Byte());
  if (toc.major != 1 || toc.minor < kMinTocMinor || toc.minor > kMaxTocMinor) {
    return absl::FailedPreconditionError(
        absl::StrCat("toc.dat: archive version ", toc.major, ".", toc.minor, ".", toc.revision,
                     " is not one this reader knows (1.", kMinTocMinor, " to 1.", kMaxTocMinor,
                     ", pg_dump of PostgreSQL 10 to 17)"));
  }
  version = Version(toc.major, toc.minor);
  OPMON_ASSIGN_OR_RETURN(int int_size, in.Byte());
  if (int_size < 1 || int_size > 8) return in.Invalid(absl::StrCat("integer size ", int_size, " is impossible"));
  in.set_int_size(static_cast<size_t>(int_size));
  OPMON_ASSIGN_OR_RETURN(int offset_size, in.Byte());
  (void)offset_size;  // offsets belong to the custom format's data, not the directory's TOC
  OPMON_ASSIGN_OR_RETURN(int format, in.Byte());
  (void)format;
  if (version >= Version(1, 15)) {
    OPMON_RETURN_IF_ERROR(in.Byte().status());  // compression algorithm
  } else {
    OPMON_RETURN_IF_ERROR(in.Int().status());  // compression level
  }
  for (int i = 0; i < 7; ++i) OPMON_RETURN_IF_ERROR(in.Int().status());  // creation time, struct tm fields
  OPMON_RETURN_IF_ERROR(in.String().status());                          // database name
  OPMON_RETURN_IF_ERROR(in.String().status());                          // server version
  return in.String().status();                                          // pg_dump version
}

absl::StatusOr<PgDumpTocEntry> ReadEntry(TocReader& in, int version) {
  PgDumpTocEntry entry;
  OPMON_ASSIGN_OR_RETURN(entry.dump_id, in.Int());
  OPMON_RETURN_IF_ERROR(in.Int().status());     // had dumper
  OPMON_RETURN_IF_ERROR(in.String().status());  // table oid
  OPMON_RETURN_IF_ERROR(in.String().status());  // oid
  OPMON_ASSIGN_OR_RETURN(entry.tag, in.String());
  OPMON_ASSIGN_OR_RETURN(entry.desc, in.String());
  OPMON_RETURN_IF_ERROR(in.Int().status());     // section
  OPMON_RETURN_IF_ERROR(in.String().status());  // definition
  OPMON_RETURN_IF_ERROR(in.String().status());  // drop statement
  OPMON_ASSIGN_OR_RETURN(entry.copy_statement, in.String());
  OPMON_ASSIGN_OR_RETURN(entry.schema, in.String());
  OPMON_RETURN_IF_ERROR(in.String().status());  // tablespace
  if (version >= Version(1, 14)) OPMON_RETURN_IF_ERROR(in.String().status());  // table access method
  if (version >= Version(1, 16)) OPMON_RETURN_IF_ERROR(in.Int().status());     // relkind
  OPMON_RETURN_IF_ERROR(in.String().status());  // owner
  OPMON_RETURN_IF_ERROR(in.String().status());  // "with oids" (always "false" since PostgreSQL 12)
  // Dependencies: dump ids as strings, ended by a NULL.
  for (int deps = 0;; ++deps) {
    OPMON_ASSIGN_OR_RETURN(std::optional<std::string> dependency, in.OptionalString());
    if (!dependency) break;
    if (deps > 1'000'000) return in.Invalid("an entry with more than a million dependencies");
  }
  // The directory format's own field: the data file's name.
  OPMON_ASSIGN_OR_RETURN(entry.data_file, in.String());
  return entry;
}

}  // namespace

absl::StatusOr<PgDumpToc> ParsePgDumpToc(std::string_view bytes) {
  TocReader in(bytes);
  PgDumpToc toc;
  int version = 0;
  OPMON_RETURN_IF_ERROR(ReadHeader(in, toc, version));
  OPMON_ASSIGN_OR_RETURN(int64_t count, in.Int());
  if (count < 0 || static_cast<uint64_t>(count) > bytes.size()) {
    return in.Invalid(absl::StrCat("an entry count of ", count, " is impossible"));
  }
  toc.entries.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    OPMON_ASSIGN_OR_RETURN(PgDumpTocEntry entry, ReadEntry(in, version));
    toc.entries.push_back(std::move(entry));
  }
  return toc;
}

absl::StatusOr<std::vector<std::string>> CopyStatementColumns(std::string_view copy_statement) {
  const size_t open = copy_statement.find(" (");
  const size_t close = copy_statement.find(") FROM stdin");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return absl::InvalidArgumentError(
        absl::StrCat("COPY statement has no column list: \"", std::string(copy_statement.substr(0, 120)), "\""));
  }
  std::vector<std::string> columns;
  std::string current;
  bool quoted = false;
  for (size_t i = open + 2; i < close; ++i) {
    const char c = copy_statement[i];
    if (c == '"') {
      // "" inside a quoted identifier is one quote.
      if (quoted && i + 1 < close && copy_statement[i + 1] == '"') {
        current.push_back('"');
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == ',' && !quoted) {
      columns.push_back(std::move(current));
      current.clear();
    } else if (c != ' ' || quoted) {
      current.push_back(c);
    }
  }
  columns.push_back(std::move(current));
  return columns;
}

}  // namespace opmon::compute::legacy
