// Generation throughput of opmon-datagen without a database: client-days
// turned into COPY text, per thread. The warehouse load (run.sh) adds the
// server's COPY parsing on top.
#include "benchmark/benchmark.h"
#include "services/compute/datagen/client_profile.h"
#include "services/compute/datagen/copy_text.h"
#include "services/compute/datagen/day_generator.h"

namespace opmon::datagen {
namespace {

void BM_GenerateClientDaysAsCopyText(benchmark::State& state) {
  GenerationParams params;
  params.seed = 7;
  params.clients = 1000;
  params.heavy_clients = 0;
  params.pings_per_client_mean = 10;
  std::vector<ClientProfile> profiles;
  for (int64_t i = 0; i < params.clients; ++i) profiles.push_back(MakeClientProfile(params, i));
  DayGenerator generator(params);
  CopyTextSink sink;
  int64_t rows = 0;
  int64_t bytes = 0;
  int day = 0;
  for (auto _ : state) {
    sink.Clear();
    for (const ClientProfile& p : profiles) generator.Generate(p, absl::CivilDay(2024, 2, 1) + day, sink);
    ++day;
    for (auto t : {WarehouseTable::kMain, WarehouseTable::kCrash, WarehouseTable::kEvents}) {
      rows += sink.rows(t);
      bytes += static_cast<int64_t>(sink.buffer(t).size());
    }
    benchmark::DoNotOptimize(sink.buffer(WarehouseTable::kMain).data());
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_GenerateClientDaysAsCopyText)->Unit(benchmark::kMillisecond);

void BM_MakeClientProfile(benchmark::State& state) {
  GenerationParams params;
  int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(MakeClientProfile(params, i++));
}
BENCHMARK(BM_MakeClientProfile);

}  // namespace
}  // namespace opmon::datagen

BENCHMARK_MAIN();
