#include "services/config/domain/schema_validator.h"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/http/http_url.h"
#include "services/config/domain/schema.h"
#include "services/config/domain/suggest.h"

namespace opmon::config {
namespace {

std::string Sv(std::string_view s) { return std::string(s); }

std::string FormatNumber(double d) { return absl::StrFormat("%g", d); }

// The value as the user wrote it, for messages.
std::string Quoted(const Node& n) {
  if (n.kind == Node::Kind::kString) return absl::StrCat("\"", n.text, "\"");
  if (n.kind == Node::Kind::kBool) return n.bool_value ? "true" : "false";
  if (n.kind == Node::Kind::kInt) return absl::StrCat(n.int_value);
  if (n.kind == Node::Kind::kDouble) return FormatNumber(n.double_value);
  return DescribeKind(n.kind);
}

class Validator {
 public:
  Validator(std::string_view file, ValidationMode mode, DiagnosticSink& sink)
      : file_(file), mode_(mode), sink_(sink) {}

  // Validates the entries of map `in` against `spec` into `out` (a map).
  void Section(const Node& in, const SectionSpec& spec, const std::string& path, Node& out) {
    out.kind = Node::Kind::kMap;
    out.position = in.position;
    std::vector<std::string> names;
    for (const KeySpec& k : spec.keys) names.emplace_back(k.name);
    for (const MapEntry& entry : in.entries) {
      const std::string entry_path = Join(path, entry.key);
      const KeySpec* key = FindKey(spec, entry.key);
      if (key == nullptr) {
        UnknownKey(entry, spec, names, entry_path);
        continue;
      }
      if (entry.value.kind == Node::Kind::kNull) {
        // `mean:` in YAML: a section left empty takes its defaults.
        if (key->type == ValueType::kSection) {
          Node empty;
          empty.kind = Node::Kind::kMap;
          empty.position = entry.key_position;
          out.entries.push_back({entry.key, entry.key_position, std::move(empty)});
        }
        continue;
      }
      Node cleaned;
      if (Value(entry.value, *key, entry_path, cleaned)) {
        out.entries.push_back({entry.key, entry.key_position, std::move(cleaned)});
      }
    }
  }

 private:
  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? Sv(key) : absl::StrCat(path, ".", Sv(key));
  }

  SourceLocation Loc(NodePosition p, const std::string& path) const {
    return {Sv(file_), p.line, p.column, path};
  }

  void UnknownKey(const MapEntry& entry, const SectionSpec& spec,
                  const std::vector<std::string>& names, const std::string& path) {
    std::string message = absl::StrCat("unknown ", Sv(spec.key_noun));
    const std::string hint = DidYouMean(entry.key, names);
    if (!hint.empty()) {
      absl::StrAppend(&message, hint);
    } else if (names.empty()) {
      absl::StrAppend(&message, "; this table takes no keys");
    } else {
      absl::StrAppend(&message, "; expected one of: ", absl::StrJoin(names, ", "));
    }
    const SourceLocation loc = Loc(entry.key_position, path);
    if (mode_ == ValidationMode::kStrict || spec.closed) {
      sink_.Error(loc, std::move(message));
    } else {
      sink_.Warning(loc, absl::StrCat(message, " (ignored in compat mode)"));
    }
  }

  bool Expect(const Node& n, const std::string& path, std::string_view expected) {
    sink_.Error(Loc(n.position, path),
                absl::StrCat("expected ", Sv(expected), ", got ", Quoted(n)));
    return false;
  }

  // A string, or any plain YAML scalar (which YAML reads as text anyway).
  static bool IsText(const Node& n) {
    return n.kind == Node::Kind::kString || (n.plain && n.is_scalar());
  }

  static Node AsText(const Node& n) {
    Node out;
    out.kind = Node::Kind::kString;
    out.position = n.position;
    out.text = n.text;
    return out;
  }

  bool InRange(const Node& n, const KeySpec& key, const std::string& path) {
    const double v = n.number();
    if (v >= key.minimum && v <= key.maximum) return true;
    std::string expected;
    if (std::isinf(key.maximum)) {
      expected = absl::StrCat("at least ", FormatNumber(key.minimum));
    } else if (std::isinf(key.minimum)) {
      expected = absl::StrCat("at most ", FormatNumber(key.maximum));
    } else {
      expected = absl::StrCat("between ", FormatNumber(key.minimum), " and ",
                              FormatNumber(key.maximum));
    }
    sink_.Error(Loc(n.position, path),
                absl::StrCat(Quoted(n), " is out of range; expected a number ", expected));
    return false;
  }

  bool AllowedText(const Node& n, const KeySpec& key, const std::string& path) {
    std::vector<std::string> allowed;
    for (std::string_view v : AllowedValues(key)) allowed.emplace_back(v);
    for (const std::string& a : allowed) {
      if (a == n.text) return true;
    }
    sink_.Error(Loc(n.position, path),
                absl::StrCat("\"", n.text, "\" is not ", absl::StrJoin(allowed, "|"),
                             DidYouMean(n.text, allowed)));
    return false;
  }

