#include "common/server/service_main.h"

#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "common/log/log.h"
#include "common/server/server.h"

namespace opmon::server {

int ServiceMain(int argc, char** argv, ServiceMainSpec spec) {
  ServerOptions options = spec.defaults;
  CLI::App app{spec.description, options.binary};
  ServiceFlags flags(app, spec.env_prefix);
  AddServerFlags(flags, options);
  if (spec.add_flags) spec.add_flags(flags);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  auto server = Server::Create(options);
  if (!server.ok()) {
    log::Error("cannot start", {{"error", std::string(server.status().message())}});
    return 2;
  }
  std::vector<std::shared_ptr<void>> keep_alive;
  if (absl::Status s = spec.setup(**server, keep_alive); !s.ok()) {
    log::Error("cannot start", {{"error", std::string(s.message())}});
    return 1;
  }
  absl::Status status = (*server)->Run();
  if (!status.ok()) {
    log::Error("server failed", {{"error", std::string(status.message())}});
    return 1;
  }
  return 0;
}

}  // namespace opmon::server
