#include "services/compute/domain/copy_line.h"

namespace opmon::compute {

void CopyLine::Separate() {
  if (fields_++ > 0) text_.push_back('\t');
}

void CopyLine::Add(std::string_view value) {
  Separate();
  for (char c : value) {
    switch (c) {
      case '\\': text_ += "\\\\"; break;
      case '\t': text_ += "\\t"; break;
      case '\n': text_ += "\\n"; break;
      case '\r': text_ += "\\r"; break;
      default: text_.push_back(c);
    }
  }
}

void CopyLine::AddNull() {
  Separate();
  text_ += "\\N";
}

}  // namespace opmon::compute
