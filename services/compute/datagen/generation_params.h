#pragma once
// What the row generators need to know about a run (a subset of the CLI's
// options, so unit tests can generate rows without a database).

#include <cstdint>

namespace opmon::datagen {

struct GenerationParams {
  uint64_t seed = 1;
  int64_t clients = 1000;
  // Mean main pings per ordinary client and day (heavy clients excepted).
  double pings_per_client_mean = 10;
  // Clients sending 10,000-14,999 pings every day; -1: DefaultHeavyClients.
  int64_t heavy_clients = -1;
  // Probability that a main ping carries one malformed histogram.
  double malformed_rate = 0.001;
  // Probability that a main ping, and that a crash ping, is made to fail one
  // of the error aggregation's reject reasons (error_columns.h).
  double reject_rate = 0.001;
};

// max(1, clients / 50,000): 2 heavy clients per 100k.
int64_t DefaultHeavyClients(int64_t clients);

// The effective count (resolves -1; never more than `clients`).
int64_t HeavyClientCount(const GenerationParams& params);

}  // namespace opmon::datagen
