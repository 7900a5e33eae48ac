#include "clients/opmonctl/crash_summary_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/table.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct CrashSummaryOptions {
  std::string channel, platform, application;
  std::vector<std::string> measures;
};

std::string Rate(bool has, double value) { return has ? absl::StrFormat("%.2f", value) : "-"; }

nlohmann::json Optional(bool has, double value) { return has ? nlohmann::json(value) : nlohmann::json(nullptr); }

std::string ChangeName(v1::CrashRateChange change) {
  switch (change) {
    case v1::CRASH_RATE_CHANGE_NONE:
      return "none";
    case v1::CRASH_RATE_CHANGE_INCREASE:
      return "increase";
    case v1::CRASH_RATE_CHANGE_DECREASE:
      return "decrease";
    default:
      return "unknown";
  }
}

// "+50% INCREASE" beyond ±25%, "+3%" within, "" without a comparison.
std::string ChangeCell(const v1::CrashMeasureSummary& m) {
  if (!m.has_change_percent()) return "";
  std::string cell = absl::StrFormat("%+.0f%%", m.change_percent());
  if (m.change() == v1::CRASH_RATE_CHANGE_INCREASE || m.change() == v1::CRASH_RATE_CHANGE_DECREASE) {
    cell += " " + ChangeName(m.change());
  }
  return cell;
}

nlohmann::json ToJson(const v1::GetCrashSummaryResponse& r) {
  nlohmann::json out = {{"channel", r.channel()},         {"application", r.application()},
                        {"current_version", r.current_version()}, {"last_window", r.last_window()},
                        {"data_version", r.data_version()}, {"platforms", nlohmann::json::array()}};
  for (const v1::CrashPlatformSummary& p : r.platforms()) {
    nlohmann::json platform = {{"platform", p.platform()},
                               {"summary_rate", Optional(p.has_summary_rate(), p.summary_rate())},
                               {"measures", nlohmann::json::array()}};
    for (const v1::CrashMeasureSummary& m : p.measures()) {
      nlohmann::json measure = {{"measure", m.measure()},
                                {"change_percent", Optional(m.has_change_percent(), m.change_percent())},
                                {"change", ChangeName(m.change())},
                                {"versions", nlohmann::json::array()}};
      for (const v1::CrashVersionRate& v : m.versions()) {
        measure["versions"].push_back({{"version", v.version()},
                                       {"first_window", v.first_window()},
                                       {"field_seconds", v.field_seconds()},
                                       {"count", v.count()},
                                       {"usage_hours", v.usage_hours()},
                                       {"rate", Optional(v.has_rate(), v.rate())},
                                       {"adjusted_count", v.adjusted_count()},
                                       {"adjusted_usage_hours", v.adjusted_usage_hours()},
                                       {"adjusted_rate", Optional(v.has_adjusted_rate(), v.adjusted_rate())}});
      }
      platform["measures"].push_back(std::move(measure));
    }
    out["platforms"].push_back(std::move(platform));
  }
  return out;
}

void PrintTables(const v1::GetCrashSummaryResponse& r) {
  std::cout << r.application() << " " << r.channel() << ", current version "
            << (r.current_version().empty() ? "none" : r.current_version()) << ", data until "
            << (r.last_window().empty() ? "-" : r.last_window()) << " (rates per 1,000 usage hours)\n";
  for (const v1::CrashPlatformSummary& p : r.platforms()) {
    std::cout << "\n" << p.platform() << ": summary rate (main + content) "
              << Rate(p.has_summary_rate(), p.summary_rate()) << "\n";
    Table table({"MEASURE", "VERSION", "DAYS", "COUNT", "RATE", "ADJUSTED", "CHANGE"});
    for (const v1::CrashMeasureSummary& m : p.measures()) {
      for (int i = 0; i < m.versions_size(); ++i) {
        const v1::CrashVersionRate& v = m.versions(i);
        table.AddRow({i == 0 ? m.measure() : "", v.version(),
                      absl::StrFormat("%.1f", static_cast<double>(v.field_seconds()) / 86400.0),
                      std::to_string(v.count()), Rate(v.has_rate(), v.rate()),
                      Rate(v.has_adjusted_rate(), v.adjusted_rate()), i == 0 ? ChangeCell(m) : ""});
      }
    }
    table.Print(std::cout);
  }
}

int RunCrashSummary(const GlobalOptions& g, const CrashSummaryOptions& o) {
  v1::GetCrashSummaryRequest request;
  request.set_channel(o.channel);
  request.set_platform(o.platform);
  request.set_application(o.application);
  for (const std::string& m : o.measures) request.add_measures(m);
  return PrintAnswer(g, Call(g, &v1::StatisticsService::Stub::GetCrashSummary, request), ToJson, PrintTables);
}

}  // namespace

void AddCrashSummaryCommand(const Commands& crashes) {
  auto options = std::make_shared<CrashSummaryOptions>();
  CLI::App* cmd = crashes.Add(
      "summary", "crash rates per platform and measure of the current major version and the three before it", options,
      RunCrashSummary);
  cmd->add_option("--channel", options->channel, "channel, e.g. release")->required();
  cmd->add_option("--platform", options->platform, "only this platform (os_name), e.g. Windows_NT");
  cmd->add_option("--application", options->application, "application; default Firefox");
  cmd->add_option("--measure", options->measures, "only these measures (repeatable), e.g. main_crashes");
}

}  // namespace opmon::ctl
