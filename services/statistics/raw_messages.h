#pragma once
// The wire side of the methods registered raw (ByteBuffer in and out):
// QueryStatistics and QueryErrorAggregates answer cached pages with an
// encoding made once per page (EncodedPageSlot), not rebuilt and
// re-serialised per call.

#include <memory>
#include <string>
#include <utility>

#include "absl/base/call_once.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "grpcpp/support/proto_buffer_writer.h"
#include "services/statistics/domain/encoded_page_slot.h"

namespace opmon::statistics {

// The request in `bytes`; InvalidArgument when they are not a `Request`.
template <typename Request>
absl::StatusOr<Request> DecodeRawRequest(const grpc::ByteBuffer& bytes) {
  grpc::ByteBuffer copy(bytes);  // Deserialize consumes its buffer
  Request request;
  if (!grpc::SerializationTraits<Request>::Deserialize(&copy, &request).ok()) {
    return absl::InvalidArgumentError(absl::StrCat("request: not an ", std::string(Request::descriptor()->full_name())));
  }
  return request;
}

// The encoding kept in `slot`, made on the first call by serialising the
// `Response` that `fill(Response*)` builds. Thread-safe; the returned buffer
// only references the slot's slices.
template <typename Response, typename Fill>
grpc::ByteBuffer EncodedOnce(EncodedPageSlot& slot, Fill&& fill) {
  absl::call_once(slot.once, [&] {
    Response response;
    std::forward<Fill>(fill)(&response);
    auto buffer = std::make_shared<grpc::ByteBuffer>();
    bool own = false;
    // Serialising a message we just built cannot fail short of memory exhaustion.
    (void)grpc::SerializationTraits<Response>::Serialize(response, buffer.get(), &own);
    slot.encoded = std::move(buffer);
  });
  return *static_cast<const grpc::ByteBuffer*>(slot.encoded.get());
}

}  // namespace opmon::statistics
