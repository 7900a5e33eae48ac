#include "common/log/log.h"

#include <atomic>
#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log/url_redaction.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace opmon::log {
namespace {

std::mutex g_mu;
std::string& ServiceName() {
  static std::string* name = new std::string("opmon");
  return *name;
}
std::atomic<Level> g_min_level{Level::kInfo};

spdlog::logger& Logger() {
  // spdlog does the locking and flushing; the line is already formatted.
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("opmon");
    l->set_pattern("%v");
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *logger;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

void AppendValue(std::string& out, std::string_view raw) {
  // No credentials of a URL reach a log, whoever wrote the line.
  std::string redacted;
  std::string_view value = raw;
  if (raw.find("://") != std::string_view::npos) {
    redacted = RedactUrlCredentials(raw);
    value = redacted;
  }
  bool quote = value.empty() || value.find_first_of(" \"=\t\n") != std::string_view::npos;
  if (!quote) {
    out.append(value);
    return;
  }
  out.push_back('"');
  out.append(absl::StrReplaceAll(absl::string_view(value.data(), value.size()), {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}, {"\t", "\\t"}}));
  out.push_back('"');
}

}  // namespace

void SetServiceName(std::string_view name) {
  std::lock_guard<std::mutex> lock(g_mu);
  ServiceName() = std::string(name);
}

void SetMinLevel(Level level) { g_min_level = level; }

std::string FormatLine(Level level, std::string_view service, std::string_view msg,
                       std::initializer_list<Field> fields) {
  std::string out = absl::StrCat("level=", std::string(LevelName(level)), " service=");
  AppendValue(out, service);
  out.append(" msg=");
  AppendValue(out, msg);
  for (const auto& [key, value] : fields) {
    absl::StrAppend(&out, " ", std::string(key), "=");
    AppendValue(out, value);
  }
  return out;
}

void Write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (level < g_min_level.load()) return;
  std::string service;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    service = ServiceName();
  }
  std::string line = absl::StrCat(
      "ts=", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()), " ",
      FormatLine(level, service, msg, fields));
  Logger().info(line);
}

}  // namespace opmon::log
