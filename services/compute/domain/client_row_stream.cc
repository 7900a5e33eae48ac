#include "services/compute/domain/client_row_stream.h"

#include <libpq-fe.h>

#include <deque>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/pg/libpq_status.h"

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

absl::StatusOr<std::unique_ptr<PGconn, ConnDeleter>> Connect(const std::string& dsn) {
  std::unique_ptr<PGconn, ConnDeleter> conn(PQconnectdb(dsn.c_str()));
  if (conn == nullptr) return absl::ResourceExhaustedError("warehouse: out of memory connecting");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat("warehouse: cannot connect: ", pg::ConnectionMessage(conn.get())));
  }
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  pg::PgResultPtr read_only(PQexec(conn.get(), "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"));
  if (absl::Status s = pg::CheckResult(conn.get(), read_only.get(), PGRES_COMMAND_OK, "warehouse"); !s.ok()) {
    return s;
  }
  return conn;
}

}  // namespace

absl::Status StreamClientRows(const std::string& warehouse_dsn, const ClientQuery& query,
                              const StreamOptions& options, const BatchCallback& on_batch) {
  absl::StatusOr<std::unique_ptr<PGconn, ConnDeleter>> connected = Connect(warehouse_dsn);
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
  auto interrupted = [&] { return interrupter != nullptr && interrupter->interrupted(); };

  std::vector<const char*> values;
  values.reserve(query.params.size());
  for (const std::string& p : query.params) values.push_back(p.c_str());
  if (PQsendQueryParams(conn, query.sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                        nullptr, 0) != 1 ||
      PQsetSingleRowMode(conn) != 1) {
    return pg::CheckResult(conn, nullptr, PGRES_TUPLES_OK, "warehouse");
  }

  // The reader thread owns the connection from here on: it takes the rows
  // as the server sends them while this thread processes earlier batches.
  // At most kQueuedBatches wait.
  constexpr size_t kQueuedBatches = 2;
  const size_t batch_rows = options.batch_rows > 0 ? static_cast<size_t>(options.batch_rows) : 1;
  absl::Mutex mu;
  std::deque<Batch> queue;          // guarded by mu
  bool read_done = false;           // guarded by mu
  bool consumer_done = false;       // guarded by mu
  absl::Status read_status;         // guarded by mu
  absl::Status status;
  {
    std::jthread reader([&] {
      absl::Status result;
      Batch batch;
      bool cancelled = false;
      auto push = [&](bool wait_for_room) {
        absl::MutexLock lock(&mu);
        if (wait_for_room) {
          auto room = [&] { return queue.size() < kQueuedBatches || consumer_done; };
          mu.Await(absl::Condition(&room));
        }
        if (consumer_done) {
          batch.clear();
          return false;
        }
        if (!batch.empty()) queue.push_back(std::move(batch));
        batch = Batch();
        return true;
      };
      // Drains every result: libpq needs the last (null) one before the
      // connection can be closed cleanly.
      while (PGresult* raw = PQgetResult(conn)) {
        pg::PgResultPtr row(raw);
        if (cancelled) continue;
        const ExecStatusType state = PQresultStatus(raw);
        if (state == PGRES_SINGLE_TUPLE) {
          batch.push_back(std::move(row));
          if (batch.size() >= batch_rows && !push(/*wait_for_room=*/true)) {
            char error[256];
            PQcancel(cancel.get(), error, sizeof(error));  // the consumer stopped: stop the server too
            cancelled = true;
          }
        } else if (state != PGRES_TUPLES_OK && result.ok()) {
          result = pg::CheckResult(conn, raw, PGRES_TUPLES_OK, "warehouse");
        }
      }
      if (!cancelled) push(/*wait_for_room=*/false);
      if (result.ok() && PQstatus(conn) == CONNECTION_BAD) {
        result = pg::CheckResult(conn, nullptr, PGRES_TUPLES_OK, "warehouse");
      }
      absl::MutexLock lock(&mu);
      read_status = result;
      read_done = true;
    });
    std::vector<RowFields> rows;
    while (true) {
      Batch batch;
      {
        absl::MutexLock lock(&mu);
        auto ready = [&] { return !queue.empty() || read_done; };
        mu.Await(absl::Condition(&ready));
        if (queue.empty()) break;  // read_done
        batch = std::move(queue.front());
        queue.pop_front();
      }
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
      status = on_batch(std::span<const RowFields>(rows.data(), batch.size()));
      if (!status.ok()) break;
    }
    absl::MutexLock lock(&mu);
    consumer_done = true;  // the reader cancels the query and drains
  }  // joins the reader
  if (interrupted()) return absl::CancelledError("warehouse query interrupted");
  if (!status.ok()) return status;
  return read_status;
}

}  // namespace opmon::compute
