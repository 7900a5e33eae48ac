#include "services/compute/kernels/ci_types.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace opmon::kernels {

absl::StatusOr<CiMethod> ParseCiMethod(std::string_view name) {
  if (name == "jackknife") return CiMethod::kJackknife;
  if (name == "bootstrap") return CiMethod::kBootstrap;
  if (name == "binomial") return CiMethod::kBinomial;
  if (name == "block_jackknife") return CiMethod::kBlockJackknife;
  return absl::InvalidArgumentError(
      absl::StrCat("method: \"", std::string(name),
                   "\" is not jackknife|bootstrap|binomial|block_jackknife"));
}

std::string_view CiMethodName(CiMethod method) {
  switch (method) {
    case CiMethod::kJackknife:
      return "jackknife";
    case CiMethod::kBootstrap:
      return "bootstrap";
    case CiMethod::kBinomial:
      return "binomial";
    case CiMethod::kBlockJackknife:
      return "block_jackknife";
  }
  return "unknown";
}

}  // namespace opmon::kernels
