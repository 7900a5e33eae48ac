#include "services/config/domain/project_diff.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/config/project_fields.h"

namespace opmon::config {
namespace {

// Lists of named items (metrics, alerts, ...): diffed item by item.
template <typename T>
inline constexpr bool kIsItemList = false;
template <HasFields T>
inline constexpr bool kIsItemList<std::vector<T>> = true;

template <typename T>
std::string Show(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return value.empty() ? "\"\"" : value;
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(ToString(value));
  } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
    return absl::FormatCivilTime(value);
  } else if constexpr (kIsOptional<T>) {
    return value ? Show(*value) : "(unset)";
  } else if constexpr (std::is_arithmetic_v<T>) {
    return absl::StrCat(value);
  } else {
    static_assert(std::is_same_v<T, std::vector<std::string>>, "no diff form for this type");
    return absl::StrCat("[", absl::StrJoin(value, ", "), "]");
  }
}

// Appends "path: old -> new" when the values differ.
template <typename T>
void Field(std::vector<std::string>& out, absl::string_view path, const T& before, const T& after) {
  if (before == after) return;
  out.push_back(absl::StrCat(path, ": ", Show(before), " -> ", Show(after)));
}

// Collects the names of the aspects of an item that differ.
class Aspects {
 public:
  template <typename T>
  void Compare(absl::string_view name, const T& before, const T& after) {
    if (!(before == after)) names_.push_back(std::string(name));
  }
  bool empty() const { return names_.empty(); }
  std::string Line(absl::string_view path) const {
    return absl::StrCat(path, ": ", absl::StrJoin(names_, ", "), " changed");
  }

 private:
  std::vector<std::string> names_;
};

// Every field but the name.
template <HasFields T>
Aspects CompareItems(const T& a, const T& b) {
  Aspects x;
  ForEachField<T>([&](const auto& field) {
    if (!field.traits.identity) x.Compare(std::string(field.key), field.Of(a), field.Of(b));
  });
  return x;
}

// Items are matched by name: added, removed, or changed in named aspects.
template <typename T>
void Section(std::vector<std::string>& out, absl::string_view section, const std::vector<T>& before,
             const std::vector<T>& after) {
  std::map<std::string, const T*> old_items;
  std::map<std::string, const T*> new_items;
  for (const T& item : before) old_items[item.name] = &item;
  for (const T& item : after) new_items[item.name] = &item;
  std::map<std::string, std::string> lines;  // by name, for a stable order
  for (const auto& [name, item] : new_items) {
    const std::string path = absl::StrCat(section, ".", name);
    auto it = old_items.find(name);
    if (it == old_items.end()) {
      lines[name] = absl::StrCat(path, ": added");
      continue;
    }
    Aspects aspects = CompareItems(*it->second, *item);
    if (!aspects.empty()) lines[name] = aspects.Line(path);
  }
  for (const auto& [name, item] : old_items) {
    if (new_items.count(name) == 0) lines[name] = absl::StrCat(section, ".", name, ": removed");
  }
  for (auto& [name, line] : lines) out.push_back(std::move(line));
}

template <typename T>
std::vector<std::string> Names(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const T& item : items) names.push_back(item.name);
  return names;
}

// "path: [a, b] -> [b, a]" when the same items come in another order.
template <typename T>
void Reorder(std::vector<std::string>& out, absl::string_view path, const std::vector<T>& before,
             const std::vector<T>& after) {
  const std::vector<std::string> old_order = Names(before);
  const std::vector<std::string> new_order = Names(after);
  std::vector<std::string> old_sorted = old_order;
  std::vector<std::string> new_sorted = new_order;
  std::sort(old_sorted.begin(), old_sorted.end());
  std::sort(new_sorted.begin(), new_sorted.end());
  if (old_sorted == new_sorted) Field(out, path, old_order, new_order);
}

// One line per changed field of a project (or its population) under `path`;
// lists of named items get a section each, by their key.
template <HasFields S>
void DiffFields(std::vector<std::string>& out, const std::string& path, const S& before,
                const S& after) {
  ForEachField<S>([&](const auto& field) {
    using Value = typename std::decay_t<decltype(field)>::Value;
    const Value& b = field.Of(before);
    const Value& a = field.Of(after);
    const std::string key(field.key);
    const std::string field_path = absl::StrCat(path, ".", key);
    if (field.traits.identity) return;
    if (field.traits.secret) {
      if (!(b == a)) out.push_back(absl::StrCat(field_path, ": changed"));
    } else if constexpr (HasFields<Value>) {
      DiffFields(out, field_path, b, a);
    } else if constexpr (kIsItemList<Value>) {
      if (field.traits.order_matters) Reorder(out, field_path, b, a);
      Section(out, key, b, a);
    } else if constexpr (std::is_same_v<Value, std::optional<Experiment>>) {
      if (!(b == a)) out.push_back(absl::StrCat(key, ": registry entry changed"));
    } else {
      Field(out, field_path, b, a);
    }
  });
}

}  // namespace

std::vector<std::string> DiffProjects(const std::optional<ResolvedProject>& before,
                                      const ResolvedProject& after) {
  if (!before) return {"project: created"};
  const ResolvedProject& b = *before;
  std::vector<std::string> out;
  DiffFields(out, "project", b, after);
  if (out.empty() && !(b == after)) out.push_back("project: changed");
  return out;
}

}  // namespace opmon::config
