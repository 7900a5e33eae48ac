#include "clients/opmonctl/flat_event_line.h"

#include <array>
#include <cstdint>
#include <string>

namespace opmon::ctl {
namespace {

enum class Value { kText, kNullableText, kCount };

using TextField = std::string* (v1::LiveEvent::*)();
using CountField = void (v1::LiveEvent::*)(int64_t);

struct Key {
  std::string_view name;
  Value value;
  TextField text = nullptr;
  CountField count = nullptr;
};

constexpr std::array<Key, 11> kKeys{{
    {"event_id", Value::kText, &v1::LiveEvent::mutable_event_id},
    {"submission_timestamp", Value::kText, &v1::LiveEvent::mutable_submission_timestamp},
    {"client_id", Value::kText, &v1::LiveEvent::mutable_client_id},
    {"app", Value::kText, &v1::LiveEvent::mutable_app},
    {"channel", Value::kText, &v1::LiveEvent::mutable_channel},
    {"experiment", Value::kText, &v1::LiveEvent::mutable_experiment},
    {"branch", Value::kNullableText, &v1::LiveEvent::mutable_branch},
    {"event", Value::kNullableText, &v1::LiveEvent::mutable_event},
    {"search_count", Value::kCount, nullptr, &v1::LiveEvent::set_search_count},
    {"search_with_ads_count", Value::kCount, nullptr, &v1::LiveEvent::set_search_with_ads_count},
    {"ad_clicks_count", Value::kCount, nullptr, &v1::LiveEvent::set_ad_clicks_count},
}};

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' ||
                                   text_[pos_] == '\n')) {
      ++pos_;
    }
  }
  bool Take(char c) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }
  char Peek() {
    SkipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  // A string of printable ASCII without escapes (what needs more is the
  // general parser's business).
  std::optional<std::string_view> String() {
    if (!Take('"')) return std::nullopt;
    const size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') return text_.substr(start, pos_++ - start);
      if (c == '\\' || c < 0x20 || c >= 0x80) return std::nullopt;
    }
    return std::nullopt;
  }
  bool Null() {
    SkipSpace();
    if (text_.substr(pos_, 4) != "null") return false;
    pos_ += 4;
    return true;
  }
  // An unsigned JSON integer of at most 18 digits (no sign, fraction or
  // exponent, no leading zero).
  std::optional<int64_t> Count() {
    SkipSpace();
    const size_t start = pos_;
    int64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') value = value * 10 + (text_[pos_++] - '0');
    const size_t digits = pos_ - start;
    if (digits == 0 || digits > 18 || (digits > 1 && text_[start] == '0')) return std::nullopt;
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) return std::nullopt;
    return value;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

const Key* FindKey(std::string_view name) {
  for (const Key& key : kKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

}  // namespace

std::optional<v1::LiveEvent> ParseFlatEventLine(std::string_view line) {
  Scanner in(line);
  if (!in.Take('{')) return std::nullopt;
  v1::LiveEvent event;
  uint32_t seen = 0;  // a repeated key is the general parser's business
  if (in.Take('}')) return in.AtEnd() ? std::optional(event) : std::nullopt;
  do {
    std::optional<std::string_view> name = in.String();
    if (!name || !in.Take(':')) return std::nullopt;
    const Key* key = FindKey(*name);
    if (key == nullptr) return std::nullopt;
    const uint32_t bit = 1u << (key - kKeys.data());
    if (seen & bit) return std::nullopt;
    seen |= bit;
    if (key->value == Value::kCount) {
      std::optional<int64_t> count = in.Count();
      if (!count) return std::nullopt;
      (event.*key->count)(*count);
    } else if (key->value == Value::kNullableText && in.Peek() == 'n') {
      if (!in.Null()) return std::nullopt;
    } else {
      std::optional<std::string_view> text = in.String();
      if (!text) return std::nullopt;
      (event.*key->text)()->assign(text->data(), text->size());
    }
  } while (in.Take(','));
  if (!in.Take('}') || !in.AtEnd()) return std::nullopt;
  return event;
}

}  // namespace opmon::ctl
