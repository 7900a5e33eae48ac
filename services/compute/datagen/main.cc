// opmon-datagen: creates and fills the synthetic telemetry warehouse
// (telemetry.main, telemetry.crash, telemetry.events). See docs/datagen.md.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "common/errors/error_aggregates.h"
#include "common/time/civil_day.h"
#include "nlohmann/json.hpp"
#include "services/compute/datagen/catalog.h"
#include "services/compute/datagen/live_warehouse.h"
#include "services/compute/datagen/warehouse_generation.h"

namespace {

using opmon::datagen::WarehouseLoadReport;
using opmon::datagen::WarehouseOptions;

// {"unknown_application": n, ...}: every reason, in the enum's order.
nlohmann::json RejectedPingsJson(const WarehouseLoadReport& r) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [reason, name] : opmon::errors::kRejectReasonNames) {
    out[std::string(name)] = r.rejected_pings[static_cast<int>(reason)];
  }
  return out;
}

void PrintReport(const WarehouseOptions& o, const WarehouseLoadReport& r, bool json) {
  const auto rate = [](int64_t rows, double seconds) { return seconds > 0 ? rows / seconds : 0.0; };
  if (json) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& t : r.tables) {
      tables.push_back({{"table", std::string(t.table)},
                        {"rows", t.rows},
                        {"bytes", t.bytes},
                        {"rows_per_second", rate(t.rows, r.stream_seconds)}});
    }
    nlohmann::json out = {
        {"seed", o.params.seed},
        {"clients", o.params.clients},
        {"days", o.days},
        {"first_date", opmon::time::FormatCivilDay(o.end_date - (o.days - 1))},
        {"end_date", opmon::time::FormatCivilDay(o.end_date)},
        {"tables", tables},
        {"malformed_pings", r.malformed_pings},
        {"rejected_pings", RejectedPingsJson(r)},
        {"total_rows", r.total_rows()},
        {"stream_seconds", r.stream_seconds},
        {"finish_seconds", r.finish_seconds},
        {"total_seconds", r.total_seconds},
        {"rows_per_second", rate(r.total_rows(), r.total_seconds)},
    };
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << absl::StrFormat("opmon-datagen: seed %d, %d clients, %d day(s) %s..%s\n", o.params.seed,
                               o.params.clients, o.days, opmon::time::FormatCivilDay(o.end_date - (o.days - 1)),
                               opmon::time::FormatCivilDay(o.end_date));
  std::cout << absl::StrFormat("%-18s %12s %10s %12s\n", "table", "rows", "MB", "rows/s");
  for (const auto& t : r.tables) {
    std::cout << absl::StrFormat("%-18s %12d %10.1f %12.0f\n", std::string(t.table), t.rows, t.bytes / 1e6,
                                 rate(t.rows, r.stream_seconds));
  }
  std::cout << absl::StrFormat("%-18s %12d %10s %12.0f\n", "total", r.total_rows(), "",
                               rate(r.total_rows(), r.total_seconds));
  std::cout << absl::StrFormat(
      "malformed pings: %d; generate+COPY %.2f s, index+analyze+commit %.2f s, total %.2f s\n",
      r.malformed_pings, r.stream_seconds, r.finish_seconds, r.total_seconds);
  std::cout << "pings to reject:";
  for (const auto& [reason, name] : opmon::errors::kRejectReasonNames) {
    std::cout << " " << name << " " << r.rejected_pings[static_cast<int>(reason)];
  }
  std::cout << "\n";
}

