#pragma once
// A local HTTP server on 127.0.0.1 (port 0) that records webhook POSTs for
// tests. It answers 500 to the first `failures` requests (to exercise
// retries), 200 afterwards, and keeps the bodies it accepted. It can start
// "down" (port bound but not listening: connections are refused) and come up
// later, and it can hang (read the request, never answer) to exercise
// timeouts.

#include <cstddef>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opmon::testing {

struct WebhookReceiverOptions {
  int failures = 0;
  bool listening = true;  // false: down until Listen()
  bool hang = false;      // never answer
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(WebhookReceiverOptions options = {});
  explicit WebhookReceiver(int failures) : WebhookReceiver(WebhookReceiverOptions{.failures = failures}) {}
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  std::string url() const;
  // Starts accepting connections (a receiver constructed down comes up).
  void Listen();

  // True once at least `count` bodies were accepted (answered 200), false
  // after `timeout`.
  bool WaitForAccepted(std::size_t count, absl::Duration timeout);
  // True once at least `count` requests arrived, answered or not.
  bool WaitForRequests(int count, absl::Duration timeout);
  std::vector<std::string> accepted() const;
  int requests() const;  // every request, refused ones included
  // Lower-cased header name → value of the last request.
  std::map<std::string, std::string> last_headers() const;

 private:
  void Serve(std::stop_token stop);
  void Handle(int fd, std::stop_token stop);

  const bool hang_;
  int listen_fd_ = -1;
  int port_ = 0;
  mutable absl::Mutex mu_;
  int failures_left_ ABSL_GUARDED_BY(mu_);
  int requests_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> accepted_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string> last_headers_ ABSL_GUARDED_BY(mu_);
  std::jthread thread_;
};

}  // namespace opmon::testing
