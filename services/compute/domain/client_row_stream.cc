#include "services/compute/domain/client_row_stream.h"

#include <libpq-fe.h>

#include <deque>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/pg/libpq_status.h"
#include "common/status/status_macros.h"
#include "services/compute/domain/warehouse_session.h"

namespace opmon::compute {

void QueryInterrupter::Interrupt() {
  absl::MutexLock lock(&mu_);
  interrupted_ = true;
  if (cancel_ != nullptr) {
    char error[256];
    // Failure only means the query could not be reached; it ends anyway when
    // its connection is closed.
    PQcancel(cancel_, error, sizeof(error));
  }
}

bool QueryInterrupter::interrupted() const {
  absl::MutexLock lock(&mu_);
  return interrupted_;
}

bool QueryInterrupter::Arm(pg_cancel* cancel) {
  absl::MutexLock lock(&mu_);
  cancel_ = cancel;
  return !interrupted_;
}

void QueryInterrupter::Disarm() {
  absl::MutexLock lock(&mu_);
  cancel_ = nullptr;
}

namespace {

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct CancelDeleter {
  void operator()(PGcancel* c) const { PQfreeCancel(c); }
};

// One batch: each PGresult holds one row (single-row mode).
using Batch = std::vector<pg::PgResultPtr>;

absl::StatusOr<std::unique_ptr<PGconn, ConnDeleter>> Connect(const std::string& dsn, const WarehouseLimits& limits) {
  std::unique_ptr<PGconn, ConnDeleter> conn(PQconnectdb(dsn.c_str()));
  if (conn == nullptr) return absl::ResourceExhaustedError("warehouse: out of memory connecting");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat("warehouse: cannot connect: ", pg::ConnectionMessage(conn.get())));
  }
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  OPMON_RETURN_IF_ERROR(ConfineSession(conn.get(), limits));
  return conn;
}

// The hand-off between the reader thread and the processing thread: at most
// kQueuedBatches wait, so memory holds a few batches, never the result.
class BatchQueue {
 public:
  // Reader side. Queues `batch` (when not empty), waiting for room first when
  // asked. False once the consumer stopped: the batch is dropped.
  bool Push(Batch& batch, bool wait_for_room) {
    absl::MutexLock lock(&mu_);
    if (wait_for_room) {
      auto room = [&] { return queue_.size() < kQueuedBatches || consumer_done_; };
      mu_.Await(absl::Condition(&room));
    }
    if (consumer_done_) {
      batch.clear();
      return false;
    }
    if (!batch.empty()) queue_.push_back(std::move(batch));
    batch = Batch();
    return true;
  }
  // Reader side, last: how reading ended.
  void FinishReading(absl::Status status) {
    absl::MutexLock lock(&mu_);
    read_status_ = std::move(status);
    read_done_ = true;
  }
  // Consumer side: the next batch, or nullopt once reading ended and the
  // queue is empty.
  std::optional<Batch> Pop() {
    absl::MutexLock lock(&mu_);
    auto ready = [&] { return !queue_.empty() || read_done_; };
    mu_.Await(absl::Condition(&ready));
    if (queue_.empty()) return std::nullopt;
    Batch batch = std::move(queue_.front());
    queue_.pop_front();
    return batch;
  }
  // Consumer side: no more batches wanted (the reader cancels and drains).
  void StopConsuming() {
    absl::MutexLock lock(&mu_);
    consumer_done_ = true;
  }
  // After the reader thread joined.
  absl::Status read_status() const {
    absl::MutexLock lock(&mu_);
    return read_status_;
  }

 private:
  static constexpr size_t kQueuedBatches = 2;
  mutable absl::Mutex mu_;
  std::deque<Batch> queue_ ABSL_GUARDED_BY(mu_);
  bool read_done_ ABSL_GUARDED_BY(mu_) = false;
  bool consumer_done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status read_status_ ABSL_GUARDED_BY(mu_);
};

// Sends `query` in single-row mode; the rows are then read with PQgetResult.
absl::Status SendSingleRowQuery(PGconn* conn, const ClientQuery& query) {
  std::vector<const char*> values;
  values.reserve(query.params.size());
  for (const std::string& p : query.params) values.push_back(p.c_str());
  if (PQsendQueryParams(conn, query.sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                        nullptr, 0) != 1 ||
      PQsetSingleRowMode(conn) != 1) {
    return pg::CheckResult(conn, nullptr, PGRES_TUPLES_OK, "warehouse");
  }
  return absl::OkStatus();
}

