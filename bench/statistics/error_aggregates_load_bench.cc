// Load benchmark of QueryErrorAggregates through gRPC on loopback, cached and
// uncached (docs/performance.md target: cached p99 under 5 ms at 2,000
// requests/s).
//
// Sets up everything itself: a throwaway PostgreSQL cluster, `--days` days of
// 5-minute windows in opmon.error_aggregates (3 channels x 4 versions x 3
// OSes, population rows plus one experiment's two branches) written with
// plain SQL and the @error_aggregates data version bumped, and two
// opmon-statistics processes: one with the default cache, one with
// --cache-bytes 0. The queries are crash dashboard tiles: one channel and OS,
// main and content crashes and usage hours per window and version over the
// last `--hours` hours. Phases, each bounded by --seconds and --max-requests:
// closed loop (cached), open loop at --rate (cached), closed loop (uncached),
// open loop at --light-rate on both. Every answer is checked (status OK, the
// expected number of groups). The client calls the method raw and counts the
// answer's groups on the wire without decoding them: it shares the two cores
// with the service, and decoding 1,152 groups per answer would cost the
// client more CPU than the service spends on a cached answer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "bench/built_trees.h"
#include "bench/load/load_loop.h"
#include "bench/statistics/statistics_bench.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::bench {
namespace {


struct Options {
  LoadOptions load{.rate = 2000};
  int days = 14;
  int hours = 24;
};

constexpr const char* kChannels[] = {"release", "beta", "nightly"};
constexpr const char* kOses[] = {"Windows", "Linux", "Darwin"};
constexpr int kVersions = 4;
const absl::Time kFirstWindow = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z

// Every window of every (channel, version, OS) once with experiment_id NULL,
// and two windows an hour again per branch of one experiment.
std::string SeedSql(int days) {
  return absl::StrCat(
      "INSERT INTO opmon.error_aggregates (window_start, channel, version, display_version, build_id, application, "
      "os_name, os_version, architecture, country, experiment_id, experiment_branch, count, subsession_count, "
      "usage_hours, main_crashes, content_crashes) "
      "SELECT ts, c, v || '.0', v || '.0', '2026' || v || '000000', 'Firefox', o, '10.0', 'x86-64', 'DE', e, b, "
      "100, 100, 50.0, (extract(epoch FROM ts)::bigint + length(c) + length(o)) % 7, v::int % 5 "
      "FROM generate_series(timestamptz '2026-01-01 00:00:00+00', timestamptz '2026-01-01 00:00:00+00' + interval '",
      days, " days' - interval '5 minutes', interval '5 minutes') ts, "
      "unnest(ARRAY['release', 'beta', 'nightly']) c, unnest(ARRAY['120', '121', '122', '123']) v, "
      "unnest(ARRAY['Windows', 'Linux', 'Darwin']) o, "
      "(VALUES (NULL, NULL), ('exp-a', 'control'), ('exp-a', 'treatment')) x(e, b) "
      "WHERE e IS NULL OR extract(minute FROM ts)::int % 50 = 0; "
      "INSERT INTO opmon.data_versions (slug, version) VALUES ('@error_aggregates', 1) "
      "ON CONFLICT (slug) DO UPDATE SET version = opmon.data_versions.version + 1");
}

struct Tile {
  grpc::ByteBuffer request;  // a serialised QueryErrorAggregatesRequest
  int expected_groups = 0;
};

grpc::ByteBuffer Serialised(const v1::QueryErrorAggregatesRequest& request) {
  grpc::ByteBuffer out;
  bool own = false;
  (void)grpc::SerializationTraits<v1::QueryErrorAggregatesRequest>::Serialize(request, &out, &own);
  return out;
}

// The number of `rows` (field 3) in a serialised QueryErrorAggregatesResponse,
// each skipped by its length; -1 when the bytes are not a well-formed message.
int CountRows(const grpc::ByteBuffer& answer) {
  std::vector<grpc::Slice> slices;
  if (!answer.Dump(&slices).ok()) return -1;
  std::string bytes;
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                           static_cast<int>(bytes.size()));
  int rows = 0;
  while (const std::uint32_t tag = in.ReadTag()) {
    if (google::protobuf::internal::WireFormatLite::GetTagFieldNumber(tag) == 3) ++rows;
    if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) return -1;
  }
  return in.ConsumedEntireMessage() ? rows : -1;
}

