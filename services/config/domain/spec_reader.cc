#include "services/config/domain/spec_reader.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/config/project_fields.h"
#include "services/config/domain/spec_fields.h"

namespace opmon::config {
namespace {

// A map node of the cleaned tree plus its config path.
class Reader {
 public:
  Reader(const std::string& file, const Node& node, std::string path)
      : file_(file), node_(node), path_(std::move(path)) {}

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", std::string(key));
  }

  SourceLocation Loc(const Node& n, const std::string& path) const {
    return {file_, n.position.line, n.position.column, path};
  }

  SourceLocation Here() const { return Loc(node_, path_); }

  const Node* Get(std::string_view key) const { return node_.Find(key); }

  std::optional<bool> Bool(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return n->bool_value;
  }

  std::optional<LocatedNames> Names(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    LocatedNames names;
    for (size_t i = 0; i < n->items.size(); ++i) {
      names.push_back({n->items[i].text,
                       Loc(n->items[i], absl::StrCat(Path(key), "[", i, "]"))});
    }
    return names;
  }

  // kStringOrStringMap: exactly one of the two outputs is set.
  void StringOrMap(std::string_view key, std::optional<std::string>& text,
                   std::optional<std::map<std::string, std::string>>& map) const {
    const Node* n = Get(key);
    if (n == nullptr) return;
    if (n->kind == Node::Kind::kString) {
      text = n->text;
      return;
    }
    map.emplace();
    for (const MapEntry& e : n->entries) (*map)[e.key] = e.value.text;
  }

  // Calls fn(Reader for entry, entry key) for each entry of a table of
  // named entries.
  template <typename Fn>
  void Entries(std::string_view key, Fn fn) const {
    const Node* n = Get(key);
    if (n == nullptr) return;
    for (const MapEntry& e : n->entries) {
      Reader entry(file_, e.value, Path(key) + "." + e.key);
      fn(entry, e);
    }
  }

  std::optional<Reader> Child(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return Reader(file_, *n, Path(key));
  }

  const Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

 private:
  const std::string& file_;
  const Node& node_;
  std::string path_;
};

SourceLocation KeyLoc(const Reader& r, const MapEntry& e) {
  return {r.file(), e.key_position.line, e.key_position.column, r.path()};
}

template <typename T>
inline constexpr bool kIsLocated = false;
template <typename T>
inline constexpr bool kIsLocated<Located<T>> = true;

template <typename T>
inline constexpr bool kIsEnumList = false;
template <typename E>
inline constexpr bool kIsEnumList<std::vector<E>> = std::is_enum_v<E>;

// One value of a type the schema allows; nullopt for an unknown enum value
// (accepted in compat mode) or a date that does not parse.
template <typename V>
std::optional<V> ReadValue(const Node& n) {
  if constexpr (std::is_same_v<V, std::string>) {
    return n.text;
  } else if constexpr (std::is_same_v<V, bool>) {
    return n.bool_value;
  } else if constexpr (std::is_same_v<V, int>) {
    return static_cast<int>(n.int_value);
  } else if constexpr (std::is_same_v<V, double>) {
    return n.number();
  } else if constexpr (std::is_same_v<V, absl::CivilDay>) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(n.text, &day)) return std::nullopt;
    return day;
  } else if constexpr (std::is_enum_v<V>) {
    return ParseEnum<V>(n.text);
  } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    // kStringOrStringList: one string is a list of one.
    if (n.kind == Node::Kind::kString) return V{n.text};
    V out;
    for (const Node& item : n.items) out.push_back(item.text);
    return out;
  } else if constexpr (std::is_same_v<V, std::vector<double>>) {
    V out;
    for (const Node& item : n.items) out.push_back(item.number());
    return out;
  } else {
    static_assert(kIsEnumList<V>, "no reader for this spec value type");
    using E = typename V::value_type;
    const std::vector<std::string> texts = *ReadValue<std::vector<std::string>>(n);
    V out;
    for (const std::string& text : texts) {
      if (std::optional<E> value = ParseEnum<E>(text)) out.push_back(*value);
    }
    return out;
  }
}

// One statistic parameter, into a member of the model's params structs.
template <typename T>
void ReadParam(const Reader& r, std::string_view key, T& out) {
  const Node* n = r.Get(key);
  if (n == nullptr) return;
  if (std::optional<T> value = ReadValue<T>(*n)) out = *std::move(value);
}

