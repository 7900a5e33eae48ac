#include "common/pg/copy_writer.h"

#include <pqxx/tablewriter>
#include <pqxx/transaction_base>

// pqxx 6.4 has no non-deprecated way to send COPY text lines (stream_to
// takes tuples and hides write_raw_line); tablewriter's raw lines are the
// adapter's COPY. This file is the one place that uses it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace opmon::pg {

CopyWriter::CopyWriter(pqxx::transaction_base& tx, std::string_view target)
    : writer_(std::make_unique<pqxx::tablewriter>(tx, std::string(target))) {
  batch_.reserve(kBatchBytes + 1024);
}

CopyWriter::~CopyWriter() = default;

void CopyWriter::Write(std::string_view line) {
  // Lines joined by newlines; write_raw_line adds the last one.
  if (!batch_.empty()) batch_.push_back('\n');
  batch_.append(line);
  if (batch_.size() >= kBatchBytes) Flush();
}

void CopyWriter::Flush() {
  if (batch_.empty()) return;
  writer_->write_raw_line(batch_);
  batch_.clear();
}

void CopyWriter::Complete() {
  Flush();
  writer_->complete();
}

}  // namespace opmon::pg
