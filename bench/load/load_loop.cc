#include "bench/load/load_loop.h"

#include <algorithm>
#include <atomic>
#include <cstdio>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace opmon::bench {
namespace {

class Recorder {
 public:
  void Record(absl::Time start, const grpc::Status& status, bool expected_answer) {
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
    absl::MutexLock lock(&mu_);
    if (!status.ok()) {
      ++sample_.errors;
      if (sample_.errors <= 3) std::fprintf(stderr, "error: %s\n", status.error_message().c_str());
    } else if (!expected_answer) {
      ++sample_.wrong_answers;
    }
    sample_.latencies_ms.push_back(ms);
  }
  void Skip() {
    absl::MutexLock lock(&mu_);
    ++sample_.skipped;
  }
  Sample Take(absl::Time begin) {
    absl::MutexLock lock(&mu_);
    Sample s = std::move(sample_);
    s.elapsed_s = absl::ToDoubleSeconds(absl::Now() - begin);
    return s;
  }

 private:
  absl::Mutex mu_;
  Sample sample_ ABSL_GUARDED_BY(mu_);
};

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t index = std::min(values.size() - 1, static_cast<std::size_t>(p / 100.0 * values.size()));
  return values[index];
}

}  // namespace

Sample ClosedLoop(const IssueCall& issue, int concurrency, const LoopLimits& limits) {
  Recorder recorder;
  std::atomic<int> issued{0};
  std::atomic<int> active{concurrency};
  absl::Notification all_done;
  const absl::Time begin = absl::Now();
  const absl::Time end = begin + absl::Seconds(limits.seconds);
  std::function<void()> next = [&] {
    const int i = issued.fetch_add(1);
    if (i >= limits.max_requests || absl::Now() >= end) {
      if (active.fetch_sub(1) == 1) all_done.Notify();
      return;
    }
    const absl::Time start = absl::Now();
    issue(static_cast<std::size_t>(i), [&recorder, &next, start](const grpc::Status& status, bool expected) {
      recorder.Record(start, status, expected);
      next();
    });
  };
  for (int c = 0; c < concurrency; ++c) next();
  all_done.WaitForNotification();
  return recorder.Take(begin);
}

Sample OpenLoop(const IssueCall& issue, double rate, const LoopLimits& limits) {
  Recorder recorder;
  std::atomic<int> in_flight{0};
  constexpr int kMaxInFlight = 2000;
  const absl::Time begin = absl::Now();
  const int total = std::min(limits.max_requests, static_cast<int>(rate * limits.seconds));
  for (int i = 0; i < total; ++i) {
    const absl::Time scheduled = begin + absl::Seconds(i / rate);
    const absl::Duration wait = scheduled - absl::Now();
    if (wait > absl::ZeroDuration()) absl::SleepFor(wait);  // pacing the load, not synchronising
    if (in_flight.load() >= kMaxInFlight) {
      recorder.Skip();
      continue;
    }
    in_flight.fetch_add(1);
    issue(static_cast<std::size_t>(i), [&recorder, &in_flight, scheduled](const grpc::Status& status, bool expected) {
      recorder.Record(scheduled, status, expected);
      in_flight.fetch_sub(1);
    });
  }
  while (in_flight.load() > 0) absl::SleepFor(absl::Milliseconds(1));
  return recorder.Take(begin);
}

Summary Print(const std::string& name, const Sample& s) {
  Summary out;
  out.throughput = static_cast<double>(s.latencies_ms.size()) / s.elapsed_s;
  out.p50 = Percentile(s.latencies_ms, 50);
  out.p90 = Percentile(s.latencies_ms, 90);
  out.p99 = Percentile(s.latencies_ms, 99);
  std::printf("%-34s %8zu calls %9.0f req/s  p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  errors %d  wrong %d  skipped %d\n",
              name.c_str(), s.latencies_ms.size(), out.throughput, out.p50, out.p90, out.p99, s.errors,
              s.wrong_answers, s.skipped);
  return out;
}

void AddLoadFlags(CLI::App& app, LoadOptions& o) {
  app.add_option("--seconds", o.seconds, "length of each phase")->capture_default_str();
  app.add_option("--max-requests", o.max_requests, "at most this many calls per phase")->capture_default_str();
  app.add_option("--concurrency", o.concurrency, "calls in flight in the closed loops")->capture_default_str();
  app.add_option("--rate", o.rate, "requests/s of the cached open loop")->capture_default_str();
  app.add_option("--light-rate", o.light_rate, "requests/s of the light open loops (both services)")
      ->capture_default_str();
  app.add_option("--handler-threads", o.handler_threads, "service handler threads")->capture_default_str();
}

void RunCachePhases(const IssueCall& cached, const IssueCall& uncached, std::size_t distinct_queries,
                    const LoadOptions& o) {
  const LoopLimits limits{.seconds = o.seconds, .max_requests = o.max_requests};
  const LoopLimits warm{.seconds = 2, .max_requests = static_cast<int>(distinct_queries) * 20};
  ClosedLoop(cached, o.concurrency, warm);  // fills the cache, warms connections
  ClosedLoop(uncached, o.concurrency, warm);

  const Summary cached_closed = Print("cached, closed loop", ClosedLoop(cached, o.concurrency, limits));
  const Summary cached_open =
      Print(absl::StrCat("cached, open loop ", o.rate, " req/s"), OpenLoop(cached, o.rate, limits));
  const Summary uncached_closed = Print("uncached, closed loop", ClosedLoop(uncached, o.concurrency, limits));
  const Summary cached_light =
      Print(absl::StrCat("cached, open loop ", o.light_rate, " req/s"), OpenLoop(cached, o.light_rate, limits));
  const Summary uncached_light =
      Print(absl::StrCat("uncached, open loop ", o.light_rate, " req/s"), OpenLoop(uncached, o.light_rate, limits));
  std::printf("cache speedup: throughput %.1fx, p50 %.1fx, p99 %.1fx (closed loop); p50 %.1fx, p99 %.1fx at %.0f "
              "req/s\n",
              cached_closed.throughput / uncached_closed.throughput, uncached_closed.p50 / cached_closed.p50,
              uncached_closed.p99 / cached_closed.p99, uncached_light.p50 / cached_light.p50,
              uncached_light.p99 / cached_light.p99, o.light_rate);
  std::printf("target (cached p99 < %.0f ms at %.0f req/s): %s\n", o.target_p99_ms, o.rate,
              cached_open.p99 < o.target_p99_ms ? "met" : "NOT met");
}

}  // namespace opmon::bench
