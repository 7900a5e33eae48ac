#include "services/compute/domain/errors/error_ping.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/errors/flat_json.h"

namespace opmon::compute::errors {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// a / b rounded down (b > 0), also for negative a.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b < 0 ? 1 : 0); }
constexpr int64_t kWindowUs = opmon::errors::kWindowMicros;

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& set, const std::optional<std::string_view>& value) {
  return value && std::find(set.begin(), set.end(), *value) != set.end();
}

// Digits of text[pos, pos + n) as a number; -1 when any is not a digit.
int Digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// The build's day from "YYYYMMDDhhmmss"; nullopt when malformed.
std::optional<absl::CivilDay> BuildDay(const std::optional<std::string_view>& build_id) {
  if (!build_id || build_id->size() != 14) return std::nullopt;
  for (char c : *build_id) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  const int y = Digits(*build_id, 0, 4), m = Digits(*build_id, 4, 2), d = Digits(*build_id, 6, 2);
  const int hh = Digits(*build_id, 8, 2), mm = Digits(*build_id, 10, 2), ss = Digits(*build_id, 12, 2);
  const absl::CivilDay day(y, m, d);
  // CivilDay normalises out-of-range fields: a mismatch means no such date.
  if (day.year() != y || day.month() != m || day.day() != d || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return day;
}

// (experiment, branch) pairs of the experiments column, distinct and
// sorted, or nullopt when it is not an object of {"branch": ...} objects.
std::optional<std::vector<std::pair<std::string, std::string>>> Experiments(
    const std::optional<std::string_view>& text) {
  if (!text) return std::vector<std::pair<std::string, std::string>>();
  std::optional<std::vector<std::pair<std::string, std::string>>> out = ParseExperiments(*text);
  if (out) {
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
  }
  return out;
}

// Adds the counts of a keyed count object to `measures` for the keys in
// `keys`; false when it is not an object of non-negative integers.
template <size_t N>
bool AddCounts(const std::optional<std::string_view>& text, const std::array<std::pair<std::string_view, Measure>, N>& keys,
               Measures& measures) {
  if (!text) return true;
  return ForEachCount(*text, [&](std::string_view key, int64_t count) {
    for (const auto& [name, measure] : keys) {
      if (key == name) measures[measure] += count;
    }
  });
}

constexpr std::array<std::pair<std::string_view, Measure>, 3> kSubprocessCrashKeys = {{
    {"gpu", Measure::kGpuCrashes},
    {"plugin", Measure::kPluginCrashes},
    {"gmplugin", Measure::kGmpluginCrashes},
}};

constexpr std::array<std::pair<std::string_view, Measure>, 5> kErrorCountKeys = {{
    {"BROWSER_SHIM_USAGE_BLOCKED", Measure::kBrowserShimUsageBlocked},
    {"PERMISSIONS_SQL_CORRUPTED", Measure::kPermissionsSqlCorrupted},
    {"DEFECTIVE_PERMISSIONS_SQL_REMOVED", Measure::kDefectivePermissionsSqlRemoved},
    {"SLOW_SCRIPT_NOTICE_COUNT", Measure::kSlowScriptNoticeCount},
    {"SLOW_SCRIPT_PAGE_COUNT", Measure::kSlowScriptPageCount},
}};

void AddCrashMeasures(const RawErrorPing& raw, Measures& m) {
  const bool main_process = !raw.process_type || *raw.process_type == "main";
  const bool content = raw.process_type && *raw.process_type == "content";
  const bool shutdown_kill = raw.ipc_channel_error && raw.ipc_channel_error->find("ShutDownKill") != std::string_view::npos;
  if (main_process) m[Measure::kMainCrashes] = 1;
  if (content && !shutdown_kill) m[Measure::kContentCrashes] = 1;
  if (content && shutdown_kill) m[Measure::kContentShutdownCrashes] = 1;
  if (raw.startup_crash && (*raw.startup_crash == "t" || *raw.startup_crash == "true")) m[Measure::kStartupCrashes] = 1;
}

bool AddMainMeasures(const RawErrorPing& raw, Measures& m) {
  m[Measure::kSubsessionCount] = 1;
  int64_t seconds = 0;
  if (raw.subsession_length && absl::SimpleAtoi(absl::string_view(raw.subsession_length->data(), raw.subsession_length->size()), &seconds)) {
    m.usage_hours = std::clamp(static_cast<double>(seconds) / 3600.0, 0.0, kMaxUsageHours);
  }
  return AddCounts(raw.subprocess_crashes, kSubprocessCrashKeys, m) && AddCounts(raw.error_counts, kErrorCountKeys, m);
}

}  // namespace

