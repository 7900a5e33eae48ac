#include "tests/integration/statistics/webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace opmon::testing {

WebhookReceiver::WebhookReceiver(WebhookReceiverOptions options)
    : hang_(options.hang), failures_left_(options.failures) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  // Bound at once, so the port is ours; until listen() a connection to it
  // is refused, like a receiver that is down.
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) std::abort();
  socklen_t len = sizeof(addr);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (options.listening) Listen();
}

WebhookReceiver::~WebhookReceiver() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  close(listen_fd_);
}

void WebhookReceiver::Listen() {
  if (thread_.joinable()) return;
  if (listen(listen_fd_, 64) != 0) std::abort();
  thread_ = std::jthread([this](std::stop_token stop) { Serve(stop); });
}

std::string WebhookReceiver::url() const { return absl::StrCat("http://127.0.0.1:", port_, "/hook"); }

bool WebhookReceiver::WaitForAccepted(std::size_t count, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return accepted_.size() >= count; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

bool WebhookReceiver::WaitForRequests(int count, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return requests_ >= count; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

std::vector<std::string> WebhookReceiver::accepted() const {
  absl::MutexLock lock(&mu_);
  return accepted_;
}

int WebhookReceiver::requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

std::map<std::string, std::string> WebhookReceiver::last_headers() const {
  absl::MutexLock lock(&mu_);
  return last_headers_;
}

void WebhookReceiver::Serve(std::stop_token stop) {
  while (!stop.stop_requested()) {
    // Poll with a short timeout only to notice the stop request.
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Handle(fd, stop);
    close(fd);
  }
}

void WebhookReceiver::Handle(int fd, std::stop_token stop) {
  std::string data;
  std::size_t header_end = std::string::npos;
  std::size_t content_length = 0;
  char buffer[4096];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) return;
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return;
    data.append(buffer, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      const std::string headers = absl::AsciiStrToLower(data.substr(0, header_end));
      const std::size_t at = headers.find("content-length:");
      if (at != std::string::npos) {
        const std::size_t eol = headers.find("\r\n", at);
        std::string value(absl::StripAsciiWhitespace(headers.substr(at + 15, eol - at - 15)));
        if (!absl::SimpleAtoi(value, &content_length)) return;
      }
    }
    if (data.size() >= header_end + 4 + content_length) break;
  }
  const std::string body = data.substr(header_end + 4, content_length);
  std::map<std::string, std::string> headers;
  for (absl::string_view line : absl::StrSplit(data.substr(0, header_end), "\r\n")) {
    const std::size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    headers[absl::AsciiStrToLower(line.substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  bool fail = false;
  {
    absl::MutexLock lock(&mu_);
    ++requests_;
    last_headers_ = std::move(headers);
    if (failures_left_ > 0) {
      --failures_left_;
      fail = true;
    }
    // Recorded before answering: once the sender has its 200 (and marked
    // the delivery done), the body is already here.
    if (!fail && !hang_) accepted_.push_back(body);
  }
  if (hang_) {
    // Keep the connection open without answering until stopped or the
    // sender gives up (closes it).
    while (!stop.stop_requested()) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 50) > 0 && recv(fd, buffer, sizeof(buffer), 0) <= 0) return;
    }
    return;
  }
  const std::string response = fail ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
                                    : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  send(fd, response.data(), response.size(), MSG_NOSIGNAL);
}

}  // namespace opmon::testing
