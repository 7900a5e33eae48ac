#pragma once
// Crash rates as Mission Control computes them (mozilla/missioncontrol,
// etl/measuresummary.py): events per 1,000 usage hours as the ratio of the
// sums over a set of 5-minute windows (never the mean of per-window rates,
// which small windows would dominate), after dropping the windows with the
// top 0.1% of per-window rates; and the exact (Garwood) Poisson confidence
// interval of such a rate. Pure functions.

#include <cstdint>
#include <optional>
#include <span>

namespace opmon::statistics {

// Events of one measure and the usage behind them in one window.
struct WindowEvents {
  std::int64_t events = 0;
  double usage_hours = 0;  // > 0: windows without usage are not read
};

struct TrimmedRate {
  std::int64_t count = 0;         // every window's events (untrimmed)
  double usage_hours = 0;         // every window's usage (untrimmed)
  std::int64_t kept_count = 0;    // the events of the windows the rate uses
  double kept_usage_hours = 0;
  std::optional<double> rate;     // per 1,000 hours; nullopt without windows
};

// Sorts the windows by rate and keeps the first ceil(0.999 n): with fewer
// than 1,000 windows none is dropped.
TrimmedRate RateOfWindows(std::span<const WindowEvents> windows);

struct RateInterval {
  double lower = 0;
  double upper = 0;
};

// The two-sided exact interval, at `confidence` in (0, 1), of the rate per
// 1,000 hours of `events` Poisson counts over `usage_hours` (> 0): the
// chi-square quantiles chi2(a/2, 2k)/2 and chi2(1 - a/2, 2k + 2)/2 over the
// hours (Garwood 1936); the lower bound is 0 for 0 events.
RateInterval PoissonRateInterval(std::int64_t events, double usage_hours, double confidence);

// One-sided p-values of crash_rate alerts (docs/errors.md), exact:
// P(X >= events) for X ~ Poisson(limit * usage_hours / 1,000), i.e. how
// likely this many events are if the true rate were `limit` per 1,000 hours.
// 1 for 0 events.
double PoissonExcessPValue(std::int64_t events, double usage_hours, double limit);

// The conditional test of two Poisson rates (Przyborowski and Wilenski 1940):
// given all n = a + b events, A ~ Binomial(n, p0) when rate_a = factor *
// rate_b, p0 = factor * hours_a / (factor * hours_a + hours_b); returns
// P(A >= a). Unlike comparing against b / hours_b as if it were known, it
// accounts for the uncertainty of both rates (a previous version with few
// events or hours is weak evidence).
double PoissonRatioPValue(std::int64_t a, double hours_a, std::int64_t b, double hours_b, double factor);

}  // namespace opmon::statistics
