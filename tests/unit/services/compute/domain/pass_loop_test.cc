#include "services/compute/domain/pass_loop.h"

#include <vector>

#include "gtest/gtest.h"

namespace opmon::compute {
namespace {

absl::Time At(int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(2024, 2, day, hour, minute), absl::UTCTimeZone());
}

TEST(RecomputeDue, WaitsForTheLateBoundPastMidnight) {
  EXPECT_EQ(RecomputeDue(At(11, 0, 14), absl::Minutes(15), std::nullopt), absl::CivilDay(2024, 2, 9));
  EXPECT_EQ(RecomputeDue(At(11, 0, 15), absl::Minutes(15), std::nullopt), absl::CivilDay(2024, 2, 10));
}

TEST(RecomputeDue, RecomputesADayOnce) {
  EXPECT_EQ(RecomputeDue(At(11, 6, 0), absl::Minutes(15), absl::CivilDay(2024, 2, 10)), std::nullopt);
  EXPECT_EQ(RecomputeDue(At(12, 0, 20), absl::Minutes(15), absl::CivilDay(2024, 2, 10)), absl::CivilDay(2024, 2, 11));
}

// A loop whose steps record what ran; `pass_ok` and `recompute_ok` say how
// the steps end.
struct RecordingLoop {
  bool pass_ok = true;
  bool recompute_ok = true;
  int passes = 0;
  std::vector<absl::CivilDay> recomputed;
  absl::Time now = At(11, 1, 0);  // 2024-02-11 01:00: 2024-02-10 is due past a 15-minute bound
  PassLoop loop{PassLoopTiming{.interval = absl::Seconds(60), .now = [this] { return now; }, .ready = {}},
                PassLoopSteps{.name = "test",
                              .late_bound = absl::Minutes(15),
                              .pass = [this] {
                                ++passes;
                                return pass_ok ? absl::OkStatus() : absl::UnavailableError("warehouse down");
                              },
                              .recompute_day = [this](absl::CivilDay day) {
                                recomputed.push_back(day);
                                return recompute_ok ? absl::OkStatus() : absl::UnavailableError("opmon down");
                              }}};
};

TEST(PassLoopTick, PassesEveryTickAndRecomputesTheDueDayOnce) {
  RecordingLoop r;
  r.loop.Tick();
  r.loop.Tick();
  EXPECT_EQ(r.passes, 2);
  EXPECT_EQ(r.recomputed, std::vector<absl::CivilDay>{absl::CivilDay(2024, 2, 10)});
  r.now = At(12, 0, 30);  // the next day is due
  r.loop.Tick();
  EXPECT_EQ(r.recomputed, (std::vector<absl::CivilDay>{absl::CivilDay(2024, 2, 10), absl::CivilDay(2024, 2, 11)}));
}

TEST(PassLoopTick, AFailedPassSkipsTheRecomputeUntilAPassSucceeds) {
  RecordingLoop r;
  r.pass_ok = false;
  r.loop.Tick();
  EXPECT_EQ(r.passes, 1);
  EXPECT_TRUE(r.recomputed.empty());
  r.pass_ok = true;
  r.loop.Tick();
  EXPECT_EQ(r.recomputed, std::vector<absl::CivilDay>{absl::CivilDay(2024, 2, 10)});
}

TEST(PassLoopTick, AFailedRecomputeIsTriedAgainAtTheNextTick) {
  RecordingLoop r;
  r.recompute_ok = false;
  r.loop.Tick();
  r.recompute_ok = true;
  r.loop.Tick();
  r.loop.Tick();
  EXPECT_EQ(r.recomputed, (std::vector<absl::CivilDay>{absl::CivilDay(2024, 2, 10), absl::CivilDay(2024, 2, 10)}));
}

}  // namespace
}  // namespace opmon::compute
