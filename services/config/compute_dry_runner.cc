#include "services/config/compute_dry_runner.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/grpc/status_conversion.h"
#include "grpcpp/client_context.h"
#include "services/config/config_proto.h"

namespace opmon::config {
namespace {

// What one call keeps alive until its callback has run.
struct Call {
  grpc::ClientContext context;
  v1::DryRunRequest request;
  v1::DryRunResponse response;
  SqlDryRunner::Done done;
};

absl::Status CallFailure(const grpc::Status& status, const std::string& address) {
  const absl::Status s = grpc_edge::FromGrpcStatus(status);
  switch (s.code()) {
    case absl::StatusCode::kUnavailable:
      return absl::UnavailableError(absl::StrCat("compute service at ", address,
                                                 " (--compute-addr) is unavailable: ", s.message()));
    case absl::StatusCode::kDeadlineExceeded:
      return absl::DeadlineExceededError(
          absl::StrCat("compute service at ", address, " did not finish DryRun in time: ", s.message()));
    default:
      return s;
  }
}

}  // namespace

ComputeDryRunner::ComputeDryRunner(std::string address, std::shared_ptr<grpc::Channel> channel,
                                   absl::Duration default_timeout)
    : address_(std::move(address)),
      default_timeout_(default_timeout),
      stub_(v1::ComputeService::NewStub(std::move(channel))) {}

void ComputeDryRunner::DryRun(const SqlDryRunRequest& request, Done done) {
  auto call = std::make_shared<Call>();
  call->done = std::move(done);
  // A caller without a deadline (gRPC's is then years away) gets the default.
  const absl::Time now = absl::Now();
  const absl::Time deadline = request.deadline > now + absl::Hours(24 * 365) ? now + default_timeout_ : request.deadline;
  call->context.set_deadline(absl::ToChronoTime(deadline));
  call->request.set_slug(request.slug);
  call->request.set_date(absl::FormatCivilTime(request.day));
  ToProto(request.file, call->request.mutable_file());
  call->request.set_mode(request.mode == ValidationMode::kCompat ? v1::VALIDATION_MODE_COMPAT
                                                                  : v1::VALIDATION_MODE_STRICT);
  // The callback owns the call (and the stub, which must outlive it).
  stub_->async()->DryRun(&call->context, &call->request, &call->response,
                         [call, stub = stub_, address = address_](grpc::Status status) {
                           if (!status.ok()) {
                             call->done(CallFailure(status, address));
                             return;
                           }
                           std::vector<SqlStatementCheck> checks;
                           for (const v1::DryRunStatement& s : call->response.statements()) {
                             checks.push_back({s.purpose(), s.explain_error(), s.config_path()});
                           }
                           call->done(std::move(checks));
                         });
}

}  // namespace opmon::config
