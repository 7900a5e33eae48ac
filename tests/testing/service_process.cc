#include "tests/testing/service_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/bearer_token.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/service_identity.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "nlohmann/json.hpp"

namespace opmon::testing {
namespace {

// Before main(), while the process has one thread (setenv is not safe
// alongside getenv on other threads).
const bool kTokenExported = setenv("OPMON_TOKEN", TestAdminToken().c_str(), 1) == 0;

}  // namespace

const std::string& TestAdminToken() {
  static const std::string token = auth::NewToken();
  return token;
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> ServiceProcess::Start(const std::string& name,
                                                                      const std::string& db_url,
                                                                      const std::vector<std::string>& extra_args) {
  const grpc_edge::ServiceIdentity* service = grpc_edge::FindService(name);
  if (service == nullptr) return absl::InvalidArgumentError(absl::StrCat("no opmon service called ", name));
  std::unique_ptr<ServiceProcess> s(new ServiceProcess());
  std::string tmpl = (std::filesystem::temp_directory_path() / ("opmon-svc-" + name + "-XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  s->dir_ = tmpl;
  s->service_name_ = std::string(service->grpc_service);
  std::string port_file = s->dir_ + "/ports.json";
  std::string admin_token_file = s->dir_ + "/admin-token";
  {
    std::ofstream out(admin_token_file, std::ios::trunc);
    out << TestAdminToken() << "\n";
    if (!out || !kTokenExported) return absl::InternalError("cannot write the test's admin token file");
  }
  std::vector<std::string> argv = {BuiltBinary("services/" + name + "/opmon-" + name),
                                   "--db-url", db_url,
                                   "--metrics-listen", "127.0.0.1:0",
                                   "--port-file", port_file,
                                   "--health-interval", "0.2",
                                   "--admin-token-file", admin_token_file,
                                   "--log-level", "debug"};
  // A test restarting a service on its old address passes its own --listen.
  if (std::find(extra_args.begin(), extra_args.end(), "--listen") == extra_args.end()) {
    argv.insert(argv.end(), {"--listen", "127.0.0.1:0"});
  }
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  auto process = Process::Spawn(argv, s->dir_ + "/service.log");
  if (!process.ok()) return process.status();
  s->process_ = std::make_unique<Process>(std::move(*process));
  // The port file appears (atomically, by rename) once both listeners are bound.
  absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!std::filesystem::exists(port_file)) {
    auto exited = s->process_->Wait(absl::ZeroDuration());
    if (exited.ok()) {
      return absl::InternalError(absl::StrCat("opmon-", name, " exited with ", *exited, ": ", s->Log()));
    }
    if (absl::Now() > deadline) return absl::DeadlineExceededError("no port file after 30 s: " + s->Log());
    absl::SleepFor(absl::Milliseconds(10));
  }
  auto ports = nlohmann::json::parse(ReadFile(port_file));
  s->grpc_port_ = ports["grpc_port"].get<int>();
  s->metrics_port_ = ports["metrics_port"].get<int>();
  return s;
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> ServiceProcess::StartServing(
    const std::string& name, const std::string& db_url, const std::vector<std::string>& extra_args) {
  absl::StatusOr<std::unique_ptr<ServiceProcess>> service = Start(name, db_url, extra_args);
  if (!service.ok()) return service.status();
  if (absl::Status healthy = (*service)->WaitForHealth(true); !healthy.ok()) {
    return absl::Status(healthy.code(),
                        absl::StrCat(name, " never served: ", healthy.message(), "\n", (*service)->Log()));
  }
  return service;
}

absl::Status ServiceProcess::StartServingInto(std::unique_ptr<ServiceProcess>& service, const std::string& name,
                                              const std::string& db_url, const std::vector<std::string>& extra_args) {
  absl::StatusOr<std::unique_ptr<ServiceProcess>> started = StartServing(name, db_url, extra_args);
  if (!started.ok()) return started.status();
  service = std::move(*started);
  return absl::OkStatus();
}

ServiceProcess::~ServiceProcess() {
  process_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string ServiceProcess::grpc_address() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

std::shared_ptr<grpc::Channel> ServiceProcess::channel() {
  if (!channel_) {
    channel_ = grpc_edge::MakeClientChannel(grpc_address(), {.own_subchannel = true});
  }
  return channel_;
}

std::shared_ptr<grpc::Channel> ServiceProcess::ChannelWithToken(const std::string& token) const {
  return grpc_edge::MakeClientChannel(grpc_address(), {.own_subchannel = true, .token = token});
}

absl::Status ServiceProcess::WaitForHealth(bool serving, absl::Duration timeout) {
  using grpc::health::v1::HealthCheckResponse;
  auto want = serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service_name_);
  auto stub = grpc::health::v1::Health::NewStub(channel());
  auto reader = stub->Watch(&ctx, request);
  HealthCheckResponse response;
  HealthCheckResponse::ServingStatus last = HealthCheckResponse::UNKNOWN;
  while (reader->Read(&response)) {
    last = response.status();
    if (last == want) {
      ctx.TryCancel();
      reader->Finish();
      return absl::OkStatus();
    }
  }
  grpc::Status status = reader->Finish();
  return absl::DeadlineExceededError(absl::StrCat("health of ", service_name_, " is ",
                                                  HealthCheckResponse::ServingStatus_Name(last), ", wanted ",
                                                  HealthCheckResponse::ServingStatus_Name(want), " (",
                                                  status.error_message(), ")"));
}

absl::StatusOr<int> ServiceProcess::Terminate(absl::Duration timeout) {
  process_->Signal(SIGTERM);
  return process_->Wait(timeout);
}

absl::Status ServiceProcess::Kill(absl::Duration timeout) {
  process_->Signal(SIGKILL);
  absl::StatusOr<int> exited = process_->Wait(timeout);
  return exited.ok() ? absl::OkStatus() : exited.status();
}

std::string ServiceProcess::Log() const { return ReadFile(dir_ + "/service.log"); }

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to 127.0.0.1:", port));
  }
  std::string request = absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("short write");
  }
  std::string response;
  char buf[8192];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) response.append(buf, n);
  close(fd);
  auto header_end = response.find("\r\n\r\n");
  if (!absl::StartsWith(response, "HTTP/1.1 200") && !absl::StartsWith(response, "HTTP/1.0 200")) {
    return absl::UnavailableError("HTTP error: " + response.substr(0, response.find("\r\n")));
  }
  return header_end == std::string::npos ? "" : response.substr(header_end + 4);
}

}  // namespace opmon::testing
