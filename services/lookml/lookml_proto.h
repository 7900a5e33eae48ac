#pragma once
// LookML results as protobuf messages. The whole tree and a preview page can
// pass gRPC's message-size limit (grpc_edge::kMaxMessageBytes), so
// GenerateAll and RenderPreview stream them over several messages of at most
// kStreamMessageBytes each.

#include <cstddef>
#include <string>
#include <vector>

#include "common/grpc/client_channel.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "opmon/v1/lookml.pb.h"
#include "services/lookml/domain/lookml_input.h"
#include "services/lookml/domain/lookml_tree.h"

namespace opmon::lookml {

// A quarter of the limit: room for framing, and a client reading the stream
// holds little at a time.
inline constexpr std::size_t kStreamMessageBytes = grpc_edge::kMaxMessageBytes / 4;

void AddFiles(const std::vector<GeneratedFile>& files, google::protobuf::RepeatedPtrField<v1::GeneratedFile>* out);

// `tree` as GenerateAll messages: its files in order, each message holding
// files whose paths and contents total at most `budget` bytes (a larger file
// goes alone), the problems in the first message. At least one message.
std::vector<v1::GenerateAllResponse> GenerateAllMessages(const GeneratedTree& tree,
                                                         std::size_t budget = kStreamMessageBytes);

// `html` (UTF-8) as RenderPreview messages of at most `budget` bytes each
// (budget >= 4), cut only between characters, so every piece is valid UTF-8
// as a protobuf string must be. Concatenated, they are `html`. At least one.
std::vector<v1::RenderPreviewResponse> PreviewMessages(const std::string& html,
                                                       std::size_t budget = kStreamMessageBytes);

}  // namespace opmon::lookml
