#include "services/compute/results_publisher.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "grpcpp/client_context.h"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::compute {

ResultsPublisher::ResultsPublisher(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : channel_(std::move(channel)), timeout_(timeout) {}

void ResultsPublisher::Publish(const std::string& slug, absl::CivilDay day) {
  const std::string date = absl::FormatCivilTime(day);
  if (!channel_) {
    log::Debug("results not published: no --statistics-addr", {{"slug", slug}, {"date", date}});
    return;
  }
  auto stub = v1::StatisticsService::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  v1::PublishResultsRequest request;
  request.set_slug(slug);
  request.add_dates(date);
  v1::PublishResultsResponse response;
  grpc::Status status = stub->PublishResults(&ctx, request, &response);
  if (!status.ok()) {
    log::Warn("PublishResults failed; the results are stored and their alerts pending for the statistics service",
              {{"slug", slug}, {"date", date}, {"code", absl::StrCat(status.error_code())},
               {"error", status.error_message()}});
    return;
  }
  log::Info("results published", {{"slug", slug}, {"date", date},
                                   {"data_version", absl::StrCat(response.data_version())},
                                   {"alerts_raised", absl::StrCat(response.alerts_raised())}});
}

}  // namespace opmon::compute
