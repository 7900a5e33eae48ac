#pragma once
// The TLS flags, named the same in every binary: AddClientTlsFlags for
// opmonctl and for services' own calls to other services, AddServerTlsFlags
// for a service's listener. Each falls back to a shared environment variable
// (OPMON_TLS_CA, OPMON_TLS_CERT, ...). See tls.h for what the files hold.

#include "common/grpc/tls.h"

namespace CLI {
class App;
}

namespace opmon::grpc_edge {

// --tls-ca, --tls-client-cert, --tls-client-key.
void AddClientTlsFlags(CLI::App& app, ClientTlsFiles& files);

// --tls-cert, --tls-key, --tls-client-ca.
void AddServerTlsFlags(CLI::App& app, ServerTlsFiles& files);

}  // namespace opmon::grpc_edge
