#include "clients/opmonctl/status_command.h"

#include <iostream>
#include <string>
#include <vector>

#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_call.h"
#include "clients/opmonctl/table.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/common.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct ComponentStatus {
  std::string name;
  std::string address;
  bool up = false;
  std::string state;    // SERVING, NOT_SERVING, UNREACHABLE, ...
  std::string version;
  std::string detail;
};

ComponentStatus CheckService(const grpc_edge::ServiceIdentity& service, const std::string& address,
                             const grpc_edge::ClientChannelOptions& channel, double timeout) {
  ComponentStatus s;
  s.name = std::string(service.name);
  s.address = address;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(std::string(service.grpc_service));
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> health =
      CallUnary(address, channel, timeout, &grpc::health::v1::Health::Stub::Check, request);
  if (!health.ok()) {
    s.state = health.status().code() == absl::StatusCode::kUnavailable ? "UNREACHABLE" : "ERROR";
    s.detail = std::string(health.status().message());
    return s;
  }
  s.state = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(health->status());
  s.up = health->status() == grpc::health::v1::HealthCheckResponse::SERVING;
  absl::StatusOr<v1::GetInfoResponse> info =
      CallUnary(address, channel, timeout, &v1::InfoService::Stub::GetInfo, v1::GetInfoRequest());
  if (info.ok()) {
    s.version = info->version();
    s.detail = "instance " + info->instance() + ", schema v" + std::to_string(info->schema_version()) +
               (info->database_reachable() ? "" : ", database unreachable");
  } else {
    // Health is open; GetInfo needs a token, so a missing one shows here.
    s.detail = "GetInfo: " + absl::StatusCodeToString(info.status().code()) + ": " +
               std::string(info.status().message());
  }
  return s;
}

ComponentStatus CheckDatabase(const GlobalOptions& g, const std::vector<ComponentStatus>& services) {
  ComponentStatus s;
  s.name = "database";
  s.address = g.db_url.empty() ? "(as seen by the services)" : g.db_url;
  if (g.db_url.empty()) {
    // Without a DSN, the database is up when a service that reached it says so.
    for (const auto& svc : services) {
      if (svc.up) {
        s.up = true;
        s.state = "REACHABLE";
        s.detail = "reported by " + svc.name + "; pass --db-url to check directly";
        return s;
      }
    }
    s.state = "UNKNOWN";
    s.detail = "no service reached it; pass --db-url to check directly";
    return s;
  }
  pg::Pool pool(pg::PoolOptions{.dsn = g.db_url, .size = 1, .max_attempts = 1,
                                .connect_timeout_seconds = static_cast<int>(std::max(1.0, g.timeout_seconds))});
  if (absl::Status ping = pool.Ping(); !ping.ok()) {
    s.state = "UNREACHABLE";
    s.detail = std::string(ping.message());
    return s;
  }
  auto version = pg::CurrentSchemaVersion(pool);
  int wanted = pg::EmbeddedMigrations().empty() ? 0 : pg::EmbeddedMigrations().back().version;
  s.version = version.ok() ? "schema v" + std::to_string(*version) : "";
  if (version.ok() && *version < wanted) {
    s.state = "MIGRATION_PENDING";
    s.detail = "schema v" + std::to_string(*version) + " < v" + std::to_string(wanted) + "; run `opmonctl migrate`";
    return s;
  }
  s.up = true;
  s.state = "REACHABLE";
  return s;
}

int RunStatus(const GlobalOptions& g) {
  std::vector<ComponentStatus> all = {
      CheckService(grpc_edge::kConfigService, g.config_addr, g.channel, g.timeout_seconds),
      CheckService(grpc_edge::kComputeService, g.compute_addr, g.channel, g.timeout_seconds),
      CheckService(grpc_edge::kStatisticsService, g.statistics_addr, g.channel, g.timeout_seconds),
      CheckService(grpc_edge::kLookmlService, g.lookml_addr, g.channel, g.timeout_seconds),
  };
  all.push_back(CheckDatabase(g, all));
  bool all_up = true;
  for (const auto& s : all) all_up = all_up && s.up;
  if (g.json) {
    nlohmann::json out = {{"ok", all_up}, {"components", nlohmann::json::array()}};
    for (const auto& s : all) {
      out["components"].push_back({{"name", s.name}, {"address", s.address}, {"up", s.up},
                                   {"state", s.state}, {"version", s.version}, {"detail", s.detail}});
    }
    PrintJson(out);
  } else {
    PrintRows(std::cout, {"COMPONENT", "ADDRESS", "STATE", "VERSION", "DETAIL"}, all,
              [](const ComponentStatus& s) -> std::vector<std::string> {
                return {s.name, s.address, s.state, s.version, s.detail};
              });
  }
  return all_up ? 0 : 1;
}

}  // namespace

void AddStatusCommand(const Commands& commands) {
  commands.Add("status", "health and version of every service and the database", RunStatus);
}

}  // namespace opmon::ctl
