#pragma once
// Load loops of the gRPC query benchmarks (QueryStatistics,
// QueryErrorAggregates): a closed loop (a fixed number of calls in flight)
// and an open loop (calls started at a fixed rate, latency measured from each
// call's scheduled start, so queueing counts), with their latency summary.
// The benchmark supplies how one call is issued and checked.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace opmon::bench {

struct Sample {
  std::vector<double> latencies_ms;
  int errors = 0;
  int wrong_answers = 0;
  int skipped = 0;  // open loop: not sent because too many were in flight
  double elapsed_s = 0;
};

// Starts call number `i` asynchronously; it must call `done` exactly once, on
// any thread, with its status and whether the answer was the expected one.
using CallDone = std::function<void(const grpc::Status& status, bool expected_answer)>;
using IssueCall = std::function<void(std::size_t i, CallDone done)>;

struct LoopLimits {
  double seconds = 10;
  int max_requests = 200000;
};

// `concurrency` calls in flight until the limits.
Sample ClosedLoop(const IssueCall& issue, int concurrency, const LoopLimits& limits);

// `rate` calls per second until the limits (at most 2,000 in flight; more
// are counted as skipped).
Sample OpenLoop(const IssueCall& issue, double rate, const LoopLimits& limits);

struct Summary {
  double throughput = 0, p50 = 0, p90 = 0, p99 = 0;
};

// Prints one line: calls, throughput, p50/p90/p99, errors, wrong answers, skipped.
Summary Print(const std::string& name, const Sample& sample);

}  // namespace opmon::bench
