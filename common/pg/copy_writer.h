#pragma once
// COPY text lines (copy_text.h) sent into a table inside a transaction: the
// one way opmon writes rows in bulk (compute's per-client and statistics
// rows, error windows, live events, legacy aggregates). Lines are gathered
// into CopyData messages of about kBatchBytes: one message per line costs
// PostgreSQL a protocol message and libpqxx a copy of the line each
// (bench/errors measured the day's 522,441 rows ~7% faster batched).

#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace pqxx {
class tablewriter;
class transaction_base;
}  // namespace pqxx

namespace opmon::pg {

class CopyWriter {
 public:
  static constexpr size_t kBatchBytes = 64 * 1024;
  // With Sending::kOnItsOwnThread: batches gathered but not yet sent before
  // Write blocks (memory held: about kMaxQueued x kBatchBytes).
  static constexpr size_t kMaxQueued = 16;

  // kInline: Write sends full batches itself and blocks while PostgreSQL
  // is slower than the caller. kOnItsOwnThread: a thread of the writer
  // sends them, so a caller that produces lines while it reads elsewhere
  // (the error recompute) keeps reading while PostgreSQL stores.
  enum class Sending { kInline, kOnItsOwnThread };

  // Starts `COPY target FROM STDIN` in `tx`; `target` is a table with its
  // column list ("opmon.t (a, b)"). `tx` must outlive the writer, and take
  // no other statement until Complete; the writer is used from one thread.
  // Throws pqxx exceptions.
  CopyWriter(pqxx::transaction_base& tx, std::string_view target, Sending sending = Sending::kInline);
  // Without Complete, ends the COPY with what was sent so far and drops the
  // rest: only on a path whose transaction does not commit.
  ~CopyWriter();
  CopyWriter(const CopyWriter&) = delete;
  CopyWriter& operator=(const CopyWriter&) = delete;

  // One line of COPY text without its newline. Throws pqxx exceptions (with
  // kOnItsOwnThread, one a batch sent earlier met).
  void Write(std::string_view line);
  // Sends what is gathered and ends the COPY; the rows are then in `tx`.
  // Throws pqxx exceptions (a row PostgreSQL refuses surfaces here at the
  // latest).
  void Complete();

 private:
  void Flush();
  void SendQueued();               // the sending thread's loop
  void StopSending(bool drop);     // ends and joins it, first sending what is queued unless `drop`
  void RethrowSendError();         // after StopSending

  std::unique_ptr<pqxx::tablewriter> writer_;
  std::string batch_;

  // Sending::kOnItsOwnThread only.
  absl::Mutex mu_;
  std::deque<std::string> queued_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> spare_ ABSL_GUARDED_BY(mu_);  // sent batches' buffers
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  std::exception_ptr send_error_ ABSL_GUARDED_BY(mu_);
  std::thread sender_;
};

}  // namespace opmon::pg
