#include "services/compute/datagen/live_catalog.h"

namespace opmon::datagen {

const std::vector<LiveExperiment>& LiveCatalog() {
  static const auto* catalog = new std::vector<LiveExperiment>{
      {kSrmExperiment, "firefox_desktop", "beta", LiveSource::kNormandy,
       {{"control", 1, 0.55}, {"treatment", 1, 0.45}}, 0.5},
      {"new-tab-layout-v2", "firefox_desktop", "release", LiveSource::kNormandy,
       {{"control", 1, 0.5}, {"treatment", 1, 0.5}}, 0.3},
      {"fenix-onboarding", "fenix", "nightly", LiveSource::kNimbusEvents,
       {{"control", 2, 0.5}, {"short", 1, 0.25}, {"long", 1, 0.25}}, 0.4},
      {"fenix-search-default-rollout", "fenix", "release", LiveSource::kNimbusEvents, {}, 0.2},
  };
  return *catalog;
}

}  // namespace opmon::datagen
