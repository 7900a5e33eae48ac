#pragma once
// The names of a closed set's values, declared once as a table: each enum
// that has a text form (project files, SQL, JSON) converts through one of
// these, so the name and the parse of a value cannot drift apart.
// Header-only and dependency-free; lookups are linear (sets are small).

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace opmon {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; "unknown" for a value missing from the table.
template <typename Enum, std::size_t N>
constexpr std::string_view NameIn(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

// The value named `text` (case-sensitive); nullopt for any other text.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> ValueIn(const EnumNames<Enum, N>& names, std::string_view text) {
  for (const auto& [v, name] : names) {
    if (name == text) return v;
  }
  return std::nullopt;
}

}  // namespace opmon
