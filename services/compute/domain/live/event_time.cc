#include "services/compute/domain/live/event_time.h"

#include <cstdint>

#include "absl/time/civil_time.h"

namespace opmon::compute::live {
namespace {

// The digits of text[pos, pos + n) as a number, or -1.
int Digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)" with every field in its
// range; nullopt for anything else (which the general parser decides).
std::optional<absl::Time> ParseUsualShape(std::string_view t) {
  const int year = Digits(t, 0, 4), month = Digits(t, 5, 2), day = Digits(t, 8, 2);
  const int hour = Digits(t, 11, 2), minute = Digits(t, 14, 2), second = Digits(t, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return std::nullopt;
  if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':') return std::nullopt;
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  if (civil.year() != year || civil.month() != month || civil.day() != day || civil.hour() != hour ||
      civil.minute() != minute || civil.second() != second) {
    return std::nullopt;  // out of range (Feb 30, 24:00, a leap second): absl's rules
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < t.size() && t[pos] == '.') {
    const size_t start = ++pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9' && pos - start < 9) nanos = nanos * 10 + (t[pos++] - '0');
    const size_t digits = pos - start;
    if (digits == 0 || (pos < t.size() && t[pos] >= '0' && t[pos] <= '9')) return std::nullopt;
    for (size_t i = digits; i < 9; ++i) nanos *= 10;
  }
  int offset_seconds = 0;
  if (pos + 1 == t.size() && t[pos] == 'Z') {
    ++pos;
  } else if (pos + 6 == t.size() && (t[pos] == '+' || t[pos] == '-') && t[pos + 3] == ':') {
    const int oh = Digits(t, pos + 1, 2), om = Digits(t, pos + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return std::nullopt;
    offset_seconds = (oh * 60 + om) * 60 * (t[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;  // no offset
  }
  return absl::FromCivil(civil, absl::UTCTimeZone()) - absl::Seconds(offset_seconds) + absl::Nanoseconds(nanos);
}

void AppendPadded(std::string& out, int64_t value, int width) {
  char digits[20];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<size_t>(width));
}

}  // namespace

std::optional<absl::Time> ParseEventTime(std::string_view text) {
  if (std::optional<absl::Time> usual = ParseUsualShape(text)) return usual;
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &error)) return std::nullopt;
  return t;
}

void AppendCopyTime(std::string& out, absl::Time t) {
  const int64_t micros = absl::ToUnixMicros(t);  // toward the past
  int64_t seconds = micros / 1000000;
  int64_t fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  const absl::CivilSecond c = absl::ToCivilSecond(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  if (c.year() < 1 || c.year() > 9999) {  // outside four digits: absl's own spelling
    out += absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", t, absl::UTCTimeZone());
    return;
  }
  // Each field with the separator before it.
  const struct {
    char before;
    int64_t value;
    int width;
  } fields[] = {{'\0', c.year(), 4}, {'-', c.month(), 2},  {'-', c.day(), 2},    {' ', c.hour(), 2},
                {':', c.minute(), 2}, {':', c.second(), 2}, {'.', fraction, 6}};
  for (const auto& f : fields) {
    if (f.before != '\0') out += f.before;
    AppendPadded(out, f.value, f.width);
  }
  out += "+00";
}

}  // namespace opmon::compute::live
