#include "services/lookml/regenerator.h"

#include <algorithm>
#include <chrono>

#include "common/log/log.h"
#include "services/lookml/lookml_generator.h"
#include "services/lookml/output_tree.h"

namespace opmon::lookml {
namespace {

constexpr absl::Duration kFirstRetry = absl::Seconds(1);
constexpr absl::Duration kMaxRetry = absl::Seconds(30);

}  // namespace

Regenerator::Regenerator(LookmlGenerator& generator, std::string output_dir, absl::Duration poll_interval)
    : generator_(generator), output_dir_(std::move(output_dir)), poll_interval_(poll_interval) {}

Regenerator::~Regenerator() { Stop(); }

void Regenerator::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

void Regenerator::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void Regenerator::RequestCheck() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    check_requested_ = true;
  }
  wake_.notify_all();
}

int64_t Regenerator::publications() const {
  std::lock_guard<std::mutex> lock(mu_);
  return publications_;
}

bool Regenerator::RunOnce() {
  // One replica at a time per output directory, the state read under the
  // lock: the tree published last is generated from the newest state.
  absl::StatusOr<OutputLock> output_lock = OutputLock::Acquire(output_dir_);
  if (!output_lock.ok()) {
    log::Warn("lookml regeneration: cannot lock the output directory",
              {{"error", output_lock.status().ToString()}});
    return false;
  }
  absl::StatusOr<std::string> fingerprint = generator_.ChangeFingerprint();
  if (!fingerprint.ok()) {
    log::Warn("lookml regeneration: cannot read project versions", {{"error", fingerprint.status().ToString()}});
    return false;
  }
  if (*fingerprint == fingerprint_ && publications() > 0) return true;
  // Another replica sharing the directory published this state already. Not
  // on this process's first run: a new binary may generate differently.
  if (publications() > 0 && *fingerprint == PublishedFingerprint(output_dir_)) {
    fingerprint_ = *fingerprint;
    return true;
  }
  absl::StatusOr<GeneratedTree> tree = generator_.GenerateAll("");
  if (!tree.ok()) {
    log::Warn("lookml regeneration failed", {{"error", tree.status().ToString()}});
    return false;
  }
  for (const std::string& problem : tree->problems) log::Warn("lookml validation problem", {{"problem", problem}});
  if (absl::Status s = PublishTree(output_dir_, tree->files, *fingerprint); !s.ok()) {
    log::Error("lookml regeneration: cannot publish", {{"error", s.ToString()}});
    return false;
  }
  fingerprint_ = *fingerprint;
  std::lock_guard<std::mutex> lock(mu_);
  ++publications_;
  log::Info("lookml tree published", {{"output_dir", output_dir_}, {"files", std::to_string(tree->files.size())}});
  return true;
}

void Regenerator::Loop(std::stop_token stop) {
  // A failed check is retried sooner than the poll interval: with prompt
  // wake-ups the poll is long, and the change that failed may get no other.
  absl::Duration retry = kFirstRetry;
  while (!stop.stop_requested()) {
    absl::Duration wait = poll_interval_;
    if (RunOnce()) {
      retry = kFirstRetry;
    } else {
      wait = std::min(retry, poll_interval_);
      retry = std::min(retry * 2, kMaxRetry);
    }
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, stop, std::chrono::nanoseconds(absl::ToInt64Nanoseconds(wait)),
                   [this] { return check_requested_; });
    check_requested_ = false;
  }
}

}  // namespace opmon::lookml
