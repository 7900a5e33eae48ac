#include "services/config/domain/layering.h"

#include <map>
#include <optional>
#include <string>
#include <type_traits>

#include "services/config/domain/spec_fields.h"

namespace opmon::config {
namespace {

template <typename T>
void MergeKey(T& base, const T& over);

// Key by key; the entry's location becomes the later layer's.
template <HasSpecFields S>
void Merge(S& b, const S& o) {
  if constexpr (requires { b.location; }) b.location = o.location;
  ForEachSpecField<S>([&](const auto& field) { MergeKey(field.Of(b), field.Of(o)); });
}

// A value and a branch map are two forms of one setting: a later layer
// setting either replaces both.
void Merge(ParameterSpec& b, const ParameterSpec& o) {
  b.location = o.location;
  if (o.value || o.value_by_branch) {
    b.value = o.value;
    b.value_by_branch = o.value_by_branch;
  }
  if (o.default_value || o.default_by_branch) {
    b.default_value = o.default_value;
    b.default_by_branch = o.default_by_branch;
  }
  MergeKey(b.distinct_by_branch, o.distinct_by_branch);
}

// The rule follows from the member's type (spec_fields.h).
template <typename T>
void MergeKey(T& base, const T& over) {
  if constexpr (std::is_same_v<T, LocatedNames>) {
    base.insert(base.end(), over.begin(), over.end());
  } else if constexpr (HasSpecFields<T>) {
    Merge(base, over);
  } else if constexpr (kIsEntryTable<T>) {
    for (const auto& [slug, spec] : over) {
      auto it = base.find(slug);
      if (it == base.end()) {
        base.emplace(slug, spec);
      } else {
        Merge(it->second, spec);
      }
    }
  } else if constexpr (HasSpecFields<typename T::value_type>) {
    if (!over) return;
    if (base) {
      Merge(*base, *over);
    } else {
      base = over;
    }
  } else {
    if (over) base = over;
  }
}

}  // namespace

void MergeLayer(Layer& base, const Layer& over) {
  MergeKey(base.project, over.project);
  MergeKey(base.metrics, over.metrics);
  MergeKey(base.data_sources, over.data_sources);
  MergeKey(base.dimensions, over.dimensions);
  MergeKey(base.alerts, over.alerts);
  MergeKey(base.parameters, over.parameters);
  MergeKey(base.functions, over.functions);
}

}  // namespace opmon::config
