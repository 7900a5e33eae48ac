#pragma once
// Stops the Prometheus /metrics listener without its idle wait. civetweb's
// listening thread sees a stop request only when its poll() returns, which
// with no traffic takes up to 2 s; every service paid that on every exit.
// A connection to the port wakes it at once.

#include <memory>
#include <string_view>

namespace prometheus {
class Exposer;
}  // namespace prometheus

namespace opmon::server {

// Destroys `exposer` (listening on `listen`, actual port `port`), connecting
// to it meanwhile. A wildcard host is reached on loopback; where no
// connection can be made the stop simply takes civetweb's own time.
void StopExposer(std::unique_ptr<prometheus::Exposer> exposer, std::string_view listen, int port);

}  // namespace opmon::server
