#include "common/grpc/tls.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/credentials.h"
#include "common/status/status_macros.h"
#include "grpcpp/security/server_credentials.h"

namespace opmon::grpc_edge {
namespace {

// The contents of the PEM file `path` given with `flag`.
absl::StatusOr<std::string> ReadPem(const std::string& path, const std::string& flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read \"", path, "\""));
  std::stringstream contents;
  contents << in.rdbuf();
  if (!absl::StrContains(contents.str(), "-----BEGIN ")) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": \"", path, "\" holds no PEM block"));
  }
  return contents.str();
}

// A certificate and its key come together or not at all.
absl::Status CheckPair(const std::string& cert, const std::string& cert_flag, const std::string& key,
                       const std::string& key_flag) {
  if (cert.empty() != key.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(cert_flag, " and ", key_flag, " go together; only ",
                                                   cert.empty() ? key_flag : cert_flag, " is set"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ClientTls> LoadClientTls(const ClientTlsFiles& files) {
  OPMON_RETURN_IF_ERROR(CheckPair(files.cert, "--tls-client-cert", files.key, "--tls-client-key"));
  ClientTls tls;
  if (files.ca.empty()) {
    if (!files.cert.empty()) return absl::InvalidArgumentError("--tls-client-cert needs --tls-ca");
    return tls;
  }
  OPMON_ASSIGN_OR_RETURN(tls.root_certs, ReadPem(files.ca, "--tls-ca"));
  if (files.cert.empty()) return tls;
  OPMON_ASSIGN_OR_RETURN(tls.cert_chain, ReadPem(files.cert, "--tls-client-cert"));
  OPMON_ASSIGN_OR_RETURN(tls.private_key, ReadPem(files.key, "--tls-client-key"));
  return tls;
}

std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(const ClientTls& tls) {
  if (!tls.enabled()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = tls.root_certs;
  ssl.pem_cert_chain = tls.cert_chain;
  ssl.pem_private_key = tls.private_key;
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(const ServerTlsFiles& files) {
  OPMON_RETURN_IF_ERROR(CheckPair(files.cert, "--tls-cert", files.key, "--tls-key"));
  if (files.cert.empty()) {
    if (!files.client_ca.empty()) return absl::InvalidArgumentError("--tls-client-ca needs --tls-cert and --tls-key");
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  OPMON_ASSIGN_OR_RETURN(pair.cert_chain, ReadPem(files.cert, "--tls-cert"));
  OPMON_ASSIGN_OR_RETURN(pair.private_key, ReadPem(files.key, "--tls-key"));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!files.client_ca.empty()) {
    OPMON_ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(files.client_ca, "--tls-client-ca"));
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace opmon::grpc_edge
