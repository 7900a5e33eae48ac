#include "services/compute/domain/client_row_stream.h"

#include <pqxx/pqxx>

#include <deque>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/pg/error_mapping.h"

namespace opmon::compute {

void QueryInterrupter::Interrupt() {
  absl::MutexLock lock(&mu_);
  interrupted_ = true;
  if (conn_ != nullptr) {
    try {
      conn_->cancel_query();
    } catch (const std::exception&) {
      // The query ends anyway when the connection is gone.
    }
  }
}

bool QueryInterrupter::interrupted() const {
  absl::MutexLock lock(&mu_);
  return interrupted_;
}

bool QueryInterrupter::Arm(pqxx::connection* conn) {
  absl::MutexLock lock(&mu_);
  conn_ = conn;
  return !interrupted_;
}

void QueryInterrupter::Disarm() {
  absl::MutexLock lock(&mu_);
  conn_ = nullptr;
}

absl::Status StreamClientRows(pqxx::connection& warehouse, const ClientQuery& query,
                              const StreamOptions& options, const BatchCallback& on_batch) {
  QueryInterrupter* interrupter = options.interrupter;
  struct Disarm {
    QueryInterrupter* i;
    ~Disarm() {
      if (i != nullptr) i->Disarm();
    }
  } disarm{interrupter};
  if (interrupter != nullptr && !interrupter->Arm(&warehouse)) {
    return absl::CancelledError("warehouse query interrupted");
  }
  // A fetcher thread keeps the next batches coming while this thread
  // processes the current one: the server sends while we parse (the COPY
  // floor streams continuously too). At most kQueuedBatches wait.
  constexpr size_t kQueuedBatches = 2;
  absl::Mutex mu;
  std::deque<pqxx::result> queue;        // guarded by mu
  bool fetch_done = false;               // guarded by mu
  bool consumer_done = false;            // guarded by mu
  absl::Status fetch_status;             // guarded by mu
  try {
    pqxx::read_transaction tx(warehouse);
    tx.exec_params(absl::StrCat("DECLARE opmon_client_rows NO SCROLL CURSOR FOR\n", query.sql),
                   pqxx::prepare::make_dynamic_params(query.params));
    const std::string fetch = absl::StrCat("FETCH FORWARD ", options.batch_rows, " FROM opmon_client_rows");
    absl::Status status;
    {
      std::jthread fetcher([&] {
        absl::Status result;
        try {
          while (true) {
            {
              absl::MutexLock lock(&mu);
              auto room = [&] { return queue.size() < kQueuedBatches || consumer_done; };
              mu.Await(absl::Condition(&room));
              if (consumer_done) break;
            }
            pqxx::result batch = tx.exec(fetch);
            const bool last = batch.size() < static_cast<size_t>(options.batch_rows);
            absl::MutexLock lock(&mu);
            if (!batch.empty()) queue.push_back(std::move(batch));
            if (last) break;
          }
        } catch (...) {
          result = (interrupter != nullptr && interrupter->interrupted())
                       ? absl::CancelledError("warehouse query interrupted")
                       : pg::StatusFromCurrentException("warehouse");
        }
        absl::MutexLock lock(&mu);
        fetch_status = result;
        fetch_done = true;
      });
      std::vector<RowFields> rows;
      while (true) {
        pqxx::result batch;
        {
          absl::MutexLock lock(&mu);
          auto ready = [&] { return !queue.empty() || fetch_done; };
          mu.Await(absl::Condition(&ready));
          if (queue.empty()) break;  // fetch_done
          batch = std::move(queue.front());
          queue.pop_front();
        }
        const size_t columns = batch.columns();
        rows.resize(batch.size());
        for (size_t r = 0; r < batch.size(); ++r) {
          RowFields& fields = rows[r];
          fields.resize(columns);
          pqxx::row row = batch[r];
          for (size_t c = 0; c < columns; ++c) {
            pqxx::field f = row[static_cast<pqxx::row::size_type>(c)];
            if (f.is_null()) {
              fields[c].reset();
            } else {
              fields[c].emplace(f.c_str(), f.size());
            }
          }
        }
        status = on_batch(std::span<const RowFields>(rows.data(), batch.size()));
        if (!status.ok()) break;
      }
      absl::MutexLock lock(&mu);
      consumer_done = true;  // a FETCH in flight completes, then the fetcher stops
    }  // joins the fetcher
    if (!status.ok()) return status;
    if (!fetch_status.ok()) return fetch_status;
    tx.commit();
    return absl::OkStatus();
  } catch (...) {
    if (interrupter != nullptr && interrupter->interrupted()) {
      return absl::CancelledError("warehouse query interrupted");
    }
    return pg::StatusFromCurrentException("warehouse");
  }
}

}  // namespace opmon::compute
