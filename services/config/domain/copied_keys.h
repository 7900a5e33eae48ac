#pragma once
// The keys project files set and the resolver copies unchanged into the
// model, derived from the model's declarations (the fields declared
// `from_files` in common/config/project_fields.h) instead of written out per
// spec struct: their storage in a spec (CopiedKeys<Model>), a declaration per
// key that the spec walkers visit beside the hand-written keys
// (spec_fields.h), and the copy into the model (ApplyCopiedKeys).
//
// Each copied key is stored as std::optional<Located<V>>, V the model
// field's type without std::optional: unset until a layer sets it, and
// keeping where it was written so a later check can point at it.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "common/config/project_fields.h"
#include "services/config/domain/diagnostic.h"

namespace opmon::config {

namespace copied_keys_internal {

template <typename T>
struct WithoutOptional {
  using type = T;
};
template <typename T>
struct WithoutOptional<std::optional<T>> {
  using type = T;
};

template <HasFields Model>
constexpr size_t CountCopied() {
  size_t count = 0;
  ForEachField<Model>([&](const auto& field) { count += field.traits.from_files ? 1 : 0; });
  return count;
}

// The positions in FieldsOf<Model>::kFields of the fields declared
// `from_files`, in declaration order.
template <HasFields Model>
constexpr std::array<size_t, CountCopied<Model>()> CopiedPositions() {
  std::array<size_t, CountCopied<Model>()> positions{};
  size_t position = 0;
  size_t copied = 0;
  ForEachField<Model>([&](const auto& field) {
    if (field.traits.from_files) positions[copied++] = position;
    ++position;
  });
  return positions;
}

// The model field declaration of copied key `J`.
template <HasFields Model, size_t J>
inline constexpr auto kCopiedField = std::get<CopiedPositions<Model>()[J]>(FieldsOf<Model>::kFields);

template <HasFields Model, size_t J>
using CopiedValue = std::optional<Located<typename WithoutOptional<
    typename std::remove_cvref_t<decltype(kCopiedField<Model, J>)>::Value>::type>>;

template <HasFields Model, typename Positions>
struct Storage;
template <HasFields Model, size_t... J>
struct Storage<Model, std::index_sequence<J...>> {
  using type = std::tuple<CopiedValue<Model, J>...>;
};

template <typename A, typename B>
constexpr bool SameMember(A a, B b) {
  if constexpr (std::is_same_v<A, B>) {
    return a == b;
  } else {
    return false;
  }
}

template <HasFields Model, auto member, size_t... J>
constexpr size_t FindCopied(std::index_sequence<J...>) {
  size_t found = sizeof...(J);
  ((found = SameMember(kCopiedField<Model, J>.member, member) ? J : found), ...);
  return found;
}

}  // namespace copied_keys_internal

// The values a spec holds for the copied keys of `Model`, one per field
// declared `from_files`, in declaration order.
template <HasFields M>
struct CopiedKeys {
  using Model = M;
  static constexpr size_t kCount = copied_keys_internal::CountCopied<Model>();
  using Indices = std::make_index_sequence<kCount>;

  // The position of `member` (a field of Model declared `from_files`).
  template <auto member>
  static constexpr size_t IndexOf() {
    constexpr size_t index = copied_keys_internal::FindCopied<Model, member>(Indices{});
    static_assert(index < kCount, "not a field of this model declared from_files");
    return index;
  }

  typename copied_keys_internal::Storage<Model, Indices>::type values;
};

// A spec struct with copied keys: its member `copied`.
template <typename Spec>
concept HasCopiedKeys = requires(const Spec& spec) {
  typename decltype(spec.copied)::Model;
};

template <HasCopiedKeys Spec>
using ModelOf = typename decltype(Spec::copied)::Model;

// The value files set for model member `member` (declared `from_files`),
// with where it was written; nullopt when no layer sets it. E.g.
// `Copied<&Alert::min>(spec)` is a std::optional<Located<std::vector<double>>>.
template <auto member, HasCopiedKeys Spec>
const auto& Copied(const Spec& spec) {
  return std::get<decltype(spec.copied)::template IndexOf<member>()>(spec.copied.values);
}
template <auto member, HasCopiedKeys Spec>
auto& Copied(Spec& spec) {
  return std::get<decltype(spec.copied)::template IndexOf<member>()>(spec.copied.values);
}

// The declaration of copied key `J` of Spec, shaped as the hand-written ones
// (SpecField in spec_fields.h): `key` as written in files, `Of(spec)` its
// storage, and `resolves_to`, the model member it is copied into.
template <HasCopiedKeys Spec, size_t J>
struct CopiedKey {
  using Owner = Spec;
  static constexpr auto kModelField = copied_keys_internal::kCopiedField<ModelOf<Spec>, J>;
  static constexpr std::string_view key = FileKeyOf(kModelField);
  static constexpr auto resolves_to = kModelField.member;

  static const auto& Of(const Spec& spec) { return std::get<J>(spec.copied.values); }
  static auto& Of(Spec& spec) { return std::get<J>(spec.copied.values); }
};

// Calls fn(CopiedKey<Spec, J>{}) for each copied key of Spec, in order.
template <HasCopiedKeys Spec, typename Fn>
constexpr void ForEachCopiedKey(Fn&& fn) {
  [&]<size_t... J>(std::index_sequence<J...>) {
    (fn(CopiedKey<Spec, J>{}), ...);
  }(std::make_index_sequence<decltype(Spec::copied)::kCount>{});
}

// Sets each member of `model` whose copied key `spec` sets; leaves the
// others as they are, so defaults and fallbacks set before stay unless the
// files override them.
template <HasCopiedKeys Spec>
void ApplyCopiedKeys(const Spec& spec, ModelOf<Spec>& model) {
  ForEachCopiedKey<Spec>([&](const auto& field) {
    if (const auto& value = field.Of(spec)) model.*field.resolves_to = value->value;
  });
}

}  // namespace opmon::config
