#include "services/config/domain/config_reference.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/config/domain/schema.h"

namespace opmon::config {
namespace {

std::string Cell(std::string_view text) {
  return absl::StrReplaceAll(std::string(text), {{"|", "\\|"}, {"\n", " "}});
}

std::string Anchor(std::string_view id) { return absl::StrCat("section-", std::string(id)); }

std::string TypeCell(const KeySpec& key) {
  std::string type(TypeName(key.type));
  if (key.type == ValueType::kSection || key.type == ValueType::kMapOfSection) {
    const SectionSpec* section = FindSection(key.section);
    const std::string title = section != nullptr ? std::string(section->title) : "";
    absl::StrAppend(&type, " of [", title, "](#", Anchor(key.section), ")");
  }
  return type;
}

std::string AllowedCell(const KeySpec& key) {
  std::string out;
  for (std::string_view v : AllowedValues(key)) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", "`", std::string(v), "`");
  }
  if (key.minimum != -kNoLimit || key.maximum != kNoLimit) {
    absl::StrAppend(&out, out.empty() ? "" : "; ");
    if (key.minimum != -kNoLimit) absl::StrAppend(&out, "≥ ", key.minimum);
    if (key.minimum != -kNoLimit && key.maximum != kNoLimit) absl::StrAppend(&out, ", ");
    if (key.maximum != kNoLimit) absl::StrAppend(&out, "≤ ", key.maximum);
  }
  return out;
}

}  // namespace

std::string RenderConfigReferenceMarkdown() {
  std::string out =
      "# Project configuration key reference\n\n"
      "<!-- Generated from services/config/domain/schema.cc by opmon_config_reference_gen; "
      "do not edit. -->\n\n"
      "Every key of the opmon project language, in YAML or TOML. *Required* keys may come "
      "from the platform definitions a project is layered on. See "
      "[configuration.md](configuration.md) for the layering rules and compat mode.\n";
  for (const SectionSpec& section : ConfigSchema()) {
    absl::StrAppend(&out, "\n<a id=\"", Anchor(section.id), "\"></a>\n## ",
                    std::string(section.title), " — `", std::string(section.path), "`\n\n",
                    std::string(section.description), "\n");
    if (section.closed) {
      absl::StrAppend(&out, "\nUnknown ", std::string(section.key_noun),
                      "s are errors even in compat mode.\n");
    }
    if (section.keys.empty()) continue;
    absl::StrAppend(&out, "\n| ", section.key_noun == "key" ? "Key" : "Statistic",
                    " | Type | Default | Allowed | Required | Description |\n"
                    "|---|---|---|---|---|---|\n");
    for (const KeySpec& key : section.keys) {
      absl::StrAppend(&out, "| `", std::string(key.name), "` | ", Cell(TypeCell(key)), " | ",
                      Cell(key.default_value), " | ", Cell(AllowedCell(key)), " | ",
                      key.required ? "yes" : "", " | ", Cell(key.description), " |\n");
    }
  }
  return out;
}

}  // namespace opmon::config
