#include "common/pg/copy_writer.h"

#include <pqxx/tablewriter>
#include <pqxx/transaction_base>

// pqxx 6.4 has no non-deprecated way to send COPY text lines (stream_to
// takes tuples and hides write_raw_line); tablewriter's raw lines are the
// adapter's COPY. This file is the one place that uses it.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace opmon::pg {

CopyWriter::CopyWriter(pqxx::transaction_base& tx, std::string_view target, Sending sending)
    : writer_(std::make_unique<pqxx::tablewriter>(tx, std::string(target))) {
  batch_.reserve(kBatchBytes + 1024);
  if (sending == Sending::kOnItsOwnThread) sender_ = std::thread([this] { SendQueued(); });
}

CopyWriter::~CopyWriter() { StopSending(/*drop=*/true); }

void CopyWriter::Write(std::string_view line) {
  // Lines joined by newlines; write_raw_line adds the last one.
  if (!batch_.empty()) batch_.push_back('\n');
  batch_.append(line);
  if (batch_.size() >= kBatchBytes) Flush();
}

void CopyWriter::Flush() {
  if (batch_.empty()) return;
  if (!sender_.joinable()) {
    writer_->write_raw_line(batch_);
    batch_.clear();
    return;
  }
  bool failed = false;
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](CopyWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) {
          return w->queued_.size() < kMaxQueued || w->send_error_ != nullptr;
        },
        this));
    failed = send_error_ != nullptr;
    if (!failed) {
      queued_.push_back(std::move(batch_));
      // A buffer the thread has sent, so the next batch reuses its memory.
      if (!spare_.empty()) {
        batch_ = std::move(spare_.back());
        spare_.pop_back();
      }
    }
  }
  batch_.clear();
  if (batch_.capacity() < kBatchBytes) batch_.reserve(kBatchBytes + 1024);
  if (failed) {
    StopSending(/*drop=*/true);
    RethrowSendError();
  }
}

void CopyWriter::SendQueued() {
  while (true) {
    std::string batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](CopyWriter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) { return !w->queued_.empty() || w->closed_; },
          this));
      if (queued_.empty()) return;  // closed and drained
      batch.swap(queued_.front());
      queued_.pop_front();
    }
    try {
      writer_->write_raw_line(batch);
    } catch (...) {
      absl::MutexLock lock(&mu_);
      send_error_ = std::current_exception();
      queued_.clear();
      return;
    }
    absl::MutexLock lock(&mu_);
    if (spare_.size() < 2) spare_.push_back(std::move(batch));
  }
}

void CopyWriter::StopSending(bool drop) {
  if (!sender_.joinable()) return;
  {
    absl::MutexLock lock(&mu_);
    if (drop) queued_.clear();
    closed_ = true;
  }
  sender_.join();
}

void CopyWriter::RethrowSendError() {
  absl::MutexLock lock(&mu_);
  if (send_error_ != nullptr) std::rethrow_exception(send_error_);
}

void CopyWriter::Complete() {
  Flush();
  StopSending(/*drop=*/false);
  RethrowSendError();
  writer_->complete();
}

}  // namespace opmon::pg
