#include "services/compute/kernels/histogram_parse.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "simdjson.h"

namespace opmon::kernels {
namespace {

// BigQuery TRIM: leading/trailing whitespace.
std::string_view Trim(std::string_view s) {
  const char* ws = " \t\n\r\f\v";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

absl::Status Malformed(std::string_view what, std::string_view text) {
  constexpr size_t kMax = 40;
  return absl::InvalidArgumentError(absl::StrCat(
      "histogram: ", std::string(what), " in \"", std::string(text.substr(0, kMax)), text.size() > kMax ? "..." : "",
      "\""));
}

// CAST(s AS INT64), allowing surrounding whitespace.
bool ParseInt64(std::string_view s, int64_t& out) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool ParseKey(std::string_view s, double& out) {
  s = Trim(s);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

absl::Status CheckCount(double value, std::string_view text) {
  if (!std::isfinite(value) || value < 0) {
    return Malformed(absl::StrCat("count ", value, " is negative or not finite"), text);
  }
  return absl::OkStatus();
}

// Splits on `sep`, as SPLIT does (an empty string gives one empty part).
void Split(std::string_view s, char sep, std::vector<std::string_view>& parts) {
  parts.clear();
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

bool JsonInteger(const simdjson::dom::element& v, int64_t& out) {
  double d;
  if (v.get_double().get(d) != simdjson::SUCCESS) return false;
  if (!(d == std::floor(d)) || std::fabs(d) > 9.2e18) return false;
  out = static_cast<int64_t>(d);
  return true;
}

}  // namespace

struct HistogramParser::Impl {
  simdjson::dom::parser parser;
  std::string buffer;
  std::vector<std::string_view> parts;
  std::vector<std::string_view> items;

  absl::Status ParseJson(std::string_view text, Histogram& out);
  absl::Status ParseCompact(std::string_view text, Histogram& out);
};

absl::Status HistogramParser::Impl::ParseJson(std::string_view text, Histogram& out) {
  using simdjson::SUCCESS;
  namespace dom = simdjson::dom;
  if (buffer.size() < text.size() + simdjson::SIMDJSON_PADDING) {
    buffer.resize(text.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(buffer.data(), text.data(), text.size());
  dom::element doc;
  if (parser.parse(buffer.data(), text.size(), /*realloc_if_needed=*/false).get(doc) != SUCCESS) {
    return Malformed("invalid JSON", text);
  }
  dom::object object;
  if (doc.get_object().get(object) != SUCCESS) return Malformed("not a JSON object", text);
  for (dom::key_value_pair field : object) {
    const std::string_view name = field.key;
    const dom::element value = field.value;
    if (value.is_null()) continue;
    if (name == "values") {
      dom::object values;
      if (value.get_object().get(values) != SUCCESS) {
        return Malformed("\"values\" is not an object", text);
      }
      for (dom::key_value_pair entry : values) {
        double key;
        if (!ParseKey(entry.key, key)) {
          return Malformed(
              absl::StrCat("bucket key \"", std::string(entry.key), "\" is not a number"), text);
        }
        double count;
        if (entry.value.get_double().get(count) != SUCCESS) {
          return Malformed(
              absl::StrCat("count of bucket ", std::string(entry.key), " is not a number"), text);
        }
        if (absl::Status s = CheckCount(count, text); !s.ok()) return s;
        out.values.push_back({key, count});
      }
    } else if (name == "bucket_count" || name == "histogram_type") {
      int64_t n;
      if (!JsonInteger(value, n)) {
        return Malformed(absl::StrCat(std::string(name), " is not an integer"), text);
      }
      (name == "bucket_count" ? out.bucket_count : out.histogram_type) = n;
    } else if (name == "sum") {
      if (value.get_double().get(out.sum) != SUCCESS || !std::isfinite(out.sum)) {
        return Malformed("sum is not a number", text);
      }
    } else if (name == "range") {
      dom::array array;
      if (value.get_array().get(array) != SUCCESS) return Malformed("range is not an array", text);
      std::vector<int64_t> bounds;
      for (dom::element element : array) {
        int64_t bound;
        if (!JsonInteger(element, bound)) return Malformed("range bound is not an integer", text);
        bounds.push_back(bound);
      }
      if (bounds.size() >= 2) out.range = std::make_pair(bounds[0], bounds[1]);
    }
  }
  return absl::OkStatus();
}

absl::Status HistogramParser::Impl::ParseCompact(std::string_view text, Histogram& out) {
  Split(text, ';', parts);
  if (parts.size() == 5) {
    if (!ParseInt64(parts[0], out.bucket_count)) return Malformed("bad bucket_count", text);
    if (!ParseInt64(parts[1], out.histogram_type)) return Malformed("bad histogram_type", text);
    int64_t sum;
    if (!ParseInt64(parts[2], sum)) return Malformed("bad sum", text);
    out.sum = static_cast<double>(sum);
    const std::string_view range_text = parts[3];
    const std::string_view values_text = parts[4];
    Split(range_text, ',', items);
    std::vector<int64_t> bounds;
    for (std::string_view b : items) {
      int64_t bound;
      if (!ParseInt64(b, bound)) return Malformed("bad range", text);
      bounds.push_back(bound);
    }
    if (bounds.size() >= 2) out.range = std::make_pair(bounds[0], bounds[1]);
    Split(values_text, ',', items);
    for (std::string_view entry : items) {
      if (entry.size() < 3) continue;
      const size_t colon = entry.find(':');
      if (colon == std::string_view::npos) return Malformed("entry without ':'", text);
      std::string_view value_text = entry.substr(colon + 1);
      value_text = value_text.substr(0, value_text.find(':'));
      int64_t key, value;
      if (!ParseInt64(entry.substr(0, colon), key) || !ParseInt64(value_text, value)) {
        return Malformed(absl::StrCat("bad entry \"", std::string(entry), "\""), text);
      }
      if (absl::Status s = CheckCount(static_cast<double>(value), text); !s.ok()) return s;
      out.values.push_back({static_cast<double>(key), static_cast<double>(value)});
    }
    return absl::OkStatus();
  }
  Split(text, ',', items);
  if (items.size() == 2) {
    int64_t a, b;
    if (!ParseInt64(items[0], a) || !ParseInt64(items[1], b)) {
      return Malformed("bad boolean histogram", text);
    }
    if (absl::Status s = CheckCount(static_cast<double>(a), text); !s.ok()) return s;
    if (absl::Status s = CheckCount(static_cast<double>(b), text); !s.ok()) return s;
    out.bucket_count = 3;
    out.histogram_type = 2;
    out.sum = static_cast<double>(b);
    out.range = std::make_pair(int64_t{1}, int64_t{2});
    out.values = {{0, static_cast<double>(a)}, {1, static_cast<double>(b)}, {2, 0}};
    return absl::OkStatus();
  }
  if (items.size() == 1) {
    int64_t n;
    if (!ParseInt64(items[0], n)) return Malformed("bad count histogram", text);
    if (absl::Status s = CheckCount(static_cast<double>(n), text); !s.ok()) return s;
    out.bucket_count = 3;
    out.histogram_type = 4;
    out.sum = static_cast<double>(n);
    out.range = std::make_pair(int64_t{1}, int64_t{2});
    out.values = {{0, static_cast<double>(n)}, {1, 0}};
    return absl::OkStatus();
  }
  return Malformed("no histogram form matches (the reference yields NULL)", text);
}

HistogramParser::HistogramParser() : impl_(std::make_unique<Impl>()) {}
HistogramParser::~HistogramParser() = default;

absl::Status HistogramParser::Parse(std::string_view text, Histogram& out) {
  out.bucket_count = 0;
  out.histogram_type = 0;
  out.sum = 0;
  out.range.reset();
  out.values.clear();
  const std::string_view trimmed = Trim(text);
  if (!trimmed.empty() && trimmed.front() == '{') return impl_->ParseJson(trimmed, out);
  return impl_->ParseCompact(text, out);
}

absl::StatusOr<Histogram> ParseHistogram(std::string_view text) {
  HistogramParser parser;
  Histogram h;
  if (absl::Status s = parser.Parse(text, h); !s.ok()) return s;
  return h;
}

}  // namespace opmon::kernels
