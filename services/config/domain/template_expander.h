#pragma once
// Expands the templates metric-hub select expressions use:
//   {{ name(expr) }} / {{ name("expr") }}  → functions.<name>.definition with
//                                           every `{select_expr}` replaced
//   {{ parameters.<name> }}                → the parameter's value (a
//                                           per-branch value becomes
//                                           CASE branch WHEN 'b' THEN 'v' ... END)
// Quoted arguments lose their quotes (Jinja string literals, as in
// metric-hub); anything else between the parentheses is used as written.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "services/config/domain/diagnostic.h"
#include "services/config/domain/spec.h"

namespace opmon::config {

// Returns the expanded expression, or nullopt after reporting errors at
// `where` (unknown function or parameter, with a suggestion; malformed or
// unterminated template).
std::optional<std::string> ExpandTemplates(std::string_view expression,
                                           const std::map<std::string, FunctionSpec>& functions,
                                           const std::map<std::string, ParameterSpec>& parameters,
                                           const SourceLocation& where, DiagnosticSink& sink);

}  // namespace opmon::config
