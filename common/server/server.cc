#include "common/server/server.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/access_policy.h"
#include "common/auth/bearer_token.h"
#include "common/auth/role.h"
#include "common/auth/token_cache.h"
#include "common/auth/token_refresher.h"
#include "common/auth/token_store.h"
#include "common/files/atomic_file.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/status_conversion.h"
#include "common/grpc/executor.h"
#include "common/grpc/stream_limit.h"
#include "common/log/log.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "common/server/access_gate.h"
#include "common/server/health_probe_server.h"
#include "common/server/listen_address.h"
#include "common/server/metric_families.h"
#include "common/server/rpc_metrics.h"
#include "common/server/stop_exposer.h"
#include "common/status/status_macros.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "opmon/v1/common.grpc.pb.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

#ifndef OPMON_VERSION
#define OPMON_VERSION "0.0.0"
#endif

namespace opmon::server {

class InfoServiceImpl final : public opmon::v1::InfoService::CallbackService {
 public:
  explicit InfoServiceImpl(Server* server) : server_(server) {}

  grpc::ServerUnaryReactor* GetInfo(grpc::CallbackServerContext* ctx, const v1::GetInfoRequest*,
                                    v1::GetInfoResponse* resp) override {
    auto* reactor = ctx->DefaultReactor();
    if (absl::Status admitted = server_->executor_->Admit(*ctx, "InfoService.GetInfo"); !admitted.ok()) {
      reactor->Finish(grpc_edge::ToGrpcStatus(admitted));
      return reactor;
    }
    resp->set_service(server_->options_.service_name);
    resp->set_binary(server_->options_.binary);
    resp->set_version(OPMON_VERSION);
    resp->set_started_at(server_->started_at_);
    resp->set_database_reachable(server_->serving_.load());
    resp->set_schema_version(server_->schema_version_.load());
    char host[256] = {0};
    gethostname(host, sizeof(host) - 1);
    resp->set_instance(absl::StrCat(host, ":", getpid()));
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  Server* server_;
};

namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

log::Level ParseLevel(const std::string& name) {
  if (name == "debug") return log::Level::kDebug;
  if (name == "warn") return log::Level::kWarn;
  if (name == "error") return log::Level::kError;
  return log::Level::kInfo;
}

// Replaced whole, so a reader never sees half a file.
absl::Status WritePortFile(const std::string& path, int grpc_port, int metrics_port, int health_port) {
  std::string health = health_port > 0 ? absl::StrCat(", \"health_port\": ", health_port) : "";
  return files::WriteFileAtomically(path, absl::StrCat("{\"grpc_port\": ", grpc_port, ", \"metrics_port\": ",
                                                       metrics_port, health, "}\n"));
}

// For the "listening" log line.
const char* TlsMode(const grpc_edge::ServerTlsFiles& tls) {
  if (tls.cert.empty()) return "off";
  return tls.client_ca.empty() ? "on" : "mutual";
}

}  // namespace

Server::Server(ServerOptions options) : options_(std::move(options)) {}

Server::~Server() = default;

absl::StatusOr<std::unique_ptr<Server>> Server::Create(ServerOptions options) {
  sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  log::SetServiceName(options.binary);
  log::SetMinLevel(ParseLevel(options.log_level));
  if (options.db_url.empty()) {
    return absl::InvalidArgumentError("--db-url (or OPMON_DB_URL) is required");
  }
  std::string admin_token;
  if (!options.admin_token_file.empty()) {
    absl::StatusOr<std::string> token = auth::ReadTokenFile(options.admin_token_file);
    if (!token.ok()) return token.status();
    admin_token = *std::move(token);
  }
  OPMON_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                         grpc_edge::MakeServerCredentials(options.tls));
  OPMON_RETURN_IF_ERROR(CheckPlaintextListen(options));
  OPMON_ASSIGN_OR_RETURN(options.client.tls, grpc_edge::LoadClientTls(options.client_tls));
  std::unique_ptr<Server> server(new Server(std::move(options)));
  server->credentials_ = std::move(credentials);
  const ServerOptions& o = server->options_;
  server->admin_token_ = std::move(admin_token);
  server->registry_ = std::make_shared<prometheus::Registry>();
  server->pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = o.db_url, .size = o.db_pool_size});
  server->health_pool_ = std::make_unique<pg::Pool>(
      pg::PoolOptions{.dsn = o.db_url, .size = 1, .max_attempts = 1, .connect_timeout_seconds = 3});
  server->tokens_ = std::make_unique<auth::TokenCache>();
  server->access_policy_ = std::make_unique<auth::AccessPolicy>(*server->tokens_);
  server->token_refresher_ = std::make_unique<auth::TokenRefresher>(*server->health_pool_, *server->tokens_);
  server->executor_ = std::make_unique<grpc_edge::Executor>(o.handler_threads, o.handler_queue,
                                                            MakeAccessGate(*server->access_policy_));
  server->watch_streams_ = std::make_unique<grpc_edge::StreamLimit>("watch streams", o.max_watch_streams);
  server->info_service_ = std::make_unique<InfoServiceImpl>(server.get());
  server->started_at_ = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  return server;
}

