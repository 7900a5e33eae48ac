#pragma once
// The boundaries of the sequential alert mode (`project.false_alert_rate`,
// docs/statistics.md "Sequential alerts"): how far a statistic may stray at
// the k-th look of a series before an alert, so that the chance of any false
// alert over every look of every series stays at most the project's level.
// Pure functions of the look number and the level.
//
// The level is split evenly over the project's series (Bonferroni: valid
// whatever their dependence). Within a series:
//  - ci_overlap sums the daily standardised branch differences and compares
//    the sum with a normal-mixture boundary, a confidence sequence valid at
//    every look of an unbounded number of looks (Robbins 1970; Howard,
//    Ramdas, McAuliffe, Sekhon, "Time-uniform, nonparametric, nonasymptotic
//    confidence sequences", Ann. Statist. 2021, eq. (14));
//  - threshold and avg_diff, whose daily values need not share one truth,
//    spend the series' level over looks as alpha / (k (k + 1)), which sums to
//    alpha over any number of looks (a union bound, valid under any
//    dependence between looks).

namespace opmon::statistics {

// The standard error a two-sided interval [lower, upper] at opmon's stored
// level (90%) implies for a roughly normal estimate: the width over 2 z_0.95.
double StandardErrorOfStoredInterval(double lower, double upper);

// z with P(|Z| > z) = alpha for Z standard normal; alpha in (0, 1).
double TwoSidedCriticalValue(double alpha);

// The boundary b_k for S_k = Z_1 + ... + Z_k, Z_i independent standard
// normals under no difference: P(|S_k| >= b_k for some k >= 1) <= alpha.
// b_k = sqrt((k + rho) ln((k + rho) / (rho alpha^2))) with rho = 1 (the
// mixture's prior precision, one look's worth). looks >= 1, alpha in (0, 1).
double MixtureBoundary(int looks, double alpha);

// The share of alpha the k-th look (k >= 1) of a series may spend:
// alpha / (k (k + 1)).
double LookAlpha(int look, double alpha);

}  // namespace opmon::statistics
