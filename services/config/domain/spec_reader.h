#pragma once
// Turns a schema-checked tree (the output of ValidateAgainstSchema) into a
// Layer. Never reports errors: the validator already removed every value of
// the wrong type.

#include <string>

#include "services/config/domain/document.h"
#include "services/config/domain/spec.h"

namespace opmon::config {

Layer ReadLayer(const std::string& file, const Node& cleaned_root);

}  // namespace opmon::config