void Server::AddService(grpc::Service* service) { services_.push_back(service); }

void Server::AddShutdownHook(std::function<void()> hook) { shutdown_hooks_.push_back(std::move(hook)); }

void Server::RequestShutdown() {
  if (!shutdown_.HasBeenNotified()) shutdown_.Notify();
}

bool Server::PrepareTokens() {
  if (!admin_token_.empty()) {
    // Named after its digest, so a new bootstrap file adds a token instead of
    // colliding with the old one's name.
    const std::string name = "bootstrap-" + auth::TokenDigest(admin_token_).substr(0, 12);
    if (absl::Status s = auth::RegisterToken(*health_pool_, name, admin_token_, auth::Role::kAdmin); !s.ok()) {
      log::Error("cannot register the admin token", {{"error", std::string(s.message())}});
      return false;
    }
  }
  if (absl::Status s = token_refresher_->Reload(); !s.ok()) {
    log::Error("cannot load access tokens", {{"error", std::string(s.message())}});
    return false;
  }
  return true;
}

bool Server::CheckDependencies() {
  absl::Status ping = health_pool_->Ping();
  if (!ping.ok()) {
    log::Debug("database check failed", {{"error", std::string(ping.message())}});
    return false;
  }
  if (migrated_.load()) return true;
  if (options_.migrate) {
    auto report = pg::ApplyMigrations(*health_pool_);
    if (!report.ok()) {
      log::Error("migrations failed", {{"error", std::string(report.status().message())}});
      return false;
    }
    for (const auto& name : report->applied) log::Info("migration applied", {{"name", name}});
    schema_version_ = report->schema_version;
    if (!PrepareTokens()) return false;
    migrated_ = true;
    return true;
  }
  auto version = pg::CurrentSchemaVersion(*health_pool_);
  int wanted = pg::EmbeddedMigrations().empty() ? 0 : pg::EmbeddedMigrations().back().version;
  if (!version.ok() || *version < wanted) {
    log::Warn("database schema is behind this binary; run `opmonctl migrate`",
              {{"schema_version", version.ok() ? std::to_string(*version) : "unknown"},
               {"wanted", std::to_string(wanted)}});
    return false;
  }
  schema_version_ = *version;
  if (!PrepareTokens()) return false;
  migrated_ = true;
  return true;
}


