// The cap on concurrent streams: slots up to the limit, then
// RESOURCE_EXHAUSTED, and a slot freed when its stream ends.
#include "common/grpc/stream_limit.h"

#include <optional>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace opmon::grpc_edge {
namespace {

TEST(StreamLimit, RefusesStreamsPastTheLimitUntilOneEnds) {
  StreamLimit limit("watch streams", 2);
  std::vector<StreamSlot> slots;
  slots.push_back(*limit.Acquire());
  slots.push_back(*limit.Acquire());
  EXPECT_EQ(limit.open(), 2);
  EXPECT_THAT(limit.Acquire(), StatusIs(absl::StatusCode::kResourceExhausted,
                                        "2 watch streams are open, the most this service allows; retry later"));
  slots.pop_back();
  EXPECT_EQ(limit.open(), 1);
  EXPECT_THAT(limit.Acquire(), IsOk());  // a temporary: released at once
  EXPECT_EQ(limit.open(), 1);
}

TEST(StreamLimit, AMovedSlotIsReleasedOnce) {
  StreamLimit limit("watch streams", 2);
  std::optional<StreamSlot> first(*limit.Acquire());
  StreamSlot moved = *std::move(first);
  first.reset();  // the moved-from slot releases nothing
  EXPECT_EQ(limit.open(), 1);
  StreamSlot second = *limit.Acquire();
  second = std::move(moved);  // second's own place is released, moved's kept
  EXPECT_EQ(limit.open(), 1);
}

}  // namespace
}  // namespace opmon::grpc_edge