std::vector<Tile> Tiles(const Options& o) {
  std::vector<Tile> out;
  const absl::Time to = kFirstWindow + absl::Hours(24 * o.days);
  const absl::Time from = to - absl::Hours(o.hours);
  for (const char* channel : kChannels) {
    for (const char* os : kOses) {
      v1::QueryErrorAggregatesRequest request;
      for (const char* m : {"main_crashes", "content_crashes", "usage_hours"}) request.add_measurements(m);
      request.add_dimensions("version");
      for (const auto& [dimension, value] : {std::pair{"channel", channel}, std::pair{"os_name", os}}) {
        v1::ErrorAggregatesFilter* f = request.add_filters();
        f->set_dimension(dimension);
        f->add_values(value);
      }
      request.set_from(absl::FormatTime(absl::RFC3339_full, from, absl::UTCTimeZone()));
      request.set_to(absl::FormatTime(absl::RFC3339_full, to, absl::UTCTimeZone()));
      request.set_page_size(10000);
      out.push_back({.request = Serialised(request), .expected_groups = o.hours * 12 * kVersions});
    }
  }
  return out;
}

// Calls cycle through `tiles`; an answer is right when it has the tile's groups.
IssueCall Issuer(grpc::GenericStub& stub, const std::vector<Tile>& tiles) {
  return CyclingCalls<grpc::ByteBuffer>(
      tiles,
      [&stub](auto* context, auto* request, auto* response, auto on_done) {
        stub.UnaryCall(context, "/opmon.v1.StatisticsService/QueryErrorAggregates", grpc::StubOptions(), request,
                       response, std::move(on_done));
      },
      [](const Tile& t, const grpc::ByteBuffer& r) { return CountRows(r) == t.expected_groups; });
}

int Run(const Options& o) {
  auto bench = StartStatisticsBench(o.load.handler_threads);
  if (!bench.ok()) {
    std::fprintf(stderr, "%s\n", std::string(bench.status().message()).c_str());
    return 1;
  }
  if (absl::Status seeded = bench->cluster->Exec("bench", SeedSql(o.days)); !seeded.ok()) {
    std::fprintf(stderr, "seed: %s\n", std::string(seeded.message()).c_str());
    return 1;
  }
  const std::vector<Tile> tiles = Tiles(o);
  std::printf("%d days of windows (%d population rows); %zu distinct tile queries of %d groups each; "
              "%d handler threads\n",
              o.days, o.days * 288 * 3 * kVersions * 3, tiles.size(), tiles.front().expected_groups,
              o.load.handler_threads);

  grpc::GenericStub cached_stub(bench->cached->channel());
  grpc::GenericStub uncached_stub(bench->uncached->channel());
  RunCachePhases(Issuer(cached_stub, tiles), Issuer(uncached_stub, tiles), tiles.size(), o.load);
  return 0;
}

}  // namespace
}  // namespace opmon::bench

int main(int argc, char** argv) {
  opmon::bench::Options o;
  CLI::App app{"QueryErrorAggregates load benchmark (loopback gRPC, cached and uncached)"};
  opmon::bench::AddLoadFlags(app, o.load);
  app.add_option("--days", o.days, "days of 5-minute windows")->capture_default_str();
  app.add_option("--hours", o.hours, "hours each tile query covers (the last ones)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  opmon::bench::DefaultToBuiltTrees();
  return opmon::bench::Run(o);
}
