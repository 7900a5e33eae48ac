#include "common/server/health_probe_server.h"

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"

namespace opmon::server {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

class HealthProbeServer::Service final : public grpc::health::v1::Health::CallbackService {
 public:
  Service(std::string service_name, const std::atomic<bool>& serving)
      : service_name_(std::move(service_name)), serving_(serving) {}

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context, const HealthCheckRequest* request,
                                  HealthCheckResponse* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    if (request->service() == kLivenessService) {
      // The process answers: alive, whatever the database does and while draining.
      response->set_status(HealthCheckResponse::SERVING);
      reactor->Finish(grpc::Status::OK);
      return reactor;
    }
    if (!request->service().empty() && request->service() != service_name_) {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"));
      return reactor;
    }
    bool up = serving_.load() && !shutting_down_.load();
    response->set_status(up ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  void EnterShutdown() { shutting_down_ = true; }

 private:
  const std::string service_name_;
  const std::atomic<bool>& serving_;
  std::atomic<bool> shutting_down_{false};
};

absl::StatusOr<std::unique_ptr<HealthProbeServer>> HealthProbeServer::Start(const std::string& address,
                                                                           const std::string& service_name,
                                                                           const std::atomic<bool>& serving) {
  std::unique_ptr<HealthProbeServer> probe(new HealthProbeServer());
  probe->service_ = std::make_unique<Service>(service_name, serving);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &probe->port_);
  builder.RegisterService(probe->service_.get());
  probe->server_ = builder.BuildAndStart();
  if (!probe->server_ || probe->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen for health probes on ", address));
  }
  return probe;
}

HealthProbeServer::~HealthProbeServer() { Stop(); }

void HealthProbeServer::EnterShutdown() { service_->EnterShutdown(); }

void HealthProbeServer::Stop() {
  if (server_ == nullptr) return;
  server_->Shutdown(std::chrono::system_clock::now());
  server_->Wait();
  server_.reset();
}

}  // namespace opmon::server
