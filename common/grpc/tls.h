#pragma once
// TLS for opmon's gRPC servers and clients. Flags name PEM files; they are
// read once at start-up (a missing or empty file fails the start, not the
// first call) and turned into gRPC credentials here, so every binary sets up
// TLS the same way.
//
//   server: --tls-cert, --tls-key, optional --tls-client-ca (mutual TLS)
//   client: --tls-ca, optional --tls-client-cert with --tls-client-key

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace grpc {
class ChannelCredentials;
class ServerCredentials;
}  // namespace grpc

namespace opmon::grpc_edge {

// Paths of a server's PEM files; all empty means plaintext.
struct ServerTlsFiles {
  std::string cert;       // certificate chain presented to clients
  std::string key;        // its private key
  std::string client_ca;  // if set: clients must present a certificate signed by it
};

// Paths of a client's PEM files; all empty means plaintext.
struct ClientTlsFiles {
  std::string ca;    // the CA that signed the server's certificate
  std::string cert;  // optional client certificate (for mutual TLS)
  std::string key;   // its private key
};

// A client's TLS material, already read. Empty root_certs means plaintext.
struct ClientTls {
  std::string root_certs;
  std::string cert_chain;
  std::string private_key;

  bool enabled() const { return !root_certs.empty(); }
};

// Reads the files. InvalidArgument naming the flag when a file cannot be
// read or holds no PEM block, when a certificate comes without its key (or
// the reverse), or when a client certificate is given without --tls-ca.
absl::StatusOr<ClientTls> LoadClientTls(const ClientTlsFiles& files);

// SSL channel credentials for `tls`, or insecure ones when it is disabled.
std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(const ClientTls& tls);

// SSL server credentials (requiring and verifying a client certificate when
// files.client_ca is set), or insecure ones when every path is empty.
// InvalidArgument as LoadClientTls, naming the server flags.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(const ServerTlsFiles& files);

}  // namespace opmon::grpc_edge
