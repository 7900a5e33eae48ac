// The TOML adapter: toml++ nodes → Document. toml++ exceptions stop here.

#include <exception>
#include <string>
#include <sstream>
#include <string_view>

#include <toml++/toml.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/config/domain/front_end.h"

namespace opmon::config {
namespace {

constexpr int kMaxDepth = 64;

NodePosition PositionOf(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

class Converter {
 public:
  Converter(std::string_view path, DiagnosticSink& sink) : path_(path), sink_(sink) {}

  bool Convert(const toml::node& in, Node& out, int depth) {
    out.position = PositionOf(in.source());
    if (depth > kMaxDepth) {
      sink_.Error({std::string(path_), out.position.line, out.position.column, ""},
                  absl::StrCat("invalid TOML: nested deeper than ", kMaxDepth, " levels"));
      return false;
    }
    if (const auto* table = in.as_table()) {
      out.kind = Node::Kind::kMap;
      for (const auto& [key, value] : *table) {
        MapEntry entry{std::string(key.str()), PositionOf(key.source()), Node{}};
        if (!Convert(value, entry.value, depth + 1)) return false;
        out.entries.push_back(std::move(entry));
      }
      return true;
    }
    if (const auto* array = in.as_array()) {
      out.kind = Node::Kind::kList;
      for (const toml::node& item : *array) {
        Node converted;
        if (!Convert(item, converted, depth + 1)) return false;
        out.items.push_back(std::move(converted));
      }
      return true;
    }
    if (const auto* s = in.as_string()) {
      out.kind = Node::Kind::kString;
      out.text = s->get();
    } else if (const auto* i = in.as_integer()) {
      out.kind = Node::Kind::kInt;
      out.int_value = i->get();
      out.text = std::to_string(out.int_value);
    } else if (const auto* d = in.as_floating_point()) {
      out.kind = Node::Kind::kDouble;
      out.double_value = d->get();
      out.text = absl::StrFormat("%g", out.double_value);
    } else if (const auto* b = in.as_boolean()) {
      out.kind = Node::Kind::kBool;
      out.bool_value = b->get();
      out.text = out.bool_value ? "true" : "false";
    } else if (const auto* date = in.as_date()) {
      // Dates are strings to the schema, as in YAML.
      out.kind = Node::Kind::kString;
      const toml::date& v = date->get();
      out.text = absl::StrFormat("%04d-%02d-%02d", v.year, v.month, v.day);
    } else {
      // Times and date-times: keep their text; a date-typed key rejects it.
      out.kind = Node::Kind::kString;
      std::ostringstream text;
      in.visit([&text](const auto& value) { text << value; });
      out.text = text.str();
    }
    return true;
  }

 private:
  std::string_view path_;
  DiagnosticSink& sink_;
};

}  // namespace

bool ParseToml(std::string_view path, std::string_view text, Document& out,
               DiagnosticSink& sink) {
  out = EmptyDocument(path);
  try {
    toml::table table = toml::parse(text, path);
    Node root;
    Converter converter(path, sink);
    if (!converter.Convert(table, root, 0)) return false;
    root.position = {1, 1};
    out.root = std::move(root);
    return true;
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    sink.Error({std::string(path), static_cast<int>(begin.line), static_cast<int>(begin.column),
                ""},
               absl::StrCat("invalid TOML: ", std::string(e.description())));
  } catch (const std::exception& e) {
    sink.Error({std::string(path), 0, 0, ""}, absl::StrCat("invalid TOML: ", e.what()));
  }
  return false;
}

}  // namespace opmon::config