absl::Status Server::Run() {
  // gRPC's built-in health service carries no protobuf descriptors; linking
  // ours lets reflection describe it, so `grpc_cli call ... Health.Check` works.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int grpc_port = 0;
  builder.AddListeningPort(options_.listen, credentials_, &grpc_port);
  builder.SetMaxReceiveMessageSize(grpc_edge::kMaxMessageBytes);
  builder.SetMaxSendMessageSize(grpc_edge::kMaxMessageBytes);
  builder.RegisterService(info_service_.get());
  for (grpc::Service* service : services_) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(MakeRpcMetricsInterceptorFactory(*registry_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> grpc_server = builder.BuildAndStart();
  if (!grpc_server || grpc_port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen for gRPC on ", options_.listen));
  }

  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(options_.metrics_listen);
  } catch (const std::exception& e) {
    grpc_server->Shutdown();
    return absl::UnavailableError(
        absl::StrCat("cannot listen for /metrics on ", options_.metrics_listen, ": ", e.what()));
  }
  exposer->RegisterCollectable(registry_);
  int metrics_port = exposer->GetListeningPorts().empty() ? 0 : exposer->GetListeningPorts().front();

  std::unique_ptr<HealthProbeServer> probe;
  if (!options_.health_listen.empty()) {
    auto started = HealthProbeServer::Start(options_.health_listen, options_.service_name, serving_);
    if (!started.ok()) {
      grpc_server->Shutdown();
      StopExposer(std::move(exposer), options_.metrics_listen, metrics_port);
      return started.status();
    }
    probe = *std::move(started);
  }

  grpc::HealthCheckServiceInterface* health = grpc_server->GetHealthCheckService();
  auto set_serving = [&](bool serving) {
    health->SetServingStatus(serving);
    health->SetServingStatus(options_.service_name, serving);
  };
  set_serving(false);
  prometheus::Gauge& db_up =
      Gauge(*registry_, "opmon_database_up", "1 while the database answers and the schema is migrated");

  log::Info("listening", {{"grpc", absl::StrCat(options_.listen, " (port ", grpc_port, ")")},
                          {"tls", TlsMode(options_.tls)},
                          {"metrics", absl::StrCat(options_.metrics_listen, " (port ", metrics_port, ")")},
                          {"health_probes", probe ? absl::StrCat(options_.health_listen, " (port ", probe->port(), ")")
                                                  : std::string("off")}});
  if (!options_.port_file.empty()) {
    if (absl::Status s = WritePortFile(options_.port_file, grpc_port, metrics_port, probe ? probe->port() : 0);
        !s.ok()) {
      grpc_server->Shutdown();
      return s;
    }
  }

  token_refresher_->Start();
  std::jthread health_thread([&] {
    absl::Duration interval = absl::Seconds(options_.health_interval_seconds);
    do {
      bool ok = CheckDependencies();
      if (ok != serving_.load()) {
        serving_ = ok;
        set_serving(ok);
        db_up.Set(ok ? 1 : 0);
        log::Info(ok ? "serving: database reachable" : "not serving: database unreachable");
      }
    } while (!shutdown_.WaitForNotificationWithTimeout(interval));
  });

  std::jthread signal_thread([this] {
    sigset_t signals = TerminationSignals();
    timespec tick{0, 200 * 1000 * 1000};
    while (!shutdown_.HasBeenNotified()) {
      int sig = sigtimedwait(&signals, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) {
        log::Info("shutdown requested", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
        RequestShutdown();
      }
    }
  });

  shutdown_.WaitForNotification();
  if (probe) probe->EnterShutdown();
  for (auto& hook : shutdown_hooks_) hook();
  health->Shutdown();
  auto deadline = std::chrono::system_clock::now() +
                  std::chrono::milliseconds(static_cast<int64_t>(options_.shutdown_grace_seconds * 1000));
  grpc_server->Shutdown(deadline);
  executor_.reset();  // drains queued handlers before the server goes away
  grpc_server->Wait();
  token_refresher_->Stop();
  health_thread.join();
  signal_thread.join();
  if (probe) probe->Stop();
  StopExposer(std::move(exposer), options_.metrics_listen, metrics_port);
  log::Info("stopped");
  return absl::OkStatus();
}

}  // namespace opmon::server
