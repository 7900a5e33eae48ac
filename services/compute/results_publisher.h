#pragma once
// Tells the statistics service that a project-day was (re)computed
// (StatisticsService.PublishResults: cache invalidation, alert evaluation).
// Best effort: a missing address or a failed call is logged and never
// fails the job that committed. The day's alerts are evaluated all the same:
// the results transaction marked them pending (common/results/
// alerts_pending.h) and a statistics replica claims them.

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace opmon::compute {

class ResultsPublisher {
 public:
  // channel may be null (no --statistics-addr): Publish only logs.
  explicit ResultsPublisher(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout = absl::Seconds(10));
  void Publish(const std::string& slug, absl::CivilDay day);

 private:
  std::shared_ptr<grpc::Channel> channel_;
  absl::Duration timeout_;
};

}  // namespace opmon::compute
