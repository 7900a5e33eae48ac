#include "services/compute/datagen/warehouse_generation.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status/status_macros.h"
#include "services/compute/datagen/client_profile.h"
#include "services/compute/datagen/copy_text.h"
#include "services/compute/datagen/day_generator.h"
#include "services/compute/datagen/warehouse_loader.h"

namespace opmon::datagen {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Work units are (day, block of clients), numbered day-major. Each unit has
// two consumers: the writer of its main stream (unit % main streams) and the
// writer of crash and events, each consuming its units in order. Workers run
// at most `window` units ahead of the oldest unit not yet fully consumed
// (bounded memory).
class UnitQueue {
 public:
  UnitQueue(int64_t units, int64_t window) : units_(units), window_(window) {}

  // The next unit to generate, or -1 when done or stopped.
  int64_t Claim() {
    absl::MutexLock lock(&mu_);
    auto can_claim = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return stopped_ || next_claim_ >= units_ || next_claim_ < oldest_ + window_;
    };
    mu_.Await(absl::Condition(&can_claim));
    if (stopped_ || next_claim_ >= units_) return -1;
    return next_claim_++;
  }

  void Put(int64_t unit, std::shared_ptr<const CopyTextSink> sink) {
    absl::MutexLock lock(&mu_);
    ready_[unit] = Entry{std::move(sink), 2};
  }

  // Waits for `unit`; nullptr when stopped.
  std::shared_ptr<const CopyTextSink> Get(int64_t unit) {
    absl::MutexLock lock(&mu_);
    auto ready = [this, unit]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopped_ || ready_.count(unit) > 0; };
    mu_.Await(absl::Condition(&ready));
    if (stopped_) return nullptr;
    return ready_[unit].sink;
  }

  // One consumer is done with `unit`.
  void Release(int64_t unit) {
    absl::MutexLock lock(&mu_);
    auto it = ready_.find(unit);
    if (it == ready_.end() || --it->second.consumers > 0) return;
    ready_.erase(it);
    released_.insert(unit);
    while (released_.count(oldest_) > 0) released_.erase(oldest_++);
  }

  void Stop() {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
  }

 private:
  struct Entry {
    std::shared_ptr<const CopyTextSink> sink;
    int consumers = 0;
  };
  absl::Mutex mu_;
  const int64_t units_;
  const int64_t window_;
  int64_t next_claim_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t oldest_ ABSL_GUARDED_BY(mu_) = 0;  // every unit below is fully consumed
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  std::map<int64_t, Entry> ready_ ABSL_GUARDED_BY(mu_);
  std::set<int64_t> released_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

int64_t WarehouseLoadReport::total_rows() const {
  int64_t n = 0;
  for (const auto& t : tables) n += t.rows;
  return n;
}

absl::Status ValidateWarehouseOptions(const WarehouseOptions& o) {
  if (o.warehouse_url.empty()) {
    return absl::InvalidArgumentError("--warehouse-url: empty (set it, OPMON_WAREHOUSE_URL or OPMON_DB_URL)");
  }
  if (o.params.clients < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--clients: ", o.params.clients, " is not >= 1"));
  }
  if (o.days < 1 || o.days > 3660) {
    return absl::InvalidArgumentError(absl::StrCat("--days: ", o.days, " is not in [1, 3660]"));
  }
  if (!(o.params.pings_per_client_mean > 0) || o.params.pings_per_client_mean > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("--pings-per-client-mean: ", o.params.pings_per_client_mean, " is not in (0, 1000]"));
  }
  if (!(o.params.malformed_rate >= 0 && o.params.malformed_rate <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--malformed-rate: ", o.params.malformed_rate, " is not in [0, 1]"));
  }
  if (!(o.params.reject_rate >= 0 && o.params.reject_rate <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat("--reject-rate: ", o.params.reject_rate, " is not in [0, 1]"));
  }
  if (o.params.heavy_clients < -1) {
    return absl::InvalidArgumentError(absl::StrCat("--heavy-clients: ", o.params.heavy_clients, " is negative"));
  }
  if (o.threads < 1 || o.threads > 64) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: ", o.threads, " is not in [1, 64]"));
  }
  if (o.main_streams < 1 || o.main_streams > 16) {
    return absl::InvalidArgumentError(absl::StrCat("--copy-streams: ", o.main_streams, " is not in [1, 16]"));
  }
  if (o.clients_per_block < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--clients-per-block: ", o.clients_per_block, " is not >= 1"));
  }
  return absl::OkStatus();
}

