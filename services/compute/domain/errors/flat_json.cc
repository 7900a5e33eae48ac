#include "services/compute/domain/errors/flat_json.h"

#include <limits>

namespace opmon::compute::errors {
namespace {

// A cursor over JSON text (RFC 8259); every method returns false on
// malformed input and leaves the cursor anywhere.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) ++pos_;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }
  // Consumes `c` (after spaces) when it is next.
  bool Take(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  char Peek() {
    SkipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  // A string into `out`, escapes decoded (\uXXXX as UTF-8).
  bool String(std::string& out) {
    out.clear();
    if (!Take('"')) return false;
    while (pos_ < text_.size()) {
      // A run of plain characters at once (keys and values seldom hold escapes).
      size_t run = pos_;
      while (run < text_.size() && text_[run] != '"' && text_[run] != '\\' &&
             static_cast<unsigned char>(text_[run]) >= 0x20) {
        ++run;
      }
      out.append(text_.data() + pos_, run - pos_);
      pos_ = run;
      if (pos_ == text_.size()) return false;
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') return false;  // a control character
      if (pos_ >= text_.size()) return false;
      const char e = text_[pos_++];
      switch (e) {
        case '"': case '\\': case '/': out.push_back(e); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
            uint32_t low = 0;
            if (pos_ + 2 > text_.size() || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') return false;
            pos_ += 2;
            if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          AppendUtf8(cp, out);
          break;
        }
        default: return false;
      }
    }
    return false;
  }

  // A non-negative integer without fraction or exponent.
  bool Count(int64_t& out) {
    SkipSpace();
    const size_t start = pos_;
    out = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const int digit = text_[pos_++] - '0';
      if (out > (std::numeric_limits<int64_t>::max() - digit) / 10) return false;
      out = out * 10 + digit;
    }
    if (pos_ == start || (pos_ - start > 1 && text_[start] == '0')) return false;
    return pos_ == text_.size() || (text_[pos_] != '.' && text_[pos_] != 'e' && text_[pos_] != 'E');
  }

  // Any JSON value, skipped (validated).
  bool SkipValue(int depth = 0) {
    if (depth > 64) return false;
    std::string scratch;
    switch (Peek()) {
      case '"': return String(scratch);
      case '{':
        Take('{');
        if (Take('}')) return true;
        do {
          if (!String(scratch) || !Take(':') || !SkipValue(depth + 1)) return false;
        } while (Take(','));
        return Take('}');
      case '[':
        Take('[');
        if (Take(']')) return true;
        do {
          if (!SkipValue(depth + 1)) return false;
        } while (Take(','));
        return Take(']');
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default: return Number();
    }
  }

 private:
  bool Hex4(uint32_t& out) {
    if (pos_ + 4 > text_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      out <<= 4;
      if (h >= '0' && h <= '9') out |= h - '0';
      else if (h >= 'a' && h <= 'f') out |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') out |= h - 'A' + 10;
      else return false;
    }
    return true;
  }
  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Number() {
    const size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    const size_t digits = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    if (pos_ == digits || (pos_ - digits > 1 && text_[digits] == '0')) return false;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      const size_t fraction = ++pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      if (pos_ == fraction) return false;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      const size_t exponent = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      if (pos_ == exponent) return false;
    }
    return pos_ > start;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

bool ForEachCount(std::string_view text, const std::function<void(std::string_view key, int64_t count)>& on_count) {
  Cursor c(text);
  if (!c.Take('{')) return false;
  if (c.Take('}')) return c.AtEnd();
  std::string key;
  do {
    int64_t count = 0;
    if (!c.String(key) || !c.Take(':') || !c.Count(count)) return false;
    on_count(key, count);
  } while (c.Take(','));
  return c.Take('}') && c.AtEnd();
}

std::optional<std::vector<std::pair<std::string, std::string>>> ParseExperiments(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  Cursor c(text);
  if (!c.Take('{')) return std::nullopt;
  if (c.Take('}')) return c.AtEnd() ? std::optional(out) : std::nullopt;
  std::string slug, member;
  do {
    if (!c.String(slug) || slug.empty() || !c.Take(':') || !c.Take('{')) return std::nullopt;
    std::optional<std::string> branch;
    if (!c.Take('}')) {
      do {
        if (!c.String(member) || !c.Take(':')) return std::nullopt;
        if (member == "branch" && c.Peek() == '"') {
          branch.emplace();
          if (!c.String(*branch)) return std::nullopt;
        } else {
          if (member == "branch") return std::nullopt;  // not a string
          if (!c.SkipValue()) return std::nullopt;
        }
      } while (c.Take(','));
      if (!c.Take('}')) return std::nullopt;
    }
    if (!branch) return std::nullopt;
    out.emplace_back(slug, *std::move(branch));
  } while (c.Take(','));
  if (!c.Take('}') || !c.AtEnd()) return std::nullopt;
  return out;
}

}  // namespace opmon::compute::errors
