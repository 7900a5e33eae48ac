#include "common/server/rpc_metrics.h"

#include <chrono>
#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "grpcpp/support/status.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace opmon::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

struct RpcFamilies {
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Histogram>& duration;
};

std::string CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED"};
  int index = static_cast<int>(code);
  if (index >= 0 && index < 17) return kNames[index];
  return std::to_string(index);
}

// The method label: the path of a method compiled into this binary, else
// "unknown". A client may call any path; taking it as a label would add a
// series per made-up name and grow /metrics without bound.
std::string MethodLabel(const char* path) {
  constexpr char kUnknown[] = "unknown";
  if (path == nullptr) return kUnknown;
  const std::string_view p(path);
  const size_t slash = p.rfind('/');
  if (p.size() < 4 || p[0] != '/' || slash == 0 || slash == std::string_view::npos) return kUnknown;
  // "/pkg.Service/Method" names the method descriptor "pkg.Service.Method".
  std::string full_name(p.substr(1));
  full_name[slash - 1] = '.';
  if (google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name) == nullptr) return kUnknown;
  return std::string(p);
}

class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(grpc::experimental::ServerRpcInfo* info, RpcFamilies* families)
      : method_(MethodLabel(info->method())),
        families_(families),
        start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      families_->requests.Add({{"method", method_}, {"code", CodeName(status.error_code())}}).Increment();
      families_->duration
          .Add({{"method", method_}},
               prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60})
          .Observe(seconds);
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  RpcFamilies* families_;
  std::chrono::steady_clock::time_point start_;
};

class RpcMetricsInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcMetricsInterceptorFactory(prometheus::Registry& registry)
      : families_{prometheus::BuildCounter()
                      .Name("opmon_rpc_requests_total")
                      .Help("RPCs handled, by method and status code")
                      .Register(registry),
                  prometheus::BuildHistogram()
                      .Name("opmon_rpc_duration_seconds")
                      .Help("RPC latency from arrival to status, by method")
                      .Register(registry)} {}

  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    return new RpcMetricsInterceptor(info, &families_);  // owned and deleted by gRPC
  }

 private:
  RpcFamilies families_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRpcMetricsInterceptorFactory(
    prometheus::Registry& registry) {
  return std::make_unique<RpcMetricsInterceptorFactory>(registry);
}

}  // namespace opmon::server
