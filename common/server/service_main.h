#pragma once
// The whole main() of an opmon service binary, so the four mains hold only
// what differs: their defaults, extra flags and the services they register.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/server/server_options.h"

namespace CLI {
class App;
}

namespace opmon::server {

class Server;

struct ServiceMainSpec {
  ServerOptions defaults;
  std::string description;
  std::string env_prefix;  // e.g. OPMON_CONFIG
  // Registers service-specific flags (may be empty).
  std::function<void(CLI::App&)> add_flags;
  // Builds the service objects and registers them on the server. Anything it
  // creates must live until the server stops: keep it in `keep_alive`.
  std::function<absl::Status(Server&, std::vector<std::shared_ptr<void>>& keep_alive)> setup;
};

// Parses flags, creates the server, runs until SIGTERM. Exit codes: 0 clean
// stop, 1 runtime failure, 2 bad flags.
int ServiceMain(int argc, char** argv, ServiceMainSpec spec);

}  // namespace opmon::server
