#include "services/compute/kernels/histogram_parse.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "simdjson.h"

namespace opmon::kernels {
namespace {

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// BigQuery TRIM: leading/trailing whitespace (" \t\n\v\f\r").
std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
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

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool ParseKey(std::string_view s, double& out) {
  // Keys are nearly always bare digits: trim only when they are not.
  if (s.empty() || !IsDigit(s.front()) || !IsDigit(s.back())) s = Trim(s);
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
  simdjson::ondemand::parser fast_parser;
  simdjson::dom::parser parser;
  // For JSON inside a JSON string of an array being walked: parsing it with
  // `parser` would invalidate the array's document.
  simdjson::dom::parser string_parser;
  std::string buffer;
  std::string string_buffer;
  std::vector<std::string_view> parts;
  std::vector<std::string_view> items;
  Histogram scratch;

  absl::Status ParseJson(std::string_view text, Histogram& out);
  bool ParseArrayFast(std::string_view text, std::vector<Bucket>& out);
  absl::Status ParseArrayChecked(std::string_view text, std::vector<Bucket>& out);
  absl::Status ParseCompact(std::string_view text, Histogram& out);
  absl::Status ParseText(std::string_view text, Histogram& out);
};

namespace {

// The text a malformed message quotes: the element as written when known,
// else its minified form (only computed on the error path).
std::string ElementText(const simdjson::dom::element& element) { return simdjson::minify(element); }

// Reads one Firefox/Glean JSON object: header fields into `header`, bucket
// values appended to `values` (which may be header.values). Errors quote
// `written` (the element's text) when given, else the minified element.
absl::Status ReadObject(const simdjson::dom::element& element, std::string_view written, Histogram& header,
                        std::vector<Bucket>& values) {
  using simdjson::SUCCESS;
  namespace dom = simdjson::dom;
  auto fail = [&](std::string_view what) {
    return written.empty() ? Malformed(what, ElementText(element)) : Malformed(what, written);
  };
  dom::object object;
  if (element.get_object().get(object) != SUCCESS) return fail("not a JSON object");
  for (dom::key_value_pair field : object) {
    const std::string_view name = field.key;
    const dom::element value = field.value;
    if (value.is_null()) continue;
    if (name == "values") {
      dom::object entries;
      if (value.get_object().get(entries) != SUCCESS) return fail("\"values\" is not an object");
      for (dom::key_value_pair entry : entries) {
        double key;
        if (!ParseKey(entry.key, key)) {
          return fail(absl::StrCat("bucket key \"", std::string(entry.key), "\" is not a number"));
        }
        double count;
        if (entry.value.get_double().get(count) != SUCCESS) {
          return fail(absl::StrCat("count of bucket ", std::string(entry.key), " is not a number"));
        }
        if (!std::isfinite(count) || count < 0) {
          return fail(absl::StrCat("count ", count, " is negative or not finite"));
        }
        values.push_back({key, count});
      }
    } else if (name == "bucket_count" || name == "histogram_type") {
      int64_t n;
      if (!JsonInteger(value, n)) return fail(absl::StrCat(std::string(name), " is not an integer"));
      (name == "bucket_count" ? header.bucket_count : header.histogram_type) = n;
    } else if (name == "sum") {
      if (value.get_double().get(header.sum) != SUCCESS || !std::isfinite(header.sum)) {
        return fail("sum is not a number");
      }
    } else if (name == "range") {
      dom::array array;
      if (value.get_array().get(array) != SUCCESS) return fail("range is not an array");
      int64_t bounds[2];
      size_t n = 0;
      for (dom::element bound_element : array) {
        int64_t bound;
        if (!JsonInteger(bound_element, bound)) return fail("range bound is not an integer");
        if (n < 2) bounds[n] = bound;
        ++n;
      }
      if (n >= 2) header.range = std::make_pair(bounds[0], bounds[1]);
    }
  }
  return absl::OkStatus();
}

void ResetHeader(Histogram& h) {
  h.bucket_count = 0;
  h.histogram_type = 0;
  h.sum = 0;
  h.range.reset();
}

// `text` copied into `buffer`, which has simdjson's padding after it.
const char* PaddedCopy(std::string& buffer, std::string_view text) {
  if (buffer.size() < text.size() + simdjson::SIMDJSON_PADDING) {
    buffer.resize(text.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(buffer.data(), text.data(), text.size());
  return buffer.data();
}

// Copies `text` into `buffer` with simdjson's padding and parses it.
simdjson::error_code ParsePadded(simdjson::dom::parser& parser, std::string& buffer, std::string_view text,
                                 simdjson::dom::element& doc) {
  return parser.parse(PaddedCopy(buffer, text), text.size(), /*realloc_if_needed=*/false).get(doc);
}

namespace od = simdjson::ondemand;

// The key of an On-Demand field as written, when it holds no escape (the
// checked path unescapes the rare others).
bool PlainKey(const od::raw_json_string& key, std::string_view& out) {
  const char* begin = key.raw();
  const char* p = begin;
  while (*p != '"') {
    if (*p == '\\') return false;
    ++p;
  }
  out = std::string_view(begin, static_cast<size_t>(p - begin));
  return true;
}

// Bucket keys are nearly always bare digits: up to 15 of them are exact in a
// double. Anything else goes to ParseKey on the checked path.
bool DigitKey(const od::raw_json_string& key, double& out) {
  const char* p = key.raw();
  uint64_t value = 0;
  int digits = 0;
  for (; *p >= '0' && *p <= '9'; ++p) {
    if (++digits > 15) return false;
    value = value * 10 + static_cast<uint64_t>(*p - '0');
  }
  if (digits == 0 || *p != '"') return false;
  out = static_cast<double>(value);
  return true;
}

// The fields ReadObject reads. Compared character by character over a
// constant length, which the compiler unrolls (memcmp was a call per field
// of every histogram).
enum class Field { kValues, kInteger, kSum, kRange, kOther };

template <size_t N>
bool Is(std::string_view name, const char (&literal)[N]) {
  if (name.size() != N - 1) return false;
  for (size_t i = 0; i + 1 < N; ++i) {
    if (name[i] != literal[i]) return false;
  }
  return true;
}

Field FieldOf(std::string_view name) {
  if (Is(name, "values")) return Field::kValues;
  if (Is(name, "bucket_count") || Is(name, "histogram_type")) return Field::kInteger;
  if (Is(name, "sum")) return Field::kSum;
  if (Is(name, "range")) return Field::kRange;
  return Field::kOther;
}

// Integers (nearly always) are read as such, which is cheaper than as a
// double; "1.0" or "1e2" go on to the double reading, like JsonInteger.
bool FastInteger(od::value value) {
  int64_t i;
  if (value.get_int64().get(i) == simdjson::SUCCESS) return true;
  double d;
  return value.get_double().get(d) == simdjson::SUCCESS && d == std::floor(d) && std::fabs(d) <= 9.2e18;
}

// A number, read as an integer when it is one: the same double get_double
// gives (both round to nearest), for less work.
bool FastNumber(od::value value, double& out) {
  int64_t n;
  if (value.get_int64().get(n) == simdjson::SUCCESS) {
    out = static_cast<double>(n);
    return true;
  }
  return value.get_double().get(out) == simdjson::SUCCESS;
}

// ReadObject's On-Demand twin for well-formed input: appends the buckets and
// checks what ReadObject checks; false at the first thing it does not
// accept, a field opmon does not read included (the caller then reads the
// text again with ReadObject, which names any problem).
bool ReadObjectFast(od::object object, std::vector<Bucket>& values) {
  using simdjson::SUCCESS;
  for (auto field_result : object) {
    od::field field;
    if (std::move(field_result).get(field) != SUCCESS) return false;
    std::string_view name;
    if (!PlainKey(field.key(), name)) return false;
    od::value value = field.value();
    od::json_type type;
    if (value.type().get(type) != SUCCESS) return false;
    if (type == od::json_type::null) continue;
    const Field kind = FieldOf(name);
    if (kind == Field::kValues) {
      od::object entries;
      if (value.get_object().get(entries) != SUCCESS) return false;
      for (auto entry_result : entries) {
        od::field entry;
        if (std::move(entry_result).get(entry) != SUCCESS) return false;
        double key;
        if (!DigitKey(entry.key(), key)) return false;
        double count;
        if (!FastNumber(entry.value(), count)) return false;
        if (!std::isfinite(count) || count < 0) return false;
        values.push_back({key, count});
      }
    } else if (kind == Field::kInteger) {
      if (!FastInteger(value)) return false;
    } else if (kind == Field::kSum) {
      double sum;
      if (!FastNumber(value, sum) || !std::isfinite(sum)) return false;
    } else if (kind == Field::kRange) {
      od::array bounds;
      if (value.get_array().get(bounds) != SUCCESS) return false;
      for (auto bound : bounds) {
        od::value v;
        if (bound.get(v) != SUCCESS || !FastInteger(v)) return false;
      }
    } else {
      // On-Demand would skip the field without validating it; the DOM pass
      // validates it, so both passes accept exactly the same input.
      return false;
    }
  }
  return true;
}

// Whether simdjson may read SIMDJSON_PADDING bytes past `text` where it lies:
// they are on the same (mapped) page. Never under AddressSanitizer, which
// rightly reports any read past an allocation.
bool PaddingReadable(std::string_view text) {
#if defined(__SANITIZE_ADDRESS__)
  return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return false;
#endif
#endif
  constexpr uintptr_t kPage = 4096;  // the smallest page size Linux uses
  const uintptr_t end = reinterpret_cast<uintptr_t>(text.data()) + text.size();
  return (end - 1) / kPage == (end - 1 + simdjson::SIMDJSON_PADDING) / kPage;
}

}  // namespace

bool HistogramParser::Impl::ParseArrayFast(std::string_view text, std::vector<Bucket>& out) {
  using simdjson::SUCCESS;
  const char* data = PaddingReadable(text) ? text.data() : PaddedCopy(buffer, text);
  od::document doc;
  if (fast_parser.iterate(data, text.size(), text.size() + simdjson::SIMDJSON_PADDING).get(doc) != SUCCESS) {
    return false;
  }
  od::array array;
  if (doc.get_array().get(array) != SUCCESS) return false;
  for (auto element_result : array) {
    od::value element;
    od::json_type type;
    if (element_result.get(element) != SUCCESS || element.type().get(type) != SUCCESS) return false;
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if (element.get_object().get(object) != SUCCESS || !ReadObjectFast(object, out)) return false;
        break;
      }
      case od::json_type::string: {
        std::string_view unescaped;
        if (element.get_string().get(unescaped) != SUCCESS) return false;
        if (!ParseText(unescaped, scratch).ok()) return false;
        out.insert(out.end(), scratch.values.begin(), scratch.values.end());
        break;
      }
      case od::json_type::null:
        break;
      default:
        return false;
    }
  }
  // Past the array's end there must be nothing left (no trailing content).
  return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

absl::Status HistogramParser::Impl::ParseJson(std::string_view text, Histogram& out) {
  simdjson::dom::element doc;
  if (ParsePadded(string_parser, string_buffer, text, doc) != simdjson::SUCCESS) {
    return Malformed("invalid JSON", text);
  }
  return ReadObject(doc, text, out, out.values);
}

absl::Status HistogramParser::Impl::ParseText(std::string_view text, Histogram& out) {
  ResetHeader(out);
  out.values.clear();
  const std::string_view trimmed = Trim(text);
  if (!trimmed.empty() && trimmed.front() == '{') return ParseJson(trimmed, out);
  return ParseCompact(text, out);
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

absl::Status HistogramParser::Parse(std::string_view text, Histogram& out) { return impl_->ParseText(text, out); }

absl::Status HistogramParser::ParseAll(std::string_view text, std::vector<Bucket>& out) {
  const std::string_view trimmed = Trim(text);
  if (trimmed.empty()) return absl::InvalidArgumentError("empty histogram value");
  if (trimmed.front() != '[') {
    Histogram& h = impl_->scratch;
    if (absl::Status s = impl_->ParseText(trimmed, h); !s.ok()) return s;
    out.insert(out.end(), h.values.begin(), h.values.end());
    return absl::OkStatus();
  }
  // Well-formed arrays (nearly all) take the On-Demand pass; anything it
  // does not accept is read again by the DOM pass, whose errors name the
  // problem.
  const size_t appended_from = out.size();
  if (impl_->ParseArrayFast(trimmed, out)) return absl::OkStatus();
  out.resize(appended_from);
  return impl_->ParseArrayChecked(trimmed, out);
}

absl::Status HistogramParser::Impl::ParseArrayChecked(std::string_view trimmed, std::vector<Bucket>& out) {
  namespace dom = simdjson::dom;
  dom::element doc;
  if (ParsePadded(parser, buffer, trimmed, doc) != simdjson::SUCCESS) {
    return Malformed("histogram array is unterminated or not valid JSON", trimmed);
  }
  dom::array array;
  if (doc.get_array().get(array) != simdjson::SUCCESS) return Malformed("not a JSON array", trimmed);
  size_t index = 0;
  for (dom::element element : array) {
    absl::Status status;
    if (element.is_object()) {
      ResetHeader(scratch);
      status = ReadObject(element, {}, scratch, out);
    } else if (element.is_string()) {
      std::string_view unescaped;
      if (element.get_string().get(unescaped) != simdjson::SUCCESS) {
        status = absl::InvalidArgumentError("unreadable JSON string");
      } else {
        Histogram& h = scratch;
        status = ParseText(unescaped, h);
        if (status.ok()) out.insert(out.end(), h.values.begin(), h.values.end());
      }
    } else if (!element.is_null()) {
      status = absl::InvalidArgumentError(absl::StrCat("expected a JSON object or string, got ", ElementText(element)));
    }
    if (!status.ok()) {
      constexpr std::string_view kPrefix = "histogram: ";
      std::string_view message(status.message().data(), status.message().size());
      if (message.substr(0, kPrefix.size()) == kPrefix) message.remove_prefix(kPrefix.size());
      return absl::InvalidArgumentError(absl::StrCat("histogram ", index, ": ", std::string(message)));
    }
    ++index;
  }
  return absl::OkStatus();
}

absl::StatusOr<Histogram> ParseHistogram(std::string_view text) {
  HistogramParser parser;
  Histogram h;
  if (absl::Status s = parser.Parse(text, h); !s.ok()) return s;
  return h;
}

}  // namespace opmon::kernels
