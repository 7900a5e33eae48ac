#pragma once
// The whole main() of an opmon service binary, so the four mains hold only
// what differs: their defaults, extra flags and the services they register.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/service_identity.h"
#include "common/server/server_options.h"
#include "common/server/service_flags.h"

namespace opmon::server {

class Server;

struct ServiceMainSpec {
  ServerOptions defaults;
  std::string description;
  std::string env_prefix;  // e.g. OPMON_CONFIG
  // Registers service-specific flags (may be empty).
  std::function<void(ServiceFlags&)> add_flags;
  // Builds the service objects and registers them on the server. Anything it
  // creates must live until the server stops: keep it in `keep_alive`.
  std::function<absl::Status(Server&, std::vector<std::shared_ptr<void>>& keep_alive)> setup;
};

// Parses flags, creates the server, runs until SIGTERM. Exit codes: 0 clean
// stop, 1 runtime failure, 2 bad flags.
int ServiceMain(int argc, char** argv, ServiceMainSpec spec);

// The spec of service `id` whose runtime is started by
// `Runtime::Start(Server&, const Flags&)` (returning
// StatusOr<shared_ptr<Runtime>>) and kept until the server stops. `flags`
// must outlive ServiceMain; the caller sets `add_flags` to fill it.
template <typename Runtime, typename Flags>
ServiceMainSpec ServiceSpec(const grpc_edge::ServiceIdentity& id, Flags& flags) {
  ServiceMainSpec spec;
  spec.defaults.binary = id.binary();
  spec.defaults.service_name = std::string(id.grpc_service);
  spec.defaults.listen = id.default_address();
  spec.defaults.metrics_listen = id.default_metrics_address();
  spec.description = absl::StrCat("opmon ", std::string(id.name), " service");
  spec.env_prefix = std::string(id.env_prefix);
  spec.setup = [&flags](Server& server, std::vector<std::shared_ptr<void>>& keep_alive) -> absl::Status {
    auto runtime = Runtime::Start(server, flags);
    if (!runtime.ok()) return runtime.status();
    keep_alive.push_back(*std::move(runtime));
    return absl::OkStatus();
  };
  return spec;
}

}  // namespace opmon::server
