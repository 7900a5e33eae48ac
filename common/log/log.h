#pragma once
// Structured one-line logs (logfmt) on stderr:
//   ts=2026-11-22T10:00:00.123Z level=info service=opmon-config msg="listening" addr=127.0.0.1:7101
// Keys are fixed identifiers; values are quoted when they hold spaces,
// quotes or '='. Thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace opmon::log {

using Field = std::pair<std::string_view, std::string>;

enum class Level { kDebug, kInfo, kWarn, kError };

// Names the process in every line; call once from main.
void SetServiceName(std::string_view name);
void SetMinLevel(Level level);

void Write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});
inline void Debug(std::string_view msg, std::initializer_list<Field> f = {}) { Write(Level::kDebug, msg, f); }
inline void Info(std::string_view msg, std::initializer_list<Field> f = {}) { Write(Level::kInfo, msg, f); }
inline void Warn(std::string_view msg, std::initializer_list<Field> f = {}) { Write(Level::kWarn, msg, f); }
inline void Error(std::string_view msg, std::initializer_list<Field> f = {}) { Write(Level::kError, msg, f); }

// The logfmt rendering of one line without the timestamp (tested directly).
std::string FormatLine(Level level, std::string_view service, std::string_view msg,
                       std::initializer_list<Field> fields);

}  // namespace opmon::log
