#include "common/statistic/ci_method.h"

#include "common/enums/enum_names.h"

namespace opmon {
namespace {

constexpr EnumNames<CiMethod, 4> kNames = {{
    {CiMethod::kBinomial, "binomial"},
    {CiMethod::kJackknife, "jackknife"},
    {CiMethod::kBootstrap, "bootstrap"},
    {CiMethod::kBlockJackknife, "block_jackknife"},
}};

}  // namespace

std::string_view ToString(CiMethod method) { return NameIn(kNames, method); }
std::optional<CiMethod> ParseCiMethod(std::string_view text) { return ValueIn(kNames, text); }

}  // namespace opmon
