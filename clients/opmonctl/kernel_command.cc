#include "clients/opmonctl/kernel_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/statistic_format.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct KernelOptions {
  std::string method = "binomial";
  std::string percentiles;
  std::string histogram;
  std::optional<uint32_t> seed;
  std::optional<int64_t> clients;
  std::optional<int32_t> blocks;
};

int RunPercentileCi(const GlobalOptions& global, const KernelOptions& o) {
  v1::ComputePercentileCIRequest request;
  if (o.method == "binomial") {
    request.set_method(v1::PERCENTILE_METHOD_BINOMIAL);
  } else if (o.method == "jackknife") {
    request.set_method(v1::PERCENTILE_METHOD_JACKKNIFE);
  } else if (o.method == "bootstrap") {
    request.set_method(v1::PERCENTILE_METHOD_BOOTSTRAP);
  } else if (o.method == "block_jackknife") {
    request.set_method(v1::PERCENTILE_METHOD_BLOCK_JACKKNIFE);
  } else {
    std::cerr << "opmonctl: --method \"" << o.method << "\" is not jackknife|bootstrap|binomial|block_jackknife\n";
    return 2;
  }
  nlohmann::json histogram = nlohmann::json::parse(o.histogram, nullptr, /*allow_exceptions=*/false);
  if (!histogram.is_array()) {
    std::cerr << "opmonctl: --histogram must be a JSON array of [key, value] pairs\n";
    return 2;
  }
  for (size_t i = 0; i < histogram.size(); ++i) {
    const auto& pair = histogram[i];
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number()) {
      std::cerr << "opmonctl: --histogram[" << i << "]: expected [key, value] numbers, got " << pair.dump() << "\n";
      return 2;
    }
    auto* entry = request.add_histogram();
    entry->set_key(pair[0].get<double>());
    entry->set_value(pair[1].get<double>());
  }
  if (!o.percentiles.empty()) {
    std::stringstream list(o.percentiles);
    std::string item;
    while (std::getline(list, item, ',')) {
      try {
        size_t used = 0;
        double p = std::stod(item, &used);
        if (used != item.size()) throw std::invalid_argument(item);
        request.add_percentiles(p);
      } catch (const std::exception&) {
        std::cerr << "opmonctl: --percentiles: \"" << item << "\" is not a number\n";
        return 2;
      }
    }
  }
  if (o.seed) request.set_seed(*o.seed);
  if (o.clients) request.set_clients(*o.clients);
  if (o.blocks) request.set_blocks(*o.blocks);
  absl::StatusOr<v1::ComputePercentileCIResponse> response =
      Call(global, &v1::ComputeService::Stub::ComputePercentileCI, request);
  if (!response.ok()) return RpcFailed(response.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : response->rows()) {
    out.push_back({{"parameter", JsonNumber(r.parameter())}, {"point", JsonNumber(r.point())},
                   {"lower", JsonNumber(r.lower())}, {"upper", JsonNumber(r.upper())}});
  }
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

void AddKernelCommand(const Commands& commands) {
  const Commands kernel = commands.Group("kernel", "run a statistics kernel on the compute service");
  auto o = std::make_shared<KernelOptions>();
  CLI::App* ci =
      kernel.Add("percentile-ci", "percentiles of one histogram with confidence intervals", o, RunPercentileCi);
  ci->add_option("--method", o->method, "jackknife|bootstrap|binomial|block_jackknife")->capture_default_str();
  ci->add_option("--percentiles", o->percentiles, "comma-separated, e.g. 25,50,75,95 (default 50,90,99)");
  ci->add_option("--histogram", o->histogram, "JSON array of [key, value] pairs")->required();
  ci->add_option("--seed", o->seed, "bootstrap: mulberry32 seed");
  ci->add_option("--clients", o->clients, "binomial: number of clients (default: the total mass)");
  ci->add_option("--blocks", o->blocks, "block_jackknife: number of blocks (default 20)");
}

}  // namespace opmon::ctl
