#pragma once
// Reading a whole local file, as opmonctl's commands do before sending it
// (project files, `preview --file`) or comparing it (`lookml export`).

#include <optional>
#include <string>

namespace opmon::ctl {

// The bytes of the file at `path`, unchanged; nullopt when it cannot be
// opened. Each caller says in its own words what it could not read.
std::optional<std::string> ReadFileText(const std::string& path);

}  // namespace opmon::ctl
