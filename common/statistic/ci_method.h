#pragma once
// How a percentile's confidence interval is computed (docs/kernels.md): one
// closed set shared by the config model and the kernels. `kBinomial` is
// opmon's default (distribution-free order-statistic interval); `kJackknife`
// and `kBootstrap` reproduce the reference UDFs; `kBlockJackknife` leaves one
// client block out at a time.

#include <array>
#include <optional>
#include <string_view>

namespace opmon {

// The level of every interval opmon computes and stores (two-sided).
inline constexpr double kStoredIntervalConfidence = 0.9;

enum class CiMethod { kBinomial, kJackknife, kBootstrap, kBlockJackknife };

inline constexpr std::array<CiMethod, 4> kAllCiMethods = {CiMethod::kBinomial, CiMethod::kJackknife,
                                                          CiMethod::kBootstrap, CiMethod::kBlockJackknife};

// "binomial" | "jackknife" | "bootstrap" | "block_jackknife".
std::string_view ToString(CiMethod method);

// Inverse of ToString; nullopt for any other text (case-sensitive).
std::optional<CiMethod> ParseCiMethod(std::string_view text);

}  // namespace opmon
