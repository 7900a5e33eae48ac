#pragma once
// opmon.v1 GetCrashSummary messages ⇄ the crash summary domain types.

#include "opmon/v1/statistics.pb.h"
#include "services/statistics/domain/crash_summary.h"

namespace opmon::statistics {

CrashSummaryRequest FromProto(const v1::GetCrashSummaryRequest& request);

void ToProto(const CrashSummary& summary, v1::GetCrashSummaryResponse* out);

}  // namespace opmon::statistics