std::string_view SourceTable(PingSource source) {
  return source == PingSource::kMain ? opmon::errors::kMainPingsTable : opmon::errors::kCrashPingsTable;
}

int64_t WindowStartUs(int64_t received_us) {
  return FloorDiv(received_us, kWindowUs) * kWindowUs;  // floor also for instants before the epoch
}

std::optional<std::string_view> CutOsVersion(std::string_view version) {
  size_t end = 0;
  for (int part = 0; part < 3; ++part) {
    size_t pos = end;
    if (part > 0) {
      if (pos >= version.size() || version[pos] != '.') break;
      ++pos;
    }
    size_t digits_end = pos;
    while (digits_end < version.size() && absl::ascii_isdigit(static_cast<unsigned char>(version[digits_end]))) {
      ++digits_end;
    }
    if (digits_end == pos) break;
    end = digits_end;
  }
  if (end == 0) return std::nullopt;
  return version.substr(0, end);
}

bool BuildDateAccepted(absl::CivilDay build_day, absl::CivilDay received_day) {
  if (build_day > received_day) return false;
  // ChronoUnit.MONTHS.between: whole months, a month ending on the same day of month.
  const auto packed = [](absl::CivilDay d) { return (d.year() * 12 + d.month() - 1) * 32 + d.day(); };
  return (packed(received_day) - packed(build_day)) / 32 <= 6;
}

std::variant<ErrorPing, RejectReason> CheckPing(const RawErrorPing& raw) {
  if (!OneOf(kAcceptedApplications, raw.app_name)) return RejectReason::kUnknownApplication;
  if (!OneOf(kAcceptedChannels, raw.channel)) return RejectReason::kUnknownChannel;
  if (!raw.app_version || raw.app_version->empty()) return RejectReason::kMissingVersion;
  const std::optional<absl::CivilDay> build_day = BuildDay(raw.build_id);
  if (!build_day) return RejectReason::kBadBuildId;
  const absl::CivilDay received_day = time::CivilFromDays(FloorDiv(raw.received_us, kMicrosPerDay));
  if (!BuildDateAccepted(*build_day, received_day)) return RejectReason::kBuildTooOld;
  std::optional<std::vector<std::pair<std::string, std::string>>> experiments = Experiments(raw.experiments);
  if (!experiments) return RejectReason::kBadExperiments;

  ErrorPing ping;
  ping.window_start_us = WindowStartUs(raw.received_us);
  ping.measures[Measure::kCount] = 1;
  if (raw.source == PingSource::kCrash) {
    AddCrashMeasures(raw, ping.measures);
  } else if (!AddMainMeasures(raw, ping.measures)) {
    return RejectReason::kBadCounts;
  }
  PingDimensions& d = ping.dimensions;
  d.channel = *raw.channel;
  d.version = *raw.app_version;
  d.display_version = raw.display_version;
  d.build_id = *raw.build_id;
  d.application = *raw.app_name;
  d.os_name = raw.os_name;
  // The reference names Fennec's Linux Android.
  if (d.application == "Fennec" && d.os_name == "Linux") d.os_name = "Android";
  if (raw.os_version) d.os_version = CutOsVersion(*raw.os_version);
  d.architecture = raw.architecture;
  d.country = raw.country;
  ping.experiments = *std::move(experiments);
  return ping;
}

absl::StatusOr<int64_t> ParseUtcTimestampUs(std::string_view text) {
  // YYYY-MM-DD HH:MM:SS[.ffffff]+00
  const int y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  const int h = Digits(text, 11, 2), mi = Digits(text, 14, 2), s = Digits(text, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 ||
      text[4] != '-' || text[7] != '-' ||
      (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':') {
    return absl::InvalidArgumentError(absl::StrCat("not a UTC timestamp: \"", std::string(text), "\""));
  }
  size_t pos = 19;
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    int64_t scale = 100000;
    for (++pos; pos < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[pos])); ++pos) {
      fraction += (text[pos] - '0') * scale;
      scale /= 10;
    }
  }
  const std::string_view zone = text.substr(pos);
  if (zone != "+00" && zone != "Z" && zone != "+00:00") {
    return absl::InvalidArgumentError(absl::StrCat("not a UTC timestamp: \"", std::string(text), "\""));
  }
  return ((time::DaysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60 * kMicrosPerSecond + s * kMicrosPerSecond + fraction;
}

std::string FormatUtcTimestampUs(int64_t us) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", absl::FromUnixMicros(us), absl::UTCTimeZone());
}

}  // namespace opmon::compute::errors