// The keys of every params struct are read whatever the kind; only the
// kind's own are used (and written).
StatisticSpec ReadStatistic(const Reader& r, StatisticKind kind, const SourceLocation& loc) {
  StatisticSpec spec;
  spec.location = loc;
  Statistic& s = spec.statistic;
  s.kind = kind;
  ForEachField<Statistic>([&](const auto& member) {
    using Params = typename std::decay_t<decltype(member)>::Value;
    if constexpr (HasFields<Params>) {
      ForEachField<Params>(
          [&](const auto& field) { ReadParam(r, field.key, field.Of(member.Of(s))); });
    }
  });
  spec.denominator_location = loc;
  if (const Node* n = r.Get("denominator_metric")) {
    spec.denominator_location = r.Loc(*n, r.Path("denominator_metric"));
  }
  return spec;
}

// metrics.<slug>.statistics: one entry per known statistic, in canonical
// order whatever the file order (toml++ tables are sorted).
Located<std::vector<StatisticSpec>> ReadStatistics(const Reader& stats) {
  Located<std::vector<StatisticSpec>> list{{}, stats.Here()};
  for (const MapEntry& e : stats.node().entries) {
    std::optional<StatisticKind> kind = ParseStatisticKind(e.key);
    if (!kind) continue;
    Reader params(stats.file(), e.value, stats.Path(e.key));
    list.value.push_back(ReadStatistic(params, *kind, KeyLoc(params, e)));
  }
  std::stable_sort(list.value.begin(), list.value.end(),
                   [](const StatisticSpec& a, const StatisticSpec& b) {
                     return a.statistic.kind < b.statistic.kind;
                   });
  return list;
}

template <typename T>
void ReadKey(const Reader& r, std::string_view key, T& out);

// Every declared key of S.
template <HasSpecFields S>
void ReadKeys(const Reader& r, S& spec) {
  ForEachSpecField<S>([&](const auto& field) { ReadKey(r, field.key, field.Of(spec)); });
}

// A named entry of a table (metrics.<slug>, parameters.<name>, ...).
template <HasSpecFields S>
void ReadEntry(const Reader& r, S& spec) {
  ReadKeys(r, spec);
}

void ReadEntry(const Reader& r, ParameterSpec& p) {
  r.StringOrMap("value", p.value, p.value_by_branch);
  r.StringOrMap("default", p.default_value, p.default_by_branch);
  p.distinct_by_branch = r.Bool("distinct_by_branch");
}

// How a key is read follows from the type of its spec member. Values the
// schema does not allow were removed by the validator; unknown enum values
// (accepted in compat mode) read as unset.
template <typename T>
void ReadKey(const Reader& r, std::string_view key, T& out) {
  if constexpr (std::is_same_v<T, LocatedNames>) {
    out = r.Names(key).value_or(LocatedNames{});
  } else if constexpr (HasSpecFields<T>) {
    if (auto child = r.Child(key)) ReadKeys(*child, out);
  } else if constexpr (kIsEntryTable<T>) {
    r.Entries(key, [&](const Reader& entry, const MapEntry& e) {
      typename T::mapped_type spec;
      spec.location = KeyLoc(entry, e);
      ReadEntry(entry, spec);
      out[e.key] = std::move(spec);
    });
  } else {
    using V = typename T::value_type;  // every other member is optional
    if constexpr (std::is_same_v<V, LocatedNames>) {
      out = r.Names(key);
    } else if constexpr (std::is_same_v<V, Located<std::vector<StatisticSpec>>>) {
      if (auto stats = r.Child(key)) out = ReadStatistics(*stats);
    } else if constexpr (kIsLocated<V>) {
      const Node* n = r.Get(key);
      if (n == nullptr) return;
      if (auto value = ReadValue<decltype(V::value)>(*n)) {
        out = V{*std::move(value), r.Loc(*n, r.Path(key))};
      }
    } else if constexpr (HasSpecFields<V>) {
      if (auto child = r.Child(key)) {
        V spec;
        spec.location = child->Here();
        ReadKeys(*child, spec);
        out = std::move(spec);
      }
    } else {
      const Node* n = r.Get(key);
      if (n != nullptr) out = ReadValue<V>(*n);
    }
  }
}

}  // namespace

Layer ReadLayer(const std::string& file, const Node& cleaned_root) {
  Layer layer;
  layer.file = file;
  Reader root(layer.file, cleaned_root, "");
  ReadKey(root, "platform", layer.platform);
  ReadKey(root, "project", layer.project);
  ReadKey(root, "metrics", layer.metrics);
  ReadKey(root, "data_sources", layer.data_sources);
  ReadKey(root, "dimensions", layer.dimensions);
  ReadKey(root, "alerts", layer.alerts);
  ReadKey(root, "parameters", layer.parameters);
  ReadKey(root, "functions", layer.functions);
  return layer;
}

}  // namespace opmon::config
