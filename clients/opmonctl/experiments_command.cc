#include "clients/opmonctl/experiments_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/config_command.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/table.h"
#include "opmon/v1/config.grpc.pb.h"
#include "yaml-cpp/yaml.h"

namespace opmon::ctl {
namespace {

struct ExperimentsOptions {
  std::string file;
  v1::Experiment experiment;
  std::vector<std::string> branches;
  std::vector<int> ratios;
  bool rollout = false;
  std::string platform;  // ls filter
};

absl::Status At(const std::string& path, const YAML::Node& node, const std::string& where,
                const std::string& message) {
  const YAML::Mark mark = node.Mark();
  return absl::InvalidArgumentError(absl::StrCat(path, ":", mark.line + 1, ":", mark.column + 1, ": error: ",
                                                 where, ": ", message));
}

absl::StatusOr<v1::Experiment> ReadExperiment(const std::string& path, const YAML::Node& node,
                                              const std::string& where) {
  if (!node.IsMap()) return At(path, node, where, "expected a map of experiment fields");
  v1::Experiment e;
  for (const auto& item : node) {
    const std::string key = item.first.as<std::string>();
    const YAML::Node& value = item.second;
    const std::string field = where.empty() ? key : absl::StrCat(where, ".", key);
    if (key == "branches") {
      if (!value.IsSequence()) return At(path, value, field, "expected a list of branch names");
      for (const auto& b : value) {
        if (!b.IsScalar()) return At(path, b, field, "expected a branch name");
        e.add_branches(b.as<std::string>());
      }
      continue;
    }
    if (key == "ratios") {
      if (!value.IsSequence()) return At(path, value, field, "expected a list of ratios, one per branch");
      for (const auto& r : value) {
        int ratio = 0;
        if (!r.IsScalar() || !YAML::convert<int>::decode(r, ratio)) return At(path, r, field, "expected an integer");
        e.add_ratios(ratio);
      }
      continue;
    }
    if (!value.IsScalar()) return At(path, value, field, "expected a single value");
    const std::string text = value.as<std::string>();
    if (key == "slug") {
      e.set_slug(text);
    } else if (key == "name") {
      e.set_name(text);
    } else if (key == "platform" || key == "app_name") {
      e.set_platform(text);
    } else if (key == "start_date") {
      e.set_start_date(text);
    } else if (key == "end_date") {
      e.set_end_date(text);
    } else if (key == "reference_branch") {
      e.set_reference_branch(text);
    } else if (key == "is_rollout") {
      if (text != "true" && text != "false") return At(path, value, field, "expected true or false");
      e.set_is_rollout(text == "true");
    } else {
      return At(path, item.first, field,
                "unknown key; expected slug, name, platform, start_date, end_date, reference_branch, "
                "is_rollout, branches or ratios");
    }
  }
  return e;
}

int RunPut(const GlobalOptions& g, const ExperimentsOptions& o) {
  if (o.file.empty() && o.experiment.slug().empty()) {
    std::cerr << "opmonctl: experiments put needs --slug or --file\n";
    return 2;
  }
  std::vector<v1::Experiment> experiments;
  if (!o.file.empty()) {
    absl::StatusOr<v1::SourceFile> file = ReadSourceFile(o.file);
    if (!file.ok()) return ReadFailed(file.status());
    absl::StatusOr<std::vector<v1::Experiment>> parsed = ParseExperimentsFile(o.file, file->content());
    if (!parsed.ok()) {
      std::cerr << parsed.status().message() << "\n";
      return 1;
    }
    experiments = *std::move(parsed);
  } else {
    v1::Experiment e = o.experiment;
    for (const std::string& b : o.branches) e.add_branches(b);
    for (int r : o.ratios) e.add_ratios(r);
    e.set_is_rollout(o.rollout);
    experiments.push_back(std::move(e));
  }
  nlohmann::json stored = nlohmann::json::array();
  for (const v1::Experiment& e : experiments) {
    v1::PutExperimentRequest request;
    *request.mutable_experiment() = e;
    absl::StatusOr<v1::PutExperimentResponse> put = Call(g, &v1::ConfigService::Stub::PutExperiment, request);
    if (!put.ok()) return ReportRpcFailure(std::cerr, "experiments put " + e.slug(), put.status());
    if (g.json) {
      stored.push_back(e.slug());
    } else {
      std::cout << e.slug() << ": stored\n";
    }
  }
  if (g.json) PrintJson({{"stored", stored}});
  return 0;
}

std::vector<std::string> ExperimentRow(const v1::Experiment& e) {
  return {e.slug(),
          e.platform(),
          e.start_date(),
          e.end_date(),
          e.reference_branch(),
          e.is_rollout() ? "yes" : "no",
          absl::StrJoin(e.branches(), ","),
          absl::StrJoin(e.ratios(), ":"),
          e.name()};
}

int RunList(const GlobalOptions& g, const ExperimentsOptions& o) {
  v1::ListExperimentsRequest request;
  request.set_platform(o.platform);
  return PrintListing(g, "experiments ls", Call(g, &v1::ConfigService::Stub::ListExperiments, request),
                      &v1::ListExperimentsResponse::experiments,
                      {"SLUG", "PLATFORM", "START", "END", "REFERENCE", "ROLLOUT", "BRANCHES", "RATIOS", "NAME"},
                      ExperimentRow);
}

}  // namespace

absl::StatusOr<std::vector<v1::Experiment>> ParseExperimentsFile(const std::string& path, const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", e.mark.line + 1, ":", e.mark.column + 1, ": error: ", e.msg));
  }
  std::vector<v1::Experiment> out;
  try {
    if (root.IsMap() && root["experiments"]) {
      const YAML::Node list = root["experiments"];
      if (!list.IsSequence()) return At(path, list, "experiments", "expected a list of experiments");
      for (size_t i = 0; i < list.size(); ++i) {
        absl::StatusOr<v1::Experiment> e = ReadExperiment(path, list[i], absl::StrCat("experiments[", i, "]"));
        if (!e.ok()) return e.status();
        out.push_back(*std::move(e));
      }
    } else {
      absl::StatusOr<v1::Experiment> e = ReadExperiment(path, root, "");
      if (!e.ok()) return e.status();
      out.push_back(*std::move(e));
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", e.mark.line + 1, ":", e.mark.column + 1, ": error: ", e.msg));
  }
  return out;
}

void AddExperimentsCommand(const Commands& commands) {
  auto o = std::make_shared<ExperimentsOptions>();
  const Commands experiments = commands.Group("experiments", "the experiments registry");

  CLI::App* put = experiments.Add("put", "add or replace registry entries", o, RunPut);
  auto* file = put->add_option("--file", o->file, "YAML file with one experiment or a list under `experiments:`")
                   ->check(CLI::ExistingFile);
  v1::Experiment& e = o->experiment;
  auto* slug = put->add_option("--slug", *e.mutable_slug(), "experiment slug");
  put->add_option("--platform", *e.mutable_platform(), "app name (default firefox_desktop)");
  put->add_option("--start-date", *e.mutable_start_date(), "YYYY-MM-DD");
  put->add_option("--end-date", *e.mutable_end_date(), "YYYY-MM-DD (empty: running)");
  put->add_option("--reference-branch", *e.mutable_reference_branch(), "default control");
  put->add_option("--name", *e.mutable_name(), "human name");
  put->add_option("--branch", o->branches, "a branch (repeat for each)");
  put->add_option("--ratio", o->ratios, "planned ratio of each --branch, in the same order (default: equal)")
      ->check(CLI::PositiveNumber);
  put->add_flag("--rollout", o->rollout, "the entry is a rollout");
  file->excludes(slug);

  CLI::App* ls = experiments.Add("ls", "list registry entries", o, RunList);
  ls->add_option("--platform", o->platform, "only this app");
}

}  // namespace opmon::ctl
