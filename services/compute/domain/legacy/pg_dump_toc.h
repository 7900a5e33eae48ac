#pragma once
// The table of contents (toc.dat) of a `pg_dump --format directory` dump,
// read by its archive version as pg_dump's own reader
// (src/bin/pg_dump/pg_backup_archiver.c, ReadHead and ReadToc) does: a
// header (magic "PGDMP", version, integer and offset sizes, format,
// compression, creation time, database and server versions), then each
// entry's fields, which fields exist depending on the version. Integers are a
// sign byte and `int size` little-endian bytes; strings an integer length
// (-1: NULL) and their bytes. In a directory dump each entry ends with the
// name of its data file (e.g. "3343.dat"; pg_dump adds ".gz" when it
// compressed it), which is how a TABLE DATA entry maps to its file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace opmon::compute::legacy {

struct PgDumpTocEntry {
  int64_t dump_id = 0;
  std::string desc;            // "TABLE DATA", "TABLE", "INDEX", ...
  std::string schema;          // empty when none
  std::string tag;             // the object's name (the table for TABLE DATA)
  std::string copy_statement;  // "COPY public.t (a, b) FROM stdin;\n" for TABLE DATA
  std::string data_file;       // empty when the entry has no data
};

struct PgDumpToc {
  int major = 0, minor = 0, revision = 0;
  std::vector<PgDumpTocEntry> entries;
};

// The archive versions this reader knows: 1.12 (pg_dump of PostgreSQL 10) to
// 1.16 (PostgreSQL 17). Tests write each layout by hand; real dumps are
// checked with the local pg_dump (1.14: PostgreSQL 12 to 15).
inline constexpr int kMinTocMinor = 12;
inline constexpr int kMaxTocMinor = 16;

// Parses toc.dat's bytes. InvalidArgument naming the byte offset when the
// file is not a pg_dump archive, is truncated or holds an impossible length;
// FailedPrecondition naming the version when it is a version this reader
// does not know (pg_dump of a newer PostgreSQL).
absl::StatusOr<PgDumpToc> ParsePgDumpToc(std::string_view bytes);

// The column names of a COPY statement's column list, in order
// ("COPY public.t (a, \"b c\") FROM stdin;" → a, b c). InvalidArgument when it has none.
absl::StatusOr<std::vector<std::string>> CopyStatementColumns(std::string_view copy_statement);

}  // namespace opmon::compute::legacy
