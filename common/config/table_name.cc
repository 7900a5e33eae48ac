#include "common/config/table_name.h"

#include <string>
#include <string_view>

namespace opmon::config {

std::string ResultsTableName(std::string_view slug) {
  std::string name(slug);
  for (char& c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '_';
    if (!keep) c = '_';
  }
  return name;
}

}  // namespace opmon::config
