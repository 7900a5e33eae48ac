#pragma once
// The stylesheet and script inlined into every HTML preview page.

#include "absl/strings/string_view.h"

namespace opmon::lookml {

extern const absl::string_view kPreviewCss;
// Reads the JSON in <script id="opmon-data">, draws every figure.tile as an
// SVG chart and redraws when a selector changes.
extern const absl::string_view kPreviewScript;

}  // namespace opmon::lookml
