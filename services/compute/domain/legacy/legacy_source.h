#pragma once
// Where a legacy import reads the reference's tables from: a pg_dump
// directory dump (DumpDirectorySource) or a live PostgreSQL
// (DatabaseSource). Both list the legacy tables they hold and stream one
// table's rows at a time as COPY text lines, so neither holds a table in
// memory; the importer decodes the lines the same way for both.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/compute/domain/legacy/legacy_table_name.h"

namespace opmon::compute::legacy {

struct SourceTable {
  LegacyTableName name;
  std::string relation;  // the source's name of the table: schema.table
  std::string location;  // where its rows are read, for errors: a data file's path, or the database
  // The rows' layout: how many fields a line has and which are the
  // reference's dimensions (jsonb) and histogram (bigint[]) columns.
  int fields = 2;
  int dimensions_field = 0;
  int histogram_field = 1;
};

struct SourceListing {
  std::vector<SourceTable> tables;  // ordered by relation
  // Relations whose names are not the reference's (indexes, bookkeeping).
  int64_t skipped = 0;
};

// Receives one line of COPY text (without newline or the \. terminator).
using CopyLineSink = std::function<absl::Status(std::string_view line)>;

class LegacySource {
 public:
  virtual ~LegacySource() = default;
  // What opmon.legacy_imports.source records: "dump:<dir>" or "db:<host/db>".
  virtual std::string Describe() const = 0;
  virtual absl::StatusOr<SourceListing> ListTables() = 0;
  // Streams `table`'s lines to `sink`, in order, stopping at the first error
  // (the sink's, returned as it is, or the source's, naming the location).
  virtual absl::Status ReadTable(const SourceTable& table, const CopyLineSink& sink) = 0;
  // Bytes read so far from the source (files' bytes, COPY text's bytes).
  virtual int64_t bytes_read() const = 0;
};

// Fills `table`'s layout from the column names of its data; InvalidArgument
// naming the relation when either the dimensions or histogram column is missing.
absl::Status SetLayout(const std::vector<std::string>& columns, SourceTable& table);

}  // namespace opmon::compute::legacy
