#pragma once
// `opmonctl kernel percentile-ci --method M --percentiles 25,50 --histogram
// '[[key,value],...]' [--seed N] [--clients N] [--blocks N]`: percentile
// confidence intervals of one histogram, computed by the compute service
// (ComputePercentileCI), printed as a JSON array of
// {"parameter","point","lower","upper"} (null where the result is NaN).

namespace opmon::ctl {

class Commands;

void AddKernelCommand(const Commands& commands);

}  // namespace opmon::ctl