void GenerateRows(const GenerationParams& params, absl::CivilDay first_day, int days, RowSink& sink) {
  DayGenerator generator(params);
  std::vector<ClientProfile> profiles;
  profiles.reserve(params.clients);
  for (int64_t i = 0; i < params.clients; ++i) profiles.push_back(MakeClientProfile(params, i));
  for (int d = 0; d < days; ++d) {
    for (const ClientProfile& p : profiles) generator.Generate(p, first_day + d, sink);
  }
}

absl::StatusOr<WarehouseLoadReport> GenerateWarehouse(const WarehouseOptions& options) {
  OPMON_RETURN_IF_ERROR(ValidateWarehouseOptions(options));
  const Clock::time_point start = Clock::now();
  const absl::CivilDay first_day = options.end_date - (options.days - 1);

  OPMON_ASSIGN_OR_RETURN(std::unique_ptr<WarehouseLoader> loader,
                         WarehouseLoader::Open(options.warehouse_url, options.main_streams));
  OPMON_RETURN_IF_ERROR(loader->Prepare({first_day, options.end_date, options.replace}));

  const int64_t clients = options.params.clients;
  const int64_t blocks = (clients + options.clients_per_block - 1) / options.clients_per_block;
  const int64_t units = blocks * options.days;
  const int streams = loader->main_streams();
  UnitQueue queue(units, 2 * options.threads + 2 * streams);

  std::vector<std::jthread> workers;
  workers.reserve(options.threads);
  for (int w = 0; w < options.threads; ++w) {
    workers.emplace_back([&options, &queue, first_day, blocks, clients] {
      DayGenerator generator(options.params);
      std::vector<ClientProfile> profiles;
      int64_t profiles_block = -1;
      for (int64_t unit = queue.Claim(); unit >= 0; unit = queue.Claim()) {
        const int64_t day = unit / blocks;
        const int64_t block = unit % blocks;
        const int64_t begin = block * options.clients_per_block;
        const int64_t end = std::min(clients, begin + options.clients_per_block);
        if (profiles_block != block) {
          profiles.clear();
          for (int64_t i = begin; i < end; ++i) profiles.push_back(MakeClientProfile(options.params, i));
          profiles_block = block;
        }
        auto sink = std::make_shared<CopyTextSink>();
        for (const ClientProfile& p : profiles) generator.Generate(p, first_day + day, *sink);
        queue.Put(unit, std::move(sink));
      }
    });
  }

  // One writer thread per main stream; this thread writes crash and events
  // and adds up the report.
  std::vector<absl::Status> main_status(streams);
  std::vector<std::jthread> writers;
  for (int s = 0; s < streams; ++s) {
    writers.emplace_back([&, s] {
      for (int64_t unit = s; unit < units; unit += streams) {
        auto sink = queue.Get(unit);
        if (sink == nullptr) return;
        main_status[s] = loader->WriteMain(s, sink->buffer(WarehouseTable::kMain));
        queue.Release(unit);
        if (!main_status[s].ok()) {
          queue.Stop();
          return;
        }
      }
    });
  }
  WarehouseLoadReport report;
  for (int t = 0; t < kWarehouseTableCount; ++t) report.tables[t].table = WarehouseTables()[t].name;
  absl::Status status = absl::OkStatus();
  for (int64_t unit = 0; unit < units && status.ok(); ++unit) {
    auto sink = queue.Get(unit);
    if (sink == nullptr) break;
    status = loader->WriteCrash(sink->buffer(WarehouseTable::kCrash));
    if (status.ok()) status = loader->WriteEvents(sink->buffer(WarehouseTable::kEvents));
    for (int t = 0; t < kWarehouseTableCount; ++t) {
      const auto table = static_cast<WarehouseTable>(t);
      report.tables[t].rows += sink->rows(table);
      report.tables[t].bytes += static_cast<int64_t>(sink->buffer(table).size());
    }
    report.malformed_pings += sink->malformed_pings();
    for (size_t r = 0; r < report.rejected_pings.size(); ++r) report.rejected_pings[r] += sink->rejected_pings()[r];
    queue.Release(unit);
  }
  if (!status.ok()) queue.Stop();
  writers.clear();  // joins
  queue.Stop();
  workers.clear();
  for (const absl::Status& s : main_status) {
    if (status.ok()) status = s;
  }
  OPMON_RETURN_IF_ERROR(status);
  report.stream_seconds = SecondsSince(start);
  const Clock::time_point finish_start = Clock::now();
  OPMON_RETURN_IF_ERROR(loader->Finish());
  report.finish_seconds = SecondsSince(finish_start);
  report.total_seconds = SecondsSince(start);
  return report;
}

}  // namespace opmon::datagen
