#pragma once
// A small, fully deterministic telemetry warehouse built with plain SQL (the
// columns deploy/examples/README.md lists), for tests that check compute
// against independent SQL. 400 regular clients over 2024-02-01..2024-02-10
// with 1-4 pings a day, three channels, three OSes, four countries, nightly
// builds over several days, enrolment in "fission-experiment" and
// "engagement-statistics" (control/treatment; every 7th client unenrolled),
// crash and event rows; plus on 2024-02-10 (nightly, enrolled in control):
// client "heavy" with 10,001 pings (must be excluded) and client "bad" whose
// gc_ms histogram has a non-numeric bucket (must be counted as malformed).

#include <string>

namespace opmon::compute::testing {

inline constexpr char kLastDay[] = "2024-02-10";

// The tables of schema telemetry (created if missing), dropped, created and filled.
std::string SmallWarehouseSql();

// Stores `canonical_json` as the latest version of `slug`, as the config
// service does (opmon.projects + opmon.project_versions).
std::string StoreProjectSql(const std::string& slug, const std::string& canonical_json, int version = 1);

}  // namespace opmon::compute::testing
