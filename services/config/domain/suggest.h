#pragma once
// "Did you mean" suggestions for unknown keys, values and references, by
// edit distance.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opmon::config {

// Edit distance: insert, delete, substitute or swap two adjacent characters,
// each costing 1 (optimal string alignment).
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible
// typo: distance at most max(1, min(3, |word| / 3)), or equal ignoring case.
// Ties go to the earliest candidate.
std::optional<std::string> Suggest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// `; did you mean "x"?` or "" when there is no suggestion.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace opmon::config
