#pragma once
// `opmonctl lookml ...`, against the lookml service:
//   lookml export --out DIR [--check] [--connection C]
//       writes the complete Looker project (GenerateAll) into DIR, removing
//       generated-looking files (*.lkml, *.lookml) that are no longer part of
//       it; with --check writes nothing and exits 1 listing every file that
//       differs, is missing or is stale (for CI). Validation problems reported
//       by the service also exit 1.
//   lookml preview SLUG --out FILE
//       writes the project's self-contained HTML preview.
// Named `lookml preview` so it does not clash with compute's `opmonctl preview`.

namespace opmon::ctl {

class Commands;

void AddLookmlCommand(const Commands& commands);

}  // namespace opmon::ctl
