#include "services/config/domain/template_expander.h"

#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/config/domain/suggest.h"

namespace opmon::config {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Position of the "}}" closing the template opened before `from`, skipping
// quoted strings; npos if none.
size_t FindClose(std::string_view s, size_t from) {
  char quote = 0;
  for (size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '}' && i + 1 < s.size() && s[i + 1] == '}') {
      return i;
    }
  }
  return std::string_view::npos;
}

// "expr" or 'expr' → expr (with \" and \\ unescaped); anything else as is.
std::string Unquote(std::string_view arg) {
  if (arg.size() >= 2 && (arg.front() == '"' || arg.front() == '\'') &&
      arg.back() == arg.front()) {
    std::string out;
    for (size_t i = 1; i + 1 < arg.size(); ++i) {
      if (arg[i] == '\\' && i + 2 < arg.size()) ++i;
      out.push_back(arg[i]);
    }
    return out;
  }
  return std::string(arg);
}

std::string SqlLiteral(std::string_view s) {
  return absl::StrCat("'", absl::StrReplaceAll(std::string(s), {{"'", "''"}}), "'");
}

template <typename Map>
std::vector<std::string> Keys(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : map) keys.push_back(k);
  return keys;
}

class Expander {
 public:
  Expander(const std::map<std::string, FunctionSpec>& functions,
           const std::map<std::string, ParameterSpec>& parameters, const SourceLocation& where,
           DiagnosticSink& sink)
      : functions_(functions), parameters_(parameters), where_(where), sink_(sink) {}

  std::optional<std::string> Template(std::string_view body) {
    constexpr std::string_view kParameters = "parameters.";
    if (body.substr(0, kParameters.size()) == kParameters) {
      return Parameter(Trim(body.substr(kParameters.size())));
    }
    size_t name_end = 0;
    while (name_end < body.size() && IsIdentChar(body[name_end])) ++name_end;
    const std::string_view name = body.substr(0, name_end);
    const std::string_view rest = Trim(body.substr(name_end));
    if (name.empty() || rest.size() < 2 || rest.front() != '(' || rest.back() != ')') {
      return Fail(absl::StrCat("cannot expand \"{{ ", std::string(body),
                               " }}\"; expected {{ function(expression) }} or "
                               "{{ parameters.name }}"));
    }
    auto it = functions_.find(std::string(name));
    if (it == functions_.end() || !it->second.definition) {
      return Fail(absl::StrCat("unknown function \"", std::string(name), "\"",
                               DidYouMean(name, Keys(functions_))));
    }
    const std::string arg = Unquote(Trim(rest.substr(1, rest.size() - 2)));
    return absl::StrReplaceAll(it->second.definition->value, {{"{select_expr}", arg}});
  }

 private:
  std::optional<std::string> Parameter(std::string_view name) {
    auto it = parameters_.find(std::string(name));
    if (it == parameters_.end()) {
      return Fail(absl::StrCat("unknown parameter \"", std::string(name), "\"",
                               DidYouMean(name, Keys(parameters_))));
    }
    const ParameterSpec& p = it->second;
    const auto& by_branch = p.value_by_branch ? p.value_by_branch : p.default_by_branch;
    if (p.value) return *p.value;
    if (!p.value_by_branch && p.default_value) return *p.default_value;
    if (by_branch) {
      std::string sql = "CASE branch";
      for (const auto& [branch, value] : *by_branch) {
        absl::StrAppend(&sql, " WHEN ", SqlLiteral(branch), " THEN ", SqlLiteral(value));
      }
      return absl::StrCat(sql, " END");
    }
    return Fail(absl::StrCat("parameter \"", std::string(name), "\" has no value or default"));
  }

  std::nullopt_t Fail(std::string message) {
    sink_.Error(where_, std::move(message));
    return std::nullopt;
  }

  const std::map<std::string, FunctionSpec>& functions_;
  const std::map<std::string, ParameterSpec>& parameters_;
  const SourceLocation& where_;
  DiagnosticSink& sink_;
};

}  // namespace

std::optional<std::string> ExpandTemplates(std::string_view expression,
                                           const std::map<std::string, FunctionSpec>& functions,
                                           const std::map<std::string, ParameterSpec>& parameters,
                                           const SourceLocation& where, DiagnosticSink& sink) {
  Expander expander(functions, parameters, where, sink);
  std::string out;
  bool ok = true;
  size_t pos = 0;
  while (true) {
    const size_t open = expression.find("{{", pos);
    if (open == std::string_view::npos) break;
    out.append(expression.substr(pos, open - pos));
    const size_t close = FindClose(expression, open + 2);
    if (close == std::string_view::npos) {
      sink.Error(where, "unterminated \"{{\"; expected \"}}\" to close it");
      return std::nullopt;
    }
    std::optional<std::string> expanded =
        expander.Template(Trim(expression.substr(open + 2, close - open - 2)));
    if (expanded) {
      out += *expanded;
    } else {
      ok = false;
    }
    pos = close + 2;
  }
  out.append(expression.substr(pos));
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace opmon::config
