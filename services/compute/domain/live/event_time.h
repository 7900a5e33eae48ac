#pragma once
// Event times on the ingest path, read and written for every event, so
// without absl's general (and slow) format engine for the usual spelling:
// reading takes the shape opmon's sources send ("2024-02-20T12:04:59.999Z",
// "...+01:00") in one scan and hands every other spelling to
// absl::ParseTime; writing produces COPY text for a timestamptz column.

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace opmon::compute::live {

// The instant of an RFC 3339 time with an offset (absl::RFC3339_full), or
// nullopt when `text` is not one: exactly what absl::ParseTime answers.
std::optional<absl::Time> ParseEventTime(std::string_view text);

// Appends `t` as "YYYY-MM-DD HH:MM:SS.ffffff+00" (UTC, microseconds,
// truncated toward the past), what FormatTime("%Y-%m-%d %H:%M:%E6S+00")
// writes.
void AppendCopyTime(std::string& out, absl::Time t);

}  // namespace opmon::compute::live
