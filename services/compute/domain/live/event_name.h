#pragma once
// Event names as sources send them: the canonical names of
// common/live/live_relations.h plus the reference's method-name aliases
// (desktop normandy's enrollFailed, expose, ...; Glean nimbus_events'
// enrollment, unenrollment, ...). Parsed where events enter compute, so
// only canonical names are stored.

#include <optional>
#include <string_view>

#include "common/live/live_relations.h"

namespace opmon::compute::live {

// The kind named by a canonical name or an alias (case-sensitive, as the
// sources spell them); nullopt for any other text.
std::optional<opmon::live::EventKind> ParseEventName(std::string_view name);

}  // namespace opmon::compute::live
