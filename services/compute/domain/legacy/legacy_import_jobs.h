#pragma once
// Legacy imports as compute jobs: each import is a row of opmon.jobs (slug
// kLegacyImportJobSlug, day = the day it started) that this replica runs on
// a thread of its own — its source is named by the request, so no other
// replica could take it over — and whose progress (rows, bytes, tables)
// WatchJob follows. One import runs at a time (the job queue's one live job
// per slug and day, and the per-day lock of the importer). CancelJob stops it
// between batches: the day being written rolls back, the days before stay.
// Thread-safe.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/compute/domain/job_store.h"
#include "services/compute/domain/legacy/legacy_importer.h"

namespace opmon::compute::legacy {

// The slug of legacy import jobs; '@' keeps it apart from every project.
inline constexpr std::string_view kLegacyImportJobSlug = "@legacy_import";

struct LegacyImportSource {
  enum class Kind { kDumpDirectory, kDatabase };
  Kind kind = Kind::kDumpDirectory;
  std::string location;  // the dump's directory, or the database's DSN
};

class LegacyImportJobs {
 public:
  struct Options {
    std::string worker;  // host:pid, stored in opmon.jobs.worker
    // How often progress is written (and a cancel request noticed).
    absl::Duration heartbeat_interval = absl::Milliseconds(500);
  };

  // `opmon` receives the aggregates; `store` holds the jobs. Both must
  // outlive this object.
  LegacyImportJobs(pg::Pool& opmon, JobStore& store, Options options);
  ~LegacyImportJobs();  // Stop()

  // Opens the source (the errors of DumpDirectorySource::Open or
  // DatabaseSource::Connect), then starts the job and returns its id.
  // AlreadyExists while another import runs; Unavailable once stopping.
  absl::StatusOr<int64_t> Start(const LegacyImportSource& source, const ImportFilter& filter);

  // Running imports stop (the day being written rolls back; the job fails
  // saying the service stopped) and their threads are joined.
  void Stop();

 private:
  struct Running {
    std::atomic<bool> done{false};
    std::jthread thread;
  };
  void Run(const ClaimedJob& job, LegacySource& source, const ImportFilter& filter, std::stop_token stop);

  pg::Pool& opmon_;
  JobStore& store_;
  const Options options_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::unique_ptr<Running>> running_ ABSL_GUARDED_BY(mu_);
};

}  // namespace opmon::compute::legacy
