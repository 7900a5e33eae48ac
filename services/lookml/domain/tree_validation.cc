#include "services/lookml/domain/tree_validation.h"

#include <fnmatch.h>

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/lookml/domain/lookml_syntax.h"
#include "yaml-cpp/yaml.h"

namespace opmon::lookml {
namespace {

struct ExploreInfo {
  std::string view;
  std::string path;
};

class TreeChecker {
 public:
  explicit TreeChecker(const std::vector<GeneratedFile>& files) : files_(files) {
    for (const GeneratedFile& f : files) paths_.insert(f.path);
  }

  std::vector<std::string> Run() {
    for (const GeneratedFile& f : files_) {
      if (absl::EndsWith(f.path, ".lkml")) IndexLookml(f);
    }
    for (const auto& [path, nodes] : parsed_) CheckLookml(path, nodes);
    for (const GeneratedFile& f : files_) {
      if (absl::EndsWith(f.path, ".dashboard.lookml")) CheckDashboard(f);
    }
    return problems_;
  }

 private:
  void Problem(const std::string& path, const std::string& what) { problems_.push_back(absl::StrCat(path, ": ", what)); }

  // Files an include pattern ("/views/x.view.lkml", "/views/*.view.lkml") names.
  std::vector<std::string> Resolve(const std::string& include) const {
    std::string pattern(absl::StripPrefix(include, "/"));
    std::vector<std::string> out;
    for (const std::string& p : paths_) {
      if (fnmatch(pattern.c_str(), p.c_str(), FNM_PATHNAME) == 0) out.push_back(p);
    }
    return out;
  }

  void IndexLookml(const GeneratedFile& f) {
    absl::StatusOr<std::vector<LookmlNode>> nodes = ParseLookml(f.content);
    if (!nodes.ok()) {
      Problem(f.path, std::string(nodes.status().message()));
      return;
    }
    for (const LookmlNode& n : *nodes) {
      if (n.key == "view") {
        std::set<std::string>& fields = views_[n.name];
        view_file_[n.name] = f.path;
        for (const LookmlNode& c : n.children) {
          if (c.key != "dimension" && c.key != "measure" && c.key != "filter" && c.key != "dimension_group") continue;
          if (!fields.insert(c.name).second) Problem(f.path, absl::StrCat("view ", n.name, ": duplicate field ", c.name));
        }
      } else if (n.key == "explore") {
        std::string view = n.name;
        for (const LookmlNode& c : n.children) {
          if (c.key == "from" || c.key == "view_name") view = c.value;
        }
        explores_[n.name] = {view, f.path};
      } else if (n.key == "datagroup") {
        datagroup_file_[n.name] = f.path;
      }
    }
    parsed_[f.path] = *std::move(nodes);
  }

  void CheckLookml(const std::string& path, const std::vector<LookmlNode>& nodes) {
    std::set<std::string> included = {path};
    for (const LookmlNode& n : nodes) {
      if (n.key != "include") continue;
      std::vector<std::string> targets = Resolve(n.value);
      if (targets.empty()) Problem(path, absl::StrCat("include \"", n.value, "\" matches no file"));
      included.insert(targets.begin(), targets.end());
    }
    for (const LookmlNode& n : nodes) {
      if (n.key != "explore") continue;
      const std::string& view = explores_[n.name].view;
      auto vf = view_file_.find(view);
      if (vf == view_file_.end() || included.count(vf->second) == 0) {
        Problem(path, absl::StrCat("explore ", n.name, ": view ", view, " is not included"));
        continue;
      }
      for (const LookmlNode& c : n.children) {
        if (c.key == "persist_with") {
          auto dg = datagroup_file_.find(c.value);
          if (dg == datagroup_file_.end() || included.count(dg->second) == 0) {
            Problem(path, absl::StrCat("explore ", n.name, ": datagroup ", c.value, " is not included"));
          }
        }
        if (c.key == "always_filter") {
          for (const LookmlNode& f : c.children) {
            for (const std::string& item : f.list) CheckField(path, n.name, item);
          }
        }
      }
    }
  }

