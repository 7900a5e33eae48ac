#pragma once
// The server side of ConfigService.WatchProjects: a ServerWriteReactor fed by
// the ChangeFeed. Initial metadata is sent once the subscription's starting
// point is fixed (ChangeFeed::Subscriber::OnStart), so a client that has read
// it knows no later change will be missed. Changes are
// written one at a time in change_id order; a client that falls more than
// kMaxPendingChanges behind is ended with RESOURCE_EXHAUSTED (watch again
// with after_change_id). Cancellation and server shutdown end the stream.

#include <cstddef>
#include <cstdint>

#include "common/grpc/stream_limit.h"
#include "grpcpp/support/server_callback.h"
#include "opmon/v1/config.pb.h"
#include "services/config/config_metrics.h"
#include "services/config/storage/change_feed.h"

namespace opmon::config {

inline constexpr size_t kMaxPendingChanges = 10000;

// Starts a watch holding `slot` (its place under the watch-stream cap) until
// the call is done; the reactor then deletes itself. `feed` and `metrics`
// must outlive it.
grpc::ServerWriteReactor<v1::ProjectChange>* StartWatch(ChangeFeed& feed, int64_t after_change_id,
                                                        ConfigMetrics& metrics, grpc_edge::StreamSlot slot);

}  // namespace opmon::config
