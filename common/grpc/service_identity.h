#pragma once
// Who each opmon service is: binary name, gRPC service (the health status
// key), default ports and environment prefix. Service mains and opmonctl's
// default addresses read this one table (deploy/local/stack.sh uses the same
// ports).

#include <array>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace opmon::grpc_edge {

struct ServiceIdentity {
  std::string_view name;          // config
  std::string_view grpc_service;  // opmon.v1.ConfigService
  int grpc_port;                  // default, on 127.0.0.1
  int metrics_port;               // default /metrics, on 127.0.0.1
  std::string_view env_prefix;    // OPMON_CONFIG

  std::string binary() const { return absl::StrCat("opmon-", std::string(name)); }
  std::string default_address() const { return absl::StrCat("127.0.0.1:", grpc_port); }
  std::string default_metrics_address() const { return absl::StrCat("127.0.0.1:", metrics_port); }
};

inline constexpr ServiceIdentity kConfigService{"config", "opmon.v1.ConfigService", 7101, 9101, "OPMON_CONFIG"};
inline constexpr ServiceIdentity kComputeService{"compute", "opmon.v1.ComputeService", 7102, 9102, "OPMON_COMPUTE"};
inline constexpr ServiceIdentity kStatisticsService{"statistics", "opmon.v1.StatisticsService", 7103, 9103,
                                                    "OPMON_STATISTICS"};
inline constexpr ServiceIdentity kLookmlService{"lookml", "opmon.v1.LookmlService", 7104, 9104, "OPMON_LOOKML"};

inline constexpr std::array<ServiceIdentity, 4> kAllServices{kConfigService, kComputeService, kStatisticsService,
                                                             kLookmlService};

// The service called `name` (config, compute, statistics, lookml); nullptr
// for any other name.
inline const ServiceIdentity* FindService(std::string_view name) {
  for (const ServiceIdentity& id : kAllServices) {
    if (id.name == name) return &id;
  }
  return nullptr;
}

}  // namespace opmon::grpc_edge
