#include "services/compute/kernels/percentile_ci.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/bootstrap.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/jackknife.h"
#include "services/compute/kernels/statistic_spec.h"

namespace opmon::kernels {

absl::StatusOr<std::vector<PercentileCiRow>> ComputePercentileCi(
    const PercentileCiRequest& request) {
  if (request.clients && *request.clients < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("clients: ", *request.clients, " must be >= 0"));
  }
  if (absl::Status s = ValidatePercentilePoint(request.method, request.point); !s.ok()) return s;
  switch (request.method) {
    case CiMethod::kJackknife:
      return JackknifePercentileCi(request.histogram, request.percentiles);
    case CiMethod::kBootstrap:
      return BootstrapPercentileCi(request.histogram, request.percentiles,
                                   request.seed.value_or(0));
    case CiMethod::kBinomial:
    case CiMethod::kBlockJackknife:
      break;
  }
  for (size_t i = 0; i < request.histogram.size(); ++i) {
    const Bucket& b = request.histogram[i];
    if (!std::isfinite(b.key) || !std::isfinite(b.value) || b.value < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "histogram[", i, "]: key ", b.key, " value ", b.value,
          " must be finite with value >= 0"));
    }
  }
  std::vector<Bucket> canonical = request.histogram;
  Canonicalize(canonical);
  const int64_t clients = request.clients.value_or(0);
  if (request.method == CiMethod::kBinomial) {
    return BinomialPercentileCi(canonical, request.percentiles, clients, request.confidence,
                                request.point);
  }
  const int blocks = request.blocks.value_or(kDefaultBlocks);
  if (blocks < 2 || blocks > 1000) {
    return absl::InvalidArgumentError(absl::StrCat("blocks: ", blocks, " is not in 2..1000"));
  }
  const double total = TotalMass(canonical);
  const double units = clients > 0 ? static_cast<double>(clients) : std::round(total);
  if (units > 1e8) {
    return absl::InvalidArgumentError(absl::StrCat(
        "clients: ", units, " pseudo-clients is more than block_jackknife splits (1e8)"));
  }
  const auto pseudo = SplitIntoPseudoBlocks(canonical, clients, blocks, request.seed.value_or(0));
  return BlockJackknifePercentileCi(pseudo, request.percentiles, request.confidence,
                                    request.point);
}

}  // namespace opmon::kernels