  // `ref` is "view.field" (or "field" of the explore's view).
  void CheckField(const std::string& path, const std::string& explore, const std::string& ref) {
    auto e = explores_.find(explore);
    if (e == explores_.end()) {
      Problem(path, absl::StrCat("unknown explore ", explore));
      return;
    }
    std::string field = ref;
    if (size_t dot = ref.find('.'); dot != std::string::npos) {
      if (ref.substr(0, dot) != e->second.view && ref.substr(0, dot) != explore) {
        Problem(path, absl::StrCat(ref, " is not a field of explore ", explore));
        return;
      }
      field = ref.substr(dot + 1);
    }
    const std::set<std::string>& fields = views_[e->second.view];
    if (fields.count(field) == 0) Problem(path, absl::StrCat(ref, ": no field ", field, " in view ", e->second.view));
  }

  void CheckFieldNode(const std::string& path, const std::string& explore, const YAML::Node& node) {
    if (!node) return;
    if (node.IsScalar()) {
      std::string ref = node.as<std::string>();
      for (absl::string_view suffix : {" desc", " asc"}) {
        if (absl::EndsWith(ref, suffix)) ref.resize(ref.size() - suffix.size());
      }
      CheckField(path, explore, ref);
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node) CheckFieldNode(path, explore, item);
    }
  }

  void CheckDashboard(const GeneratedFile& f) {
    try {
      YAML::Node root = YAML::Load(f.content);
      if (!root.IsSequence()) {
        Problem(f.path, "a dashboard file must be a YAML list of dashboards");
        return;
      }
      for (const YAML::Node& dashboard : root) CheckOneDashboard(f.path, dashboard);
    } catch (const YAML::Exception& e) {
      Problem(f.path, absl::StrCat("invalid YAML: ", e.what()));
    }
  }

  void CheckOneDashboard(const std::string& path, const YAML::Node& d) {
    if (!d["dashboard"]) Problem(path, "missing dashboard name");
    std::set<std::string> filters;
    for (const YAML::Node& filter : d["filters"]) {
      const std::string name = filter["name"].as<std::string>("");
      if (!filters.insert(name).second) Problem(path, absl::StrCat("duplicate filter name '", name, "'"));
      if (filter["type"].as<std::string>("") == "field_filter") {
        const std::string explore = filter["explore"].as<std::string>("");
        if (explores_.count(explore) == 0) Problem(path, absl::StrCat("filter '", name, "': unknown explore ", explore));
        else CheckFieldNode(path, explore, filter["field"]);
      }
    }
    for (const YAML::Node& filter : d["filters"]) {
      for (const YAML::Node& l : filter["listens_to_filters"]) {
        if (filters.count(l.as<std::string>()) == 0) {
          Problem(path, absl::StrCat("filter listens to unknown filter '", l.as<std::string>(), "'"));
        }
      }
    }
    std::set<std::string> elements;
    for (const YAML::Node& e : d["elements"]) {
      const std::string name = e["name"].as<std::string>("");
      if (!elements.insert(name).second) Problem(path, absl::StrCat("duplicate element name '", name, "'"));
      const std::string explore = e["explore"].as<std::string>("");
      if (explores_.count(explore) == 0) {
        Problem(path, absl::StrCat("element '", name, "': unknown explore ", explore));
        continue;
      }
      for (const char* key : {"fields", "pivots", "sorts", "field_x", "field_y", "ci_lower", "ci_upper"}) {
        CheckFieldNode(path, explore, e[key]);
      }
      std::set<std::string> fields;
      for (const YAML::Node& field : e["fields"]) fields.insert(field.as<std::string>());
      for (const YAML::Node& pivot : e["pivots"]) {
        if (fields.count(pivot.as<std::string>()) == 0) {
          Problem(path, absl::StrCat("element '", name, "': pivot ", pivot.as<std::string>(), " is not in fields"));
        }
      }
      for (const auto& kv : e["filters"]) CheckFieldNode(path, explore, kv.first);
      for (const auto& kv : e["listen"]) {
        const std::string filter = kv.first.as<std::string>();
        if (filters.count(filter) == 0) {
          Problem(path, absl::StrCat("element '", name, "' listens to unknown filter '", filter, "'"));
        }
        CheckFieldNode(path, explore, kv.second);
      }
    }
  }

  const std::vector<GeneratedFile>& files_;
  std::set<std::string> paths_;
  std::map<std::string, std::vector<LookmlNode>> parsed_;
  std::map<std::string, std::set<std::string>> views_;
  std::map<std::string, std::string> view_file_;
  std::map<std::string, ExploreInfo> explores_;
  std::map<std::string, std::string> datagroup_file_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> ValidateTree(const std::vector<GeneratedFile>& files) { return TreeChecker(files).Run(); }

}  // namespace opmon::lookml