  bool List(const Node& in, const std::string& path, Node& out, bool numbers,
            const KeySpec& key) {
    if (in.kind != Node::Kind::kList) {
      return Expect(in, path, numbers ? "a list of numbers" : "a list of strings");
    }
    out.kind = Node::Kind::kList;
    out.position = in.position;
    bool ok = true;
    for (size_t i = 0; i < in.items.size(); ++i) {
      const Node& item = in.items[i];
      const std::string item_path = absl::StrCat(path, "[", i, "]");
      if (numbers) {
        if (!item.is_number()) {
          ok = Expect(item, item_path, "a number");
        } else if (!InRange(item, key, item_path)) {
          ok = false;
        } else {
          out.items.push_back(item);
        }
      } else if (!IsText(item)) {
        ok = Expect(item, item_path, "a string");
      } else if (!key.allowed.empty() && !AllowedText(item, key, item_path)) {
        ok = false;
      } else {
        out.items.push_back(AsText(item));
      }
    }
    return ok;
  }

  bool Value(const Node& in, const KeySpec& key, const std::string& path, Node& out) {
    switch (key.type) {
      case ValueType::kString:
        if (!IsText(in)) return Expect(in, path, "a string");
        out = AsText(in);
        return true;
      case ValueType::kBool:
        if (in.kind != Node::Kind::kBool) return Expect(in, path, "true or false");
        out = in;
        return true;
      case ValueType::kInteger:
        if (in.kind != Node::Kind::kInt) return Expect(in, path, "an integer");
        out = in;
        return InRange(in, key, path);
      case ValueType::kNumber:
        if (!in.is_number()) return Expect(in, path, "a number");
        out = in;
        return InRange(in, key, path);
      case ValueType::kUrl: {
        if (!IsText(in)) return Expect(in, path, "an http:// or https:// URL");
        if (absl::Status url = http::CheckHttpUrl(in.text); !url.ok()) {
          sink_.Error(Loc(in.position, path), std::string(url.message()));
          return false;
        }
        out = AsText(in);
        return true;
      }
      case ValueType::kDate: {
        absl::CivilDay day;
        if (!IsText(in)) return Expect(in, path, "a date YYYY-MM-DD");
        if (in.text.size() != 10 || !absl::ParseCivilTime(in.text, &day) ||
            absl::FormatCivilTime(day) != in.text) {
          sink_.Error(Loc(in.position, path),
                      absl::StrCat("\"", in.text, "\" is not a valid date; expected YYYY-MM-DD"));
          return false;
        }
        out = AsText(in);
        return true;
      }
      case ValueType::kEnum:
        if (!IsText(in)) {
          std::vector<std::string> allowed;
          for (std::string_view v : AllowedValues(key)) allowed.emplace_back(v);
          return Expect(in, path, absl::StrCat("one of ", absl::StrJoin(allowed, "|")));
        }
        out = AsText(in);
        return AllowedText(in, key, path);
      case ValueType::kStringList:
        return List(in, path, out, /*numbers=*/false, key);
      case ValueType::kNumberList:
        return List(in, path, out, /*numbers=*/true, key);
      case ValueType::kStringOrStringList:
        if (IsText(in)) {
          out = AsText(in);
          return true;
        }
        if (in.kind != Node::Kind::kList) return Expect(in, path, "a string or a list of strings");
        return List(in, path, out, /*numbers=*/false, key);
      case ValueType::kStringOrStringMap:
        if (IsText(in)) {
          out = AsText(in);
          return true;
        }
        if (in.kind != Node::Kind::kMap) return Expect(in, path, "a string or a table of strings");
        out.kind = Node::Kind::kMap;
        out.position = in.position;
        for (const MapEntry& e : in.entries) {
          if (!IsText(e.value)) return Expect(e.value, Join(path, e.key), "a string");
          out.entries.push_back({e.key, e.key_position, AsText(e.value)});
        }
        return true;
      case ValueType::kSection: {
        if (in.kind != Node::Kind::kMap) return Expect(in, path, "a table");
        const SectionSpec* spec = FindSection(key.section);
        Section(in, *spec, path, out);
        return true;
      }
      case ValueType::kMapOfSection: {
        if (in.kind != Node::Kind::kMap) return Expect(in, path, "a table");
        const SectionSpec* spec = FindSection(key.section);
        out.kind = Node::Kind::kMap;
        out.position = in.position;
        for (const MapEntry& e : in.entries) {
          const std::string entry_path = Join(path, e.key);
          Node cleaned;
          if (e.value.kind == Node::Kind::kNull) {
            cleaned.kind = Node::Kind::kMap;
            cleaned.position = e.key_position;
          } else if (e.value.kind != Node::Kind::kMap) {
            Expect(e.value, entry_path, "a table");
            continue;
          } else {
            Section(e.value, *spec, entry_path, cleaned);
          }
          out.entries.push_back({e.key, e.key_position, std::move(cleaned)});
        }
        return true;
      }
    }
    return false;
  }

  std::string_view file_;
  ValidationMode mode_;
  DiagnosticSink& sink_;
};

}  // namespace

Node ValidateAgainstSchema(const Document& document, std::string_view section_id,
                           ValidationMode mode, DiagnosticSink& sink) {
  Node out;
  const SectionSpec* spec = FindSection(section_id);
  if (spec == nullptr) return out;
  Validator(document.file, mode, sink).Section(document.root, *spec, "", out);
  return out;
}

}  // namespace opmon::config