// The reader thread's work: takes the rows as the server sends them into
// batches of `batch_rows`, cancelling the query when the consumer stopped.
// Drains every result: libpq needs the last (null) one before the connection
// can be closed cleanly.
void ReadRows(PGconn* conn, PGcancel* cancel, size_t batch_rows, BatchQueue& queue) {
  absl::Status result;
  Batch batch;
  bool cancelled = false;
  while (PGresult* raw = PQgetResult(conn)) {
    pg::PgResultPtr row(raw);
    if (cancelled) continue;
    const ExecStatusType state = PQresultStatus(raw);
    if (state == PGRES_SINGLE_TUPLE) {
      batch.push_back(std::move(row));
      if (batch.size() >= batch_rows && !queue.Push(batch, /*wait_for_room=*/true)) {
        char error[256];
        PQcancel(cancel, error, sizeof(error));  // the consumer stopped: stop the server too
        cancelled = true;
      }
    } else if (state != PGRES_TUPLES_OK && result.ok()) {
      result = pg::CheckResult(conn, raw, PGRES_TUPLES_OK, "warehouse");
    }
  }
  if (!cancelled) queue.Push(batch, /*wait_for_room=*/false);
  if (result.ok() && PQstatus(conn) == CONNECTION_BAD) {
    result = pg::CheckResult(conn, nullptr, PGRES_TUPLES_OK, "warehouse");
  }
  queue.FinishReading(std::move(result));
}

// Views of a batch's fields (valid while the batch lives); `rows` is reused
// between batches so its vectors keep their capacity.
void ViewFields(const Batch& batch, std::vector<RowFields>& rows) {
  rows.resize(batch.size());
  for (size_t r = 0; r < batch.size(); ++r) {
    const PGresult* row = batch[r].get();
    const int columns = PQnfields(row);
    RowFields& fields = rows[r];
    fields.resize(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(row, 0, c)) {
        fields[c].reset();
      } else {
        fields[c].emplace(PQgetvalue(row, 0, c), static_cast<size_t>(PQgetlength(row, 0, c)));
      }
    }
  }
}

}  // namespace

absl::Status StreamClientRows(const std::string& warehouse_dsn, const ClientQuery& query,
                              const StreamOptions& options, const BatchCallback& on_batch) {
  absl::StatusOr<std::unique_ptr<PGconn, ConnDeleter>> connected = Connect(warehouse_dsn, options.limits);
  if (!connected.ok()) return connected.status();
  PGconn* conn = connected->get();
  std::unique_ptr<PGcancel, CancelDeleter> cancel(PQgetCancel(conn));
  QueryInterrupter* interrupter = options.interrupter;
  struct Disarm {
    QueryInterrupter* i;
    ~Disarm() {
      if (i != nullptr) i->Disarm();
    }
  } disarm{interrupter};
  if (interrupter != nullptr && !interrupter->Arm(cancel.get())) {
    return absl::CancelledError("warehouse query interrupted");
  }
  OPMON_RETURN_IF_ERROR(SendSingleRowQuery(conn, query));

  // The reader thread owns the connection from here on, while this thread
  // processes earlier batches.
  const size_t batch_rows = options.batch_rows > 0 ? static_cast<size_t>(options.batch_rows) : 1;
  BatchQueue queue;
  absl::Status status;
  {
    std::jthread reader([&] { ReadRows(conn, cancel.get(), batch_rows, queue); });
    std::vector<RowFields> rows;
    while (std::optional<Batch> batch = queue.Pop()) {
      ViewFields(*batch, rows);
      status = on_batch(std::span<const RowFields>(rows.data(), batch->size()));
      if (!status.ok()) break;
    }
    queue.StopConsuming();
  }  // joins the reader
  if (interrupter != nullptr && interrupter->interrupted()) return absl::CancelledError("warehouse query interrupted");
  if (!status.ok()) return status;
  return queue.read_status();
}

}  // namespace opmon::compute
