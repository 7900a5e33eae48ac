#include "common/server/stop_exposer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "prometheus/exposer.h"

namespace opmon::server {
namespace {

// The host of "host:port", "[v6]:port" or ":port"; loopback for a wildcard.
std::string ConnectHost(std::string_view listen) {
  const size_t colon = listen.rfind(':');
  std::string host(listen.substr(0, colon == std::string_view::npos ? 0 : colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty() || host == "0.0.0.0" || host == "*" || host == "localhost") return "127.0.0.1";
  if (host == "::") return "::1";
  return host;
}

// One connection attempt, closed at once; failures are ignored.
void Poke(const std::string& host, int port) {
  sockaddr_storage address{};
  socklen_t length = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    length = sizeof(sockaddr_in6);
  } else {
    return;  // a name: not worth a resolver call at exit
  }
  const int fd = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  (void)connect(fd, reinterpret_cast<sockaddr*>(&address), length);
  close(fd);
}

}  // namespace

void StopExposer(std::unique_ptr<prometheus::Exposer> exposer, std::string_view listen, int port) {
  if (exposer == nullptr) return;
  std::atomic<bool> stopped = false;
  std::jthread stopper([&] {
    exposer.reset();
    stopped = true;
  });
  if (port <= 0) return;  // joins the stopper
  const std::string host = ConnectHost(listen);
  // The stop request may not be posted yet when a connection lands, so
  // connect until the stop is done (a try or two in practice).
  for (int i = 0; i < 150 && !stopped; ++i) {
    Poke(host, port);
    absl::SleepFor(absl::Milliseconds(20));
  }
}

}  // namespace opmon::server
