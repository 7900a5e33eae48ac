#pragma once
// The HTML preview of a project's dashboard: one self-contained page (no
// external assets, works from file://) with the dashboard's tiles as SVG line
// charts — one line per branch, a shaded confidence band, axis labels and a
// legend — drawn client-side from the embedded rows, so the dimension,
// percentile (and, in compact mode, metric/statistic) selectors work without
// a server; and the alerts as a table.

#include <string>

#include "services/lookml/domain/lookml_input.h"
#include "services/lookml/domain/preview_data.h"

namespace opmon::lookml {

// Deterministic for the same inputs. Every text is HTML-escaped; the rows are
// embedded as JSON with '<', '>' and '&' escaped.
std::string RenderHtmlPreview(const ProjectLookmlInput& input, const PreviewData& data,
                              const GenerationOptions& options);

}  // namespace opmon::lookml
