#pragma once
// COPY text lines (copy_text.h) sent into a table inside a transaction: the
// one way opmon writes rows in bulk (compute's per-client and statistics
// rows, error windows, live events, legacy aggregates). Lines are gathered
// into CopyData messages of about kBatchBytes: one message per line costs
// PostgreSQL a protocol message and libpqxx a copy of the line each
// (bench/errors measured the day's 522,441 rows ~7% faster batched).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace pqxx {
class tablewriter;
class transaction_base;
}  // namespace pqxx

namespace opmon::pg {

class CopyWriter {
 public:
  static constexpr size_t kBatchBytes = 64 * 1024;

  // Starts `COPY target FROM STDIN` in `tx`; `target` is a table with its
  // column list ("opmon.t (a, b)"). `tx` must outlive the writer, and take
  // no other statement until Complete. Throws pqxx exceptions.
  CopyWriter(pqxx::transaction_base& tx, std::string_view target);
  // Without Complete, ends the COPY with what was sent so far and drops the
  // rest: only on a path whose transaction does not commit.
  ~CopyWriter();
  CopyWriter(const CopyWriter&) = delete;
  CopyWriter& operator=(const CopyWriter&) = delete;

  // One line of COPY text without its newline. Throws pqxx exceptions.
  void Write(std::string_view line);
  // Sends what is gathered and ends the COPY; the rows are then in `tx`.
  // Throws pqxx exceptions (a row PostgreSQL refuses surfaces here at the
  // latest).
  void Complete();

 private:
  void Flush();

  std::unique_ptr<pqxx::tablewriter> writer_;
  std::string batch_;
};

}  // namespace opmon::pg
