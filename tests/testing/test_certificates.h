#pragma once
// Certificates for TLS tests, made by the test itself with the openssl
// command: a CA, a server certificate it signed for 127.0.0.1 and localhost,
// and a client certificate it signed. Keys are P-256 (fast to make); the
// certificates are valid for a day.

#include <string>

#include "absl/status/statusor.h"

namespace opmon::testing {

struct PemPair {
  std::string cert;  // path of the PEM certificate
  std::string key;   // path of its PEM private key
};

struct TestCertificates {
  PemPair ca;
  PemPair server;
  PemPair client;
};

// Makes a CA named `name` and its two certificates in `dir` (which must
// exist). Internal with openssl's output when a command fails.
absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir, const std::string& name);

}  // namespace opmon::testing
