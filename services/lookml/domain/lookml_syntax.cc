#include "services/lookml/domain/lookml_syntax.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace opmon::lookml {
namespace {

bool IsWordChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '+';
}

bool IsSqlKey(absl::string_view key) {
  return key == "sql" || absl::StartsWith(key, "sql_") || absl::EndsWith(key, "_sql") || key == "html" ||
         key == "expression";
}

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<std::vector<LookmlNode>> File() {
    std::vector<LookmlNode> out;
    while (true) {
      SkipSpace();
      if (AtEnd()) return out;
      absl::StatusOr<LookmlNode> pair = Pair();
      if (!pair.ok()) return pair.status();
      out.push_back(*std::move(pair));
    }
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("line ", line_, ": ", what));
  }

  void SkipSpace() {
    while (!AtEnd()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
      } else if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '#') {
        while (!AtEnd() && text_[pos_] != '\n') ++pos_;
      } else {
        return;
      }
    }
  }

  std::string Word() {
    size_t start = pos_;
    while (!AtEnd() && IsWordChar(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  absl::StatusOr<std::string> String() {
    ++pos_;  // opening quote
    std::string out;
    while (!AtEnd() && text_[pos_] != '"') {
      if (text_[pos_] == '\n') return Error("line break inside a string");
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out.push_back(text_[pos_++]);
    }
    if (AtEnd()) return Error("unterminated string");
    ++pos_;
    return out;
  }

  absl::StatusOr<std::string> Sql() {
    size_t end = text_.find(";;", pos_);
    if (end == absl::string_view::npos) return Error("SQL without a closing ';;'");
    absl::string_view sql = text_.substr(pos_, end - pos_);
    for (char c : sql) line_ += c == '\n' ? 1 : 0;
    pos_ = end + 2;
    return std::string(absl::StripAsciiWhitespace(sql));
  }

  absl::Status Block(LookmlNode& node) {
    ++pos_;  // '{'
    node.block = true;
    while (true) {
      SkipSpace();
      if (AtEnd()) return Error(absl::StrCat("unclosed '{' of ", node.key));
      if (Peek() == '}') {
        ++pos_;
        return absl::OkStatus();
      }
      absl::StatusOr<LookmlNode> child = Pair();
      if (!child.ok()) return child.status();
      node.children.push_back(*std::move(child));
    }
  }

  absl::Status List(LookmlNode& node) {
    ++pos_;  // '['
    while (true) {
      SkipSpace();
      if (AtEnd()) return Error(absl::StrCat("unclosed '[' of ", node.key));
      char c = Peek();
      if (c == ']') {
        ++pos_;
        return absl::OkStatus();
      }
      if (c == ',') {
        ++pos_;
        continue;
      }
      std::string item;
      if (c == '"') {
        absl::StatusOr<std::string> s = String();
        if (!s.ok()) return s.status();
        item = *s;
      } else {
        item = Word();
        if (item.empty()) return Error(absl::StrCat("unexpected '", std::string(1, c), "' in list ", node.key));
        SkipSpace();
        if (Peek() == ':') {  // `field: "value"` item: keep the key
          ++pos_;
          SkipSpace();
          if (Peek() == '"') {
            absl::StatusOr<std::string> s = String();
            if (!s.ok()) return s.status();
          } else {
            Word();
          }
        }
      }
      node.list.push_back(std::move(item));
    }
  }

  absl::StatusOr<LookmlNode> Pair() {
    LookmlNode node;
    node.line = line_;
    node.key = Word();
    if (node.key.empty()) return Error(absl::StrCat("expected a key, found '", std::string(1, Peek()), "'"));
    SkipSpace();
    if (Peek() != ':') return Error(absl::StrCat("expected ':' after ", node.key));
    ++pos_;
    SkipSpace();
    if (IsSqlKey(node.key)) {
      absl::StatusOr<std::string> sql = Sql();
      if (!sql.ok()) return sql.status();
      node.value = *sql;
      return node;
    }
    char c = Peek();
    if (c == '"') {
      absl::StatusOr<std::string> s = String();
      if (!s.ok()) return s.status();
      node.value = *s;
    } else if (c == '[') {
      if (absl::Status s = List(node); !s.ok()) return s;
    } else if (c == '{') {
      if (absl::Status s = Block(node); !s.ok()) return s;
    } else {
      node.value = Word();
      if (node.value.empty()) return Error(absl::StrCat("missing value of ", node.key));
      // `dimension: name {` is a named block.
      size_t save = pos_;
      int save_line = line_;
      SkipSpace();
      if (Peek() == '{') {
        node.name = node.value;
        node.value.clear();
        if (absl::Status s = Block(node); !s.ok()) return s;
      } else {
        pos_ = save;
        line_ = save_line;
      }
    }
    return node;
  }

  absl::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

absl::StatusOr<std::vector<LookmlNode>> ParseLookml(absl::string_view text) { return Parser(text).File(); }

}  // namespace opmon::lookml
