// Benchmarks of the statistics kernels. Ratios against the reference
// JavaScript are printed by reference_node.js, which runs the reference in
// Node and this binary in the same script (docs/performance.md).
//
// --kernels_check=FILE (before the benchmark flags): compare the native
// jackknife/bootstrap results with the reference outputs in FILE (written by
// reference_node.js) and exit 1 on any difference.

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "services/compute/kernels/bootstrap.h"
#include "services/compute/kernels/histogram_accumulator.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/histogram_parse.h"
#include "services/compute/kernels/jackknife.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/percentile_ci.h"
#include "simdjson.h"

namespace opmon::kernels {
namespace {

const std::vector<double> kPercentiles = {1, 5, 25, 50, 75, 95, 99};

// Same formula as reference_node.js: exact in both languages.
std::vector<Bucket> BenchHistogram(int n) {
  std::vector<Bucket> h;
  for (int i = 0; i < n; ++i) h.push_back({static_cast<double>(i), ((i * 7919) % 1000 + 1) / 37.0});
  return h;
}

void BM_Jackknife(benchmark::State& state) {
  const auto h = BenchHistogram(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(JackknifePercentileCi(h, kPercentiles));
}
BENCHMARK(BM_Jackknife)->Arg(100)->Arg(1000)->Arg(10000);

void BM_JackknifeQuadratic(benchmark::State& state) {
  const auto h = BenchHistogram(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(JackknifePercentileCiQuadratic(h, kPercentiles));
}
BENCHMARK(BM_JackknifeQuadratic)->Arg(100)->Arg(1000);

void BM_Bootstrap(benchmark::State& state) {
  const auto h = BenchHistogram(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(BootstrapPercentileCi(h, kPercentiles, 1));
}
BENCHMARK(BM_Bootstrap)->Arg(100)->Arg(1000)->Arg(10000);

void BM_Binomial(benchmark::State& state) {
  PercentileCiRequest request;
  request.histogram = BenchHistogram(static_cast<int>(state.range(0)));
  request.percentiles = kPercentiles;
  for (auto _ : state) benchmark::DoNotOptimize(ComputePercentileCi(request));
}
BENCHMARK(BM_Binomial)->Arg(100)->Arg(1000);

// Telemetry-like histogram JSON: an exponential histogram with 20-40 of its
// 100 buckets set (the shape of Firefox main-ping histograms).
std::vector<std::string> TelemetryJson(int count) {
  Mulberry32 rng(3);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string s = R"({"bucket_count":100,"histogram_type":0,"sum":)" +
                    std::to_string(static_cast<int>(rng.Next() * 100000)) +
                    R"(,"range":[1,10000],"values":{)";
    const int set = 20 + static_cast<int>(rng.Next() * 20);
    int key = 0;
    for (int b = 0; b < set; ++b) {
      key += 1 + static_cast<int>(rng.Next() * 3);
      s += (b ? "," : "") + std::string("\"") + std::to_string(key) + "\":" +
           std::to_string(static_cast<int>(rng.Next() * 500));
    }
    s += "}}";
    out.push_back(std::move(s));
  }
  return out;
}

// Parses every document of `docs` per iteration; reports bytes per second.
void ParseEach(benchmark::State& state, const std::vector<std::string>& docs) {
  size_t bytes = 0;
  for (const auto& d : docs) bytes += d.size();
  HistogramParser parser;
  Histogram h;
  for (auto _ : state) {
    for (const auto& d : docs) benchmark::DoNotOptimize(parser.Parse(d, h));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

void BM_ParseFirefoxJson(benchmark::State& state) {
  const auto docs = TelemetryJson(1000);
  ParseEach(state, docs);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
}
BENCHMARK(BM_ParseFirefoxJson);

// A client's histograms as the warehouse's json_agg returns them: an array
// of 10 telemetry objects. ParseAll (On-Demand, one pass) against the DOM
// parse of each element on its own, the per-element baseline.
std::vector<std::string> ClientArrays(int clients, std::vector<std::vector<std::string>>* elements) {
  const auto docs = TelemetryJson(clients * 10);
  std::vector<std::string> out;
  for (int c = 0; c < clients; ++c) {
    std::string array = "[";
    std::vector<std::string> parts;
    for (int p = 0; p < 10; ++p) {
      const std::string& d = docs[static_cast<size_t>(c * 10 + p)];
      array += (p ? ", " : "") + d;
      parts.push_back(d);
    }
    out.push_back(array + "]");
    if (elements != nullptr) elements->push_back(std::move(parts));
  }
  return out;
}

void BM_ParseClientArray(benchmark::State& state) {
  const auto arrays = ClientArrays(100, nullptr);
  size_t bytes = 0;
  for (const auto& a : arrays) bytes += a.size();
  HistogramParser parser;
  std::vector<Bucket> out;
  for (auto _ : state) {
    for (const auto& a : arrays) {
      out.clear();
      benchmark::DoNotOptimize(parser.ParseAll(a, out));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ParseClientArray);

void BM_ParseClientArrayPerElementBaseline(benchmark::State& state) {
  std::vector<std::vector<std::string>> elements;
  const auto arrays = ClientArrays(100, &elements);
  size_t bytes = 0;
  for (const auto& a : arrays) bytes += a.size();
  HistogramParser parser;
  Histogram h;
  std::vector<Bucket> out;
  for (auto _ : state) {
    for (const auto& parts : elements) {
      out.clear();
      for (const auto& p : parts) {
        benchmark::DoNotOptimize(parser.Parse(p, h));
        out.insert(out.end(), h.values.begin(), h.values.end());
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ParseClientArrayPerElementBaseline);

void BM_ParseCompact(benchmark::State& state) {
  std::vector<std::string> docs;
  for (int i = 0; i < 1000; ++i) {
    docs.push_back("20;1;" + std::to_string(i) + ";1,20;0:" + std::to_string(i % 7) + ",3:" +
                   std::to_string(i % 13) + ",7:4,12:1");
  }
  ParseEach(state, docs);
}
BENCHMARK(BM_ParseCompact);

// The buckets of `n` telemetry histograms, sorted by bucket when `canonical`
// (as MergeInto needs), else as parsed.
std::vector<std::vector<Bucket>> ParsedHistograms(int n, bool canonical) {
  HistogramParser parser;
  std::vector<std::vector<Bucket>> histograms;
  for (const auto& d : TelemetryJson(n)) {
    Histogram h;
    (void)parser.Parse(d, h);
    if (canonical) Canonicalize(h.values);
    histograms.push_back(h.values);
  }
  return histograms;
}

void BM_MergeHistograms(benchmark::State& state) {
  const std::vector<std::vector<Bucket>> histograms = ParsedHistograms(1000, /*canonical=*/true);
  for (auto _ : state) {
    std::vector<Bucket> acc;
    for (const auto& h : histograms) MergeInto(acc, h);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * histograms.size()));
}
BENCHMARK(BM_MergeHistograms);

void BM_AccumulateClientHistograms(benchmark::State& state) {
  const std::vector<std::vector<Bucket>> histograms = ParsedHistograms(1000, /*canonical=*/false);
  for (auto _ : state) {
    HistogramAccumulator acc;
    uint64_t c = 0;
    for (const auto& h : histograms) benchmark::DoNotOptimize(acc.AddClient(++c * 0x9E3779B97F4A7C15ull, h));
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * histograms.size()));
}
BENCHMARK(BM_AccumulateClientHistograms);

bool Same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Returns the number of mismatching rows, or -1 if the file cannot be read.
int CheckAgainstReference(const char* path) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.load(path).get(root) != simdjson::SUCCESS) return -1;
  int rows = 0, mismatches = 0;
  // Values are copied out of simdjson_result temporaries before iterating.
  simdjson::dom::array cases;
  if (root["cases"].get_array().get(cases) != simdjson::SUCCESS) return -1;
  for (simdjson::dom::element c : cases) {
    std::string_view method;
    int64_t buckets = 0, seed = 0;
    simdjson::dom::array percentiles, expected;
    if (c["method"].get_string().get(method) != simdjson::SUCCESS ||
        c["buckets"].get_int64().get(buckets) != simdjson::SUCCESS ||
        c["percentiles"].get_array().get(percentiles) != simdjson::SUCCESS ||
        c["expected"].get_array().get(expected) != simdjson::SUCCESS) {
      return -1;
    }
    if (c["seed"].get_int64().get(seed) != simdjson::SUCCESS) seed = 0;
    const auto h = BenchHistogram(static_cast<int>(buckets));
    std::vector<double> p;
    for (simdjson::dom::element x : percentiles) {
      double v = 0;
      if (x.get_double().get(v) != simdjson::SUCCESS) return -1;
      p.push_back(v);
    }
    auto got = method == "jackknife" ? JackknifePercentileCi(h, p)
                                     : BootstrapPercentileCi(h, p, static_cast<uint32_t>(seed));
    size_t i = 0;
    for (simdjson::dom::element row : expected) {
      auto num = [&](const char* key) {
        simdjson::dom::element e;
        double v = NAN;
        if (row[key].get(e) == simdjson::SUCCESS && !e.is_null() &&
            e.get_double().get(v) != simdjson::SUCCESS) {
          v = NAN;
        }
        return v;
      };
      ++rows;
      if (!got.ok() || i >= got->size() || !Same((*got)[i].point, num("point")) ||
          !Same((*got)[i].lower, num("lower")) || !Same((*got)[i].upper, num("upper"))) {
        ++mismatches;
      }
      ++i;
    }
  }
  std::printf("reference check: %d rows compared, %d differ\n", rows, mismatches);
  return mismatches;
}

}  // namespace
}  // namespace opmon::kernels

int main(int argc, char** argv) {
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    constexpr const char* kFlag = "--kernels_check=";
    if (std::strncmp(argv[i], kFlag, std::strlen(kFlag)) == 0) {
      const int bad = opmon::kernels::CheckAgainstReference(argv[i] + std::strlen(kFlag));
      if (bad != 0) return 1;
      continue;
    }
    args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
