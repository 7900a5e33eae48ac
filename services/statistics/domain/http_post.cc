#include "services/statistics/domain/http_post.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opmon::statistics {
namespace {

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

int RemainingMs(absl::Time deadline) {
  return static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(deadline - absl::Now())));
}

absl::Status WaitFor(int fd, short events, absl::Time deadline, std::string_view what) {
  pollfd p{fd, events, 0};
  int r = 0;
  do {
    r = poll(&p, 1, RemainingMs(deadline));
  } while (r < 0 && errno == EINTR);
  if (r == 0) return absl::DeadlineExceededError(absl::StrCat("webhook: timed out ", std::string(what)));
  if (r < 0) return absl::UnavailableError(absl::StrCat("webhook: poll failed ", std::string(what), ": ", std::strerror(errno)));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Socket>> Connect(const HttpUrl& url, absl::Time deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found); rc != 0) {
    return absl::UnavailableError(absl::StrCat("webhook: cannot resolve ", url.host, ": ", gai_strerror(rc)));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, &freeaddrinfo);
  absl::Status last = absl::UnavailableError(absl::StrCat("webhook: no address for ", url.host));
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    auto socket = std::make_unique<Socket>(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                                                    a->ai_protocol));
    if (socket->fd() < 0) continue;
    if (connect(socket->fd(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last = absl::UnavailableError(absl::StrCat("webhook: connect to ", url.host, ":", url.port, ": ",
                                                 std::strerror(errno)));
      continue;
    }
    if (absl::Status s = WaitFor(socket->fd(), POLLOUT, deadline, "connecting"); !s.ok()) return s;
    int error = 0;
    socklen_t len = sizeof(error);
    getsockopt(socket->fd(), SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) {
      last = absl::UnavailableError(absl::StrCat("webhook: connect to ", url.host, ":", url.port, ": ",
                                                 std::strerror(error)));
      continue;
    }
    return socket;
  }
  return last;
}

}  // namespace

absl::StatusOr<HttpUrl> ParseHttpUrl(std::string_view url, std::string_view field) {
  constexpr std::string_view kScheme = "http://";
  auto invalid = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), ": \"", std::string(url), "\" is not an http://host[:port][/path] URL"));
  };
  if (!url.starts_with(kScheme)) return invalid();
  std::string_view rest = url.substr(kScheme.size());
  HttpUrl out;
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
  if (authority.empty()) return invalid();
  if (authority.front() == '[') {  // [::1]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return invalid();
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':') return invalid();
      out.port = std::string(authority.substr(1));
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  int port = 0;
  if (out.host.empty() || !absl::SimpleAtoi(out.port, &port) || port <= 0 || port > 65535) return invalid();
  return out;
}

absl::StatusOr<int> HttpPostJson(const HttpUrl& url, std::string_view body, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  auto socket = Connect(url, deadline);
  if (!socket.ok()) return socket.status();
  const int fd = (*socket)->fd();
  const std::string request =
      absl::StrCat("POST ", url.path, " HTTP/1.1\r\nHost: ", url.host, ":", url.port,
                   "\r\nContent-Type: application/json\r\nUser-Agent: opmon-statistics\r\nContent-Length: ",
                   body.size(), "\r\nConnection: close\r\n\r\n", std::string(body));
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (absl::Status s = WaitFor(fd, POLLOUT, deadline, "sending"); !s.ok()) return s;
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat("webhook: send failed: ", std::strerror(errno)));
    }
    sent += static_cast<std::size_t>(n);
  }
  // The status line is all we need: "HTTP/1.1 204 No Content\r\n".
  std::string response;
  while (response.find("\r\n") == std::string::npos && response.size() < 4096) {
    if (absl::Status s = WaitFor(fd, POLLIN, deadline, "waiting for the response"); !s.ok()) return s;
    char buffer[1024];
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat("webhook: receive failed: ", std::strerror(errno)));
    }
    if (n == 0) break;
    response.append(buffer, static_cast<std::size_t>(n));
  }
  int status = 0;
  if (!response.starts_with("HTTP/1.") || response.size() < 12 || !absl::SimpleAtoi(response.substr(9, 3), &status)) {
    return absl::UnavailableError("webhook: malformed HTTP response");
  }
  return status;
}

}  // namespace opmon::statistics
