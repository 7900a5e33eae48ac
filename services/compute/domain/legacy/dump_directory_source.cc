#include "services/compute/domain/legacy/dump_directory_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/pg/copy_text.h"
#include "services/compute/domain/legacy/data_file_lines.h"

namespace opmon::compute::legacy {

absl::StatusOr<std::unique_ptr<DumpDirectorySource>> DumpDirectorySource::Open(const std::string& directory) {
  const std::string path = (std::filesystem::path(directory) / "toc.dat").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": no such file (not a pg_dump --format directory dump?)"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  absl::StatusOr<PgDumpToc> toc = ParsePgDumpToc(bytes.str());
  if (!toc.ok()) return absl::Status(toc.status().code(), absl::StrCat(directory, "/", toc.status().message()));
  return std::unique_ptr<DumpDirectorySource>(new DumpDirectorySource(directory, *std::move(toc)));
}

absl::StatusOr<SourceListing> DumpDirectorySource::ListTables() {
  SourceListing listing;
  for (const PgDumpTocEntry& entry : toc_.entries) {
    if (entry.desc != "TABLE DATA") continue;
    std::optional<LegacyTableName> name = ParseLegacyTableName(entry.tag);
    if (!name) {
      ++listing.skipped;
      continue;
    }
    SourceTable& table = listing.tables.emplace_back();
    table.name = *std::move(name);
    table.relation = entry.schema.empty() ? entry.tag : absl::StrCat(entry.schema, ".", entry.tag);
    // pg_dump records "<id>.dat" and writes "<id>.dat.gz" when it compresses.
    const std::filesystem::path file = std::filesystem::path(directory_) / entry.data_file;
    table.location = std::filesystem::exists(file) ? file.string() : file.string() + ".gz";
    absl::StatusOr<std::vector<std::string>> columns = CopyStatementColumns(entry.copy_statement);
    if (!columns.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(directory_, "/toc.dat: table ", table.relation, ": ", columns.status().message()));
    }
    if (absl::Status status = SetLayout(*columns, table); !status.ok()) return status;
  }
  std::sort(listing.tables.begin(), listing.tables.end(),
            [](const SourceTable& a, const SourceTable& b) { return a.relation < b.relation; });
  return listing;
}

absl::Status DumpDirectorySource::ReadTable(const SourceTable& table, const CopyLineSink& sink) {
  absl::StatusOr<std::unique_ptr<DataFileLines>> file = DataFileLines::Open(table.location);
  if (!file.ok()) return file.status();
  const int64_t before = bytes_read_;
  std::string line;
  bool terminated = false;
  absl::Status status;
  while (status.ok()) {
    absl::StatusOr<bool> more = (*file)->Next(line);
    bytes_read_ = before + (*file)->bytes_read();
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (line == pg::kCopyEndOfData) {
      terminated = true;
      break;
    }
    status = sink(line);
  }
  if (!status.ok()) return status;
  if (!terminated) {
    return absl::InvalidArgumentError(
        absl::StrCat(table.location, ": table ", table.relation, ": the data ends without \"\\.\" (truncated?)"));
  }
  return absl::OkStatus();
}

}  // namespace opmon::compute::legacy
