#pragma once
// `opmonctl kernel percentile-ci --method M --percentiles 25,50 --histogram
// '[[key,value],...]' [--seed N] [--clients N] [--blocks N]`: percentile
// confidence intervals of one histogram, computed by the compute service
// (ComputePercentileCI), printed as a JSON array of
// {"parameter","point","lower","upper"} (null where the result is NaN).

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

void AddKernelCommand(CLI::App& app, const GlobalOptions& global, int& exit_code);

}  // namespace opmon::ctl