// --live / --live-ndjson: the live event tables or their NDJSON, instead of
// the telemetry tables. Returns the exit code.
int RunLive(const WarehouseOptions& o, const opmon::datagen::LiveParams& params, const std::string& ndjson,
            bool json) {
  const opmon::datagen::LiveRange range{o.end_date - (o.days - 1), o.end_date, o.replace};
  if (!ndjson.empty()) {
    std::ofstream out(ndjson);
    if (!out) {
      std::cerr << "opmon-datagen: cannot write " << ndjson << "\n";
      return 1;
    }
    const int64_t lines = opmon::datagen::WriteLiveNdjson(params, range, out);
    out.close();
    if (!out) {
      std::cerr << "opmon-datagen: writing " << ndjson << " failed\n";
      return 1;
    }
    if (json) {
      std::cout << nlohmann::json{{"ndjson", ndjson}, {"lines", lines}}.dump(2) << "\n";
    } else {
      std::cout << absl::StrFormat("opmon-datagen: %d live events written to %s\n", lines, ndjson);
    }
    return 0;
  }
  auto report = opmon::datagen::LoadLiveWarehouse(o.warehouse_url, params, range);
  if (!report.ok()) {
    std::cerr << "opmon-datagen: " << report.status().message() << "\n";
    return 1;
  }
  if (json) {
    std::cout << nlohmann::json{{"normandy_rows", report->normandy_rows},
                                {"nimbus_events_rows", report->nimbus_events_rows}}.dump(2)
              << "\n";
  } else {
    std::cout << absl::StrFormat("opmon-datagen: live events: telemetry.normandy %d rows, telemetry.nimbus_events %d rows\n",
                                 report->normandy_rows, report->nimbus_events_rows);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"opmon-datagen: fill the telemetry.* warehouse with synthetic Firefox telemetry", "opmon-datagen"};
  WarehouseOptions o;
  o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string end_date;
  bool json = false;
  bool print_experiments = false;
  bool live = false;
  std::string live_ndjson;
  opmon::datagen::LiveParams live_params;
  app.add_option("--warehouse-url", o.warehouse_url, "PostgreSQL DSN of the warehouse (fallback: OPMON_DB_URL)")
      ->envname("OPMON_WAREHOUSE_URL");
  app.add_option("--seed", o.params.seed, "random seed: equal seeds and sizes give equal rows")
      ->envname("OPMON_DATAGEN_SEED")->capture_default_str();
  app.add_option("--clients", o.params.clients, "number of clients")
      ->envname("OPMON_DATAGEN_CLIENTS")->capture_default_str();
  app.add_option("--days", o.days, "number of days, ending at --end-date")
      ->envname("OPMON_DATAGEN_DAYS")->capture_default_str();
  app.add_option("--end-date", end_date, "last submission_date, YYYY-MM-DD (default: yesterday, UTC)")
      ->envname("OPMON_DATAGEN_END_DATE");
  app.add_option("--pings-per-client-mean", o.params.pings_per_client_mean,
                 "mean main pings per ordinary client and day (heavy-tailed)")
      ->envname("OPMON_DATAGEN_PINGS_PER_CLIENT_MEAN")->capture_default_str();
  app.add_option("--heavy-clients", o.params.heavy_clients,
                 "clients with 10,000+ pings a day (-1: max(1, clients/50000))")
      ->capture_default_str();
  app.add_option("--malformed-rate", o.params.malformed_rate,
                 "share of main pings with one malformed histogram")
      ->envname("OPMON_DATAGEN_MALFORMED_RATE")->capture_default_str();
  app.add_option("--reject-rate", o.params.reject_rate,
                 "share of main pings and of crash pings the error aggregation must reject (one reason each)")
      ->envname("OPMON_DATAGEN_REJECT_RATE")->capture_default_str();
  app.add_flag("--replace", o.replace, "replace rows already in the date range");
  app.add_option("--threads", o.threads, "generator threads")->capture_default_str();
  app.add_option("--copy-streams", o.main_streams,
                 "parallel COPY connections into telemetry.main (1: one transaction, COPY FREEZE)")
      ->capture_default_str();
  app.add_option("--clients-per-block", o.clients_per_block, "clients per unit of work")->capture_default_str();
  app.add_flag("--live", live,
               "fill the live event tables (telemetry.normandy, telemetry.nimbus_events) instead of the others");
  app.add_option("--live-ndjson", live_ndjson, "write the live events as NDJSON to this file instead (no database)");
  app.add_option("--live-clients", live_params.clients, "scale of live enrollments per experiment and day")
      ->capture_default_str();
  app.add_option("--live-late-rate", live_params.late_rate, "share of live events arriving 1-20 minutes late")
      ->capture_default_str();
  app.add_option("--live-duplicate-rate", live_params.duplicate_rate, "share of live events sent twice (same id)")
      ->capture_default_str();
  app.add_option("--live-malformed-rate", live_params.malformed_rate, "share of malformed live events")
      ->capture_default_str();
  app.add_flag("--json", json, "print the load report as JSON");
  app.add_flag("--print-experiments", print_experiments,
               "print the experiments registry entries (YAML) and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (print_experiments) {
    std::cout << opmon::datagen::RenderExperimentsYaml();
    return 0;
  }
  if (o.warehouse_url.empty()) {
    if (const char* db = std::getenv("OPMON_DB_URL")) o.warehouse_url = db;
  }
  if (end_date.empty()) {
    o.end_date = opmon::time::TodayUtc() - 1;
  } else {
    auto day = opmon::time::ParseCivilDay(end_date, "--end-date");
    if (!day.ok()) {
      std::cerr << "opmon-datagen: " << day.status().message() << "\n";
      return 2;
    }
    o.end_date = *day;
  }
  live_params.seed = o.params.seed;
  if (!live_ndjson.empty()) {
    if (o.days < 1) {
      std::cerr << "opmon-datagen: --days: " << o.days << " is not positive\n";
      return 2;
    }
    return RunLive(o, live_params, live_ndjson, json);
  }
  if (absl::Status s = opmon::datagen::ValidateWarehouseOptions(o); !s.ok()) {
    std::cerr << "opmon-datagen: " << s.message() << "\n";
    return 2;
  }
  if (live) return RunLive(o, live_params, live_ndjson, json);
  auto report = opmon::datagen::GenerateWarehouse(o);
  if (!report.ok()) {
    std::cerr << "opmon-datagen: " << report.status().message() << "\n";
    return 1;
  }
  PrintReport(o, *report, json);
  return 0;
}
