#pragma once
// A local HTTP server on 127.0.0.1 (port 0) that records webhook POSTs for
// tests: it answers 500 to the first `failures` requests (to exercise
// retries), 200 afterwards, and keeps the bodies it accepted.

#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opmon::testing {

class WebhookReceiver {
 public:
  explicit WebhookReceiver(int failures = 0);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  std::string url() const;

  // True once at least `count` bodies were accepted (answered 200), false
  // after `timeout`.
  bool WaitForAccepted(std::size_t count, absl::Duration timeout);
  std::vector<std::string> accepted() const;
  int requests() const;  // every request, refused ones included

 private:
  void Serve(std::stop_token stop);
  void Handle(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  mutable absl::Mutex mu_;
  int failures_left_ ABSL_GUARDED_BY(mu_);
  int requests_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> accepted_ ABSL_GUARDED_BY(mu_);
  std::jthread thread_;
};

}  // namespace opmon::testing
