#include "common/grpc/tls_flags.h"

#include "CLI/CLI.hpp"

namespace opmon::grpc_edge {

void AddClientTlsFlags(CLI::App& app, ClientTlsFiles& files) {
  app.add_option("--tls-ca", files.ca, "PEM file of the CA that signed the services' certificates (turns TLS on)")
      ->envname("OPMON_TLS_CA");
  app.add_option("--tls-client-cert", files.cert, "PEM client certificate, for services that require one")
      ->envname("OPMON_TLS_CLIENT_CERT");
  app.add_option("--tls-client-key", files.key, "PEM private key of --tls-client-cert")
      ->envname("OPMON_TLS_CLIENT_KEY");
}

void AddServerTlsFlags(CLI::App& app, ServerTlsFiles& files) {
  app.add_option("--tls-cert", files.cert, "PEM certificate chain to serve gRPC over TLS")
      ->envname("OPMON_TLS_CERT");
  app.add_option("--tls-key", files.key, "PEM private key of --tls-cert")->envname("OPMON_TLS_KEY");
  app.add_option("--tls-client-ca", files.client_ca, "PEM CA file: require client certificates it signed")
      ->envname("OPMON_TLS_CLIENT_CA");
}

}  // namespace opmon::grpc_edge
