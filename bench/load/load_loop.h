#pragma once
// Load loops of the gRPC query benchmarks (QueryStatistics,
// QueryErrorAggregates): a closed loop (a fixed number of calls in flight)
// and an open loop (calls started at a fixed rate, latency measured from each
// call's scheduled start, so queueing counts), with their latency summary.
// The benchmark supplies how one call is issued and checked.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace CLI {
class App;
}

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

// Calls cycling through `queries` (each has a `request`), started with
// `start(context, request, response, on_done)` (a callback-API stub method)
// with a 30 s deadline; an answer is right when `right(query, response)`.
template <typename Response, typename Query, typename Start, typename Right>
IssueCall CyclingCalls(const std::vector<Query>& queries, Start start, Right right) {
  return [&queries, start, right](std::size_t i, CallDone done) {
    struct Call {
      grpc::ClientContext context;
      Response response;
    };
    const Query& query = queries[i % queries.size()];
    auto* call = new Call();  // deleted by its callback
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    start(&call->context, &query.request, &call->response,
          [call, &query, right, done = std::move(done)](grpc::Status status) {
            const bool expected = right(query, call->response);
            delete call;
            done(status, expected);
          });
  };
}

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

// What every cache benchmark sets, with its flags (--seconds, --max-requests,
// --concurrency, --rate, --light-rate, --handler-threads).
struct LoadOptions {
  double seconds = 10;
  int max_requests = 200000;
  int concurrency = 32;
  double rate = 5000;        // the cached open loop, where the p99 target holds
  double light_rate = 200;  // open loops on both services: the latency the cache saves
  int handler_threads = 8;
  double target_p99_ms = 5;
};
void AddLoadFlags(CLI::App& app, LoadOptions& options);

// Warms both services (fills the cache), then runs and prints: closed loop
// cached, open loop cached at `rate`, closed loop uncached, open loops at
// `light_rate` on both; then the cache speedup and whether the cached p99 at
// `rate` is under the target.
void RunCachePhases(const IssueCall& cached, const IssueCall& uncached, std::size_t distinct_queries,
                    const LoadOptions& options);

}  // namespace opmon::bench
