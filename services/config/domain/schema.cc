#include "services/config/domain/schema.h"

#include <string_view>
#include <vector>

#include "absl/strings/str_split.h"

namespace opmon::config {
namespace {

using T = ValueType;

constexpr std::string_view kStatisticNames = "count|sum|mean|quantile|percentile|total_ratio";

std::vector<KeySpec> SharedSections(bool definitions) {
  std::vector<KeySpec> keys;
  if (definitions) {
    keys.push_back({.name = "platform",
                    .type = T::kString,
                    .description = "Platform these definitions apply to (e.g. `firefox_desktop`). "
                                   "Defaults to the file name without extension; `rollout` holds "
                                   "the defaults layered under rollouts."});
    keys.push_back({.name = "project",
                    .type = T::kSection,
                    .description = "Per-platform defaults layered under every project of the "
                                   "platform unless it sets `skip_default_metrics`: default "
                                   "metrics, population data source, ... A file with this "
                                   "section is a defaults file: all its content is skipped with "
                                   "the defaults.",
                    .section = "project"});
  } else {
    keys.push_back({.name = "project",
                    .type = T::kSection,
                    .description = "What to monitor, for whom, and how to show it.",
                    .section = "project"});
  }
  keys.push_back({.name = "metrics",
                  .type = T::kMapOfSection,
                  .description = "Metric definitions, or patches of platform metrics.",
                  .section = "metric"});
  keys.push_back({.name = "data_sources",
                  .type = T::kMapOfSection,
                  .description = "Tables or subqueries metrics and dimensions read from.",
                  .section = "data_source"});
  keys.push_back({.name = "dimensions",
                  .type = T::kMapOfSection,
                  .description = "Columns to segment the population by.",
                  .section = "dimension"});
  keys.push_back({.name = "alerts",
                  .type = T::kMapOfSection,
                  .description = "Alert definitions; a project enables them in `project.alerts`.",
                  .section = "alert"});
  keys.push_back({.name = "parameters",
                  .type = T::kMapOfSection,
                  .description = "Values substituted for `{{ parameters.<name> }}` in select "
                                 "expressions.",
                  .section = "parameter"});
  keys.push_back({.name = "functions",
                  .type = T::kMapOfSection,
                  .description = "SQL templates callable as `{{ name(expr) }}` in select "
                                 "expressions. Functions are shared by all platforms.",
                  .section = "function"});
  return keys;
}

std::vector<SectionSpec> BuildSchema() {
  std::vector<SectionSpec> s;
  s.push_back({.id = kProjectFileSection,
               .path = "(project file)",
               .title = "Project file",
               .description = "Top level of a project file (`<slug>.yaml` or `<slug>.toml`); the "
                              "file name is the project slug.",
               .keys = SharedSections(false)});
  s.push_back({.id = kDefinitionsFileSection,
               .path = "(definitions file)",
               .title = "Platform definitions file",
               .description = "Top level of a platform definitions or defaults file, layered "
                              "under the projects of its platform.",
               .keys = SharedSections(true)});
  s.push_back(
      {.id = "project",
       .path = "project",
       .title = "Project",
       .description = "What to monitor, for whom, and how to show it. Omitted dates, reference "
                      "branch, rollout flag, branches and platform come from the experiments "
                      "registry entry with the project's slug.",
       .keys = {
           {.name = "name", .type = T::kString,
            .description = "Human-readable name shown on dashboards.",
            .default_value = "the experiment slug"},
           {.name = "platform", .type = T::kString,
            .description = "Platform whose definitions and defaults are layered under the "
                           "project.",
            .default_value = "experiment's app, else `firefox_desktop`"},
           {.name = "xaxis", .type = T::kEnum,
            .description = "Group results by submission date, or by build id (the last 14 "
                           "days of builds).",
            .default_value = "submission_date", .allowed = "submission_date|build_id"},
           {.name = "start_date", .type = T::kDate,
            .description = "First day to compute.", .default_value = "experiment start"},
           {.name = "end_date", .type = T::kDate,
            .description = "Last day to compute; open-ended when unset.",
            .default_value = "experiment end"},
           {.name = "skip", .type = T::kBool,
            .description = "Keep the project but do not compute it.", .default_value = "false"},
           {.name = "skip_default_metrics", .type = T::kBool,
            .description = "Do not layer the platform (and rollout) defaults under the project.",
            .default_value = "false"},
           {.name = "is_rollout", .type = T::kBool,
            .description = "The project monitors a rollout (enrolled vs. not enrolled).",
            .default_value = "experiment's flag, else false"},
           {.name = "metrics", .type = T::kStringList,
            .description = "Metrics to compute; each must be defined in `metrics` or the "
                           "platform definitions. Appended to the default metrics.",
            .default_value = "[]"},
           {.name = "alerts", .type = T::kStringList,
            .description = "Alerts to evaluate; each must be defined in `alerts`.",
            .default_value = "[]"},
           {.name = "alert_webhook_url", .type = T::kUrl,
            .description = "Receives each new alert of the project once, as a JSON POST, "
                           "retried until it succeeds or is given up (see "
                           "[statistics.md](statistics.md#webhooks)).",
            .default_value = "the service's `--webhook-url`"},
           {.name = "false_alert_rate", .type = T::kNumber,
            .description = "Sequential alerts: the chance that the project raises any false "
                           "alert, over all its alerts, series and days, is held at this level "
                           "(0.05 = 5%); ci_overlap then accumulates the daily differences, "
                           "threshold and avg_diff spend the level over looks (see "
                           "[statistics.md](statistics.md#sequential-alerts)).",
            .default_value = "unset: fixed-horizon rules on each day's 90% intervals",
            .minimum = 0.0001, .maximum = 0.5},
           {.name = "statement_timeout_seconds", .type = T::kInteger,
            .description = "Time limit of each statement of the project's SQL, in seconds; "
                           "compute caps it with its `--statement-timeout-seconds` (see "
                           "[operations.md](operations.md#project-sql-and-the-warehouse-role)).",
            .default_value = "compute's `--statement-timeout-seconds` (1800)", .minimum = 1},
           {.name = "reference_branch", .type = T::kString,
            .description = "Branch other branches are compared with (ci_overlap alerts).",
            .default_value = "experiment's, else `control`"},
           {.name = "compact_visualization", .type = T::kBool,
            .description = "Dashboards show fewer, denser tiles.", .default_value = "false"},
           {.name = "metric_groups", .type = T::kMapOfSection,
            .description = "Named groups of project metrics shown together.",
            .section = "metric_group"},
           {.name = "population", .type = T::kSection,
            .description = "Which clients are monitored and how they are split.",
            .section = "population"},
       }});
  s.push_back(
      {.id = "population",
       .path = "project.population",
       .title = "Population",
       .description = "Which clients are monitored and how they are split into branches. "
                      "Branches come from `branches` (experiment enrolment), `boolean_pref` "
                      "(enabled vs. disabled), or `monitor_entire_population` (one branch).",
       .keys = {
           {.name = "data_source", .type = T::kString,
            .description = "Data source the population is drawn from.", .required = true},
           {.name = "channel", .type = T::kEnum, .description = "Release channel filter.",
            .allowed = "release|beta|nightly"},
           {.name = "branches", .type = T::kStringList,
            .description = "Experiment branches to monitor.",
            .default_value = "experiment's branches"},
           {.name = "boolean_pref", .type = T::kString,
            .description = "SQL boolean expression splitting clients into `enabled` and "
                           "`disabled`."},
           {.name = "monitor_entire_population", .type = T::kBool,
            .description = "Monitor every client as one branch, ignoring enrolment.",
            .default_value = "false"},
           {.name = "dimensions", .type = T::kStringList,
            .description = "Dimensions to segment by; appended to the defaults' dimensions.",
            .default_value = "[]"},
           {.name = "group_by_dimension", .type = T::kString,
            .description = "Dimension shown as separate lines on dashboards; must be one of "
                           "`dimensions`."},
       }});
  s.push_back({.id = "metric_group",
               .path = "project.metric_groups.<slug>",
               .title = "Metric group",
               .description = "Project metrics shown together on a dashboard.",
               .keys = {
                   {.name = "friendly_name", .type = T::kString, .description = "Title."},
                   {.name = "description", .type = T::kString, .description = "Description."},
                   {.name = "metrics", .type = T::kStringList,
                    .description = "Members; each must be a project metric.", .required = true},
               }});
  s.push_back(
      {.id = "metric",
       .path = "metrics.<slug>",
       .title = "Metric",
       .description = "A per-client value and the statistics computed over clients. A project "
                      "entry with the slug of a platform metric patches it: keys set here win, "
                      "`statistics` replaces the platform's statistics as a whole.",
       .keys = {
           {.name = "select_expression", .type = T::kString,
            .description = "PostgreSQL aggregate over the data source's rows of one client "
                           "and day; may call `{{ function(expr) }}`.",
            .required = true},
           {.name = "data_source", .type = T::kString,
            .description = "Data source the expression reads.", .required = true},
           {.name = "type", .type = T::kEnum,
            .description = "Shape of the per-client value: a number, or a histogram (JSON "
                           "bucket → count map).",
            .default_value = "scalar", .allowed = "scalar|histogram"},
           {.name = "statistics", .type = T::kSection,
            .description = "Statistics to compute, each with its parameters (`{}` for "
                           "defaults).",
            .section = "statistics", .required = true},
           {.name = "friendly_name", .type = T::kString, .description = "Dashboard title."},
           {.name = "description", .type = T::kString, .description = "Dashboard description."},
           {.name = "category", .type = T::kString, .description = "Free-form category."},
           {.name = "owner", .type = T::kStringOrStringList,
            .description = "Owner e-mail(s)."},
           {.name = "deprecated", .type = T::kBool, .description = "Marked as deprecated.",
            .default_value = "false"},
           {.name = "bigger_is_better", .type = T::kBool,
            .description = "Direction of improvement, for display.", .default_value = "true"},
       }});
  s.push_back({.id = "statistics",
               .path = "metrics.<slug>.statistics",
               .title = "Statistics",
               .description = "Which statistics apply to which metric type: `percentile` to "
                              "scalars and histograms, all others to scalars only.",
               .keys = {
                   {.name = "count", .type = T::kSection,
                    .description = "Number of clients with a value.", .section = "count"},
                   {.name = "sum", .type = T::kSection, .description = "Sum over clients.",
                    .section = "sum"},
                   {.name = "mean", .type = T::kSection, .description = "Mean over clients.",
                    .section = "mean"},
                   {.name = "quantile", .type = T::kSection,
                    .description = "One quantile of client values, no interval.",
                    .section = "quantile"},
                   {.name = "percentile", .type = T::kSection,
                    .description = "Percentiles with confidence intervals.",
                    .section = "percentile"},
                   {.name = "total_ratio", .type = T::kSection,
                    .description = "Sum of this metric over the sum of another.",
                    .section = "total_ratio"},
               },
               .key_noun = "statistic",
               .closed = true});
  for (std::string_view simple : {"count", "sum", "mean"}) {
    s.push_back({.id = simple,
                 .path = simple == "count"  ? "metrics.<slug>.statistics.count"
                         : simple == "sum" ? "metrics.<slug>.statistics.sum"
                                           : "metrics.<slug>.statistics.mean",
                 .title = simple == "count" ? "count" : simple == "sum" ? "sum" : "mean",
                 .description = "No parameters: write `{}`.",
                 .keys = {}});
  }
  s.push_back({.id = "quantile",
               .path = "metrics.<slug>.statistics.quantile",
               .title = "quantile",
               .description = "The `quantile`-th of `number_of_quantiles` quantiles.",
               .keys = {
                   {.name = "number_of_quantiles", .type = T::kInteger,
                    .description = "Number of quantiles.", .default_value = "100",
                    .minimum = 1},
                   {.name = "quantile", .type = T::kInteger,
                    .description = "Which quantile.", .default_value = "50", .minimum = 0},
               }});
  s.push_back(
      {.id = "percentile",
       .path = "metrics.<slug>.statistics.percentile",
       .title = "percentile",
       .description = "Percentiles of client values (histograms: of the normalised merged "
                      "histogram) with confidence intervals.",
       .keys = {
           {.name = "percentiles", .type = T::kNumberList, .description = "Percentiles.",
            .default_value = "[50, 90, 99]", .minimum = 0, .maximum = 100},
           {.name = "remove_nulls", .type = T::kBool,
            .description = "Drop clients without a value.", .default_value = "false"},
           {.name = "method", .type = T::kEnum,
            .description = "Confidence-interval method: distribution-free order-statistic "
                           "interval, the reference's jackknife or bootstrap UDFs, or a "
                           "leave-one-block-out jackknife.",
            .default_value = "binomial",
            .allowed = "binomial|jackknife|bootstrap|block_jackknife"},
           {.name = "reference_buckets", .type = T::kBool,
            .description = "Scalars: bucket values on the reference's log scale first "
                           "instead of exact percentiles.",
            .default_value = "false"},
           {.name = "point", .type = T::kEnum,
            .description = "Histograms: the point estimate is the key of the bucket holding "
                           "the percentile (the reference's lookup) or is interpolated inside "
                           "that bucket, linearly or log-linearly by the bucket spacing. "
                           "binomial and block_jackknife only; their bounds are bucket edges "
                           "either way.",
            .default_value = "bucket",
            .allowed = "bucket|interpolated"},
       }});
  s.push_back({.id = "total_ratio",
               .path = "metrics.<slug>.statistics.total_ratio",
               .title = "total_ratio",
               .description = "Sum of this metric over the sum of `denominator_metric`.",
               .keys = {
                   {.name = "denominator_metric", .type = T::kString,
                    .description = "A scalar metric of the same project.", .required = true},
               }});
  s.push_back(
      {.id = "data_source",
       .path = "data_sources.<slug>",
       .title = "Data source",
       .description = "A table or subquery in the warehouse (PostgreSQL). Entries with the "
                      "slug of a platform data source patch it key by key.",
       .keys = {
           {.name = "from_expression", .type = T::kString,
            .description = "Table name or `(subquery)`; `{dataset}` is replaced by "
                           "`default_dataset`.",
            .required = true},
           {.name = "submission_date_column", .type = T::kString,
            .description = "Column or expression giving the submission date.",
            .default_value = "submission_date"},
           {.name = "client_id_column", .type = T::kString,
            .description = "Client id column; `NULL` for pre-aggregated sources.",
            .default_value = "client_id"},
           {.name = "build_id_column", .type = T::kString,
            .description = "Build id column (YYYYMMDDhhmmss text) for the build_id x-axis.",
            .default_value = "build_id"},
           {.name = "experiments_column", .type = T::kString,
            .description = "SQL expression yielding the slug → {\"branch\": name} JSON map.",
            .default_value = "experiments"},
           {.name = "experiments_column_type", .type = T::kEnum,
            .description = "metric-hub compatibility: `none` means the source has no "
                           "experiments column; other values are accepted and ignored.",
            .allowed = "simple|native|glean|events_stream|none"},
           {.name = "default_dataset", .type = T::kString,
            .description = "Value for `{dataset}` in `from_expression`."},
           {.name = "friendly_name", .type = T::kString, .description = "Display name."},
           {.name = "description", .type = T::kString, .description = "Description."},
       }});
  s.push_back({.id = "dimension",
               .path = "dimensions.<slug>",
               .title = "Dimension",
               .description = "A column the population is segmented by; becomes a column of "
                              "the results tables.",
               .keys = {
                   {.name = "select_expression", .type = T::kString,
                    .description = "PostgreSQL expression over the data source.",
                    .required = true},
                   {.name = "data_source", .type = T::kString,
                    .description = "Data source the expression reads.", .required = true},
                   {.name = "friendly_name", .type = T::kString, .description = "Display name."},
                   {.name = "description", .type = T::kString, .description = "Description."},
               }});
  s.push_back(
      {.id = "alert",
       .path = "alerts.<slug>",
       .title = "Alert",
       .description = "`threshold`: a value or its interval outside `min`/`max`; "
                      "`ci_overlap`: a branch's interval misses the reference branch's; "
                      "`avg_diff`: the mean of the last `window_size` days differs from the "
                      "previous window by more than `max_relative_change`.",
       .keys = {
           {.name = "type", .type = T::kEnum, .description = "Alert kind.",
            .allowed = "threshold|ci_overlap|avg_diff", .required = true},
           {.name = "metrics", .type = T::kStringList,
            .description = "Project metrics the alert watches.", .required = true},
           {.name = "friendly_name", .type = T::kString, .description = "Display name."},
           {.name = "description", .type = T::kString, .description = "Description."},
           {.name = "parameters", .type = T::kNumberList,
            .description = "threshold: statistic parameters (e.g. percentiles) paired by "
                           "index with `min`/`max`."},
           {.name = "min", .type = T::kNumberList,
            .description = "threshold: lower bounds (one per parameter)."},
           {.name = "max", .type = T::kNumberList,
            .description = "threshold: upper bounds (one per parameter)."},
           {.name = "statistics", .type = T::kStringList,
            .description = "Statistics the alert applies to.", .default_value = "all",
            .allowed = kStatisticNames},
           {.name = "window_size", .type = T::kInteger,
            .description = "avg_diff: days per window.", .minimum = 1},
           {.name = "max_relative_change", .type = T::kNumber,
            .description = "avg_diff: allowed relative change (0.25 = 25%).", .minimum = 0},
       }});
  s.push_back({.id = "parameter",
               .path = "parameters.<name>",
               .title = "Parameter",
               .description = "A value substituted for `{{ parameters.<name> }}` in select "
                              "expressions.",
               .keys = {
                   {.name = "value", .type = T::kStringOrStringMap,
                    .description = "The value (a branch → value table when "
                                   "`distinct_by_branch`)."},
                   {.name = "default", .type = T::kStringOrStringMap,
                    .description = "Used when `value` is unset."},
                   {.name = "distinct_by_branch", .type = T::kBool,
                    .description = "The value differs per branch.", .default_value = "false"},
                   {.name = "friendly_name", .type = T::kString, .description = "Display name."},
                   {.name = "description", .type = T::kString, .description = "Description."},
               }});
  s.push_back({.id = "function",
               .path = "functions.<name>",
               .title = "Function",
               .description = "A SQL template; `{{ name(expr) }}` in a select expression "
                              "becomes `definition` with `{select_expr}` replaced by `expr`.",
               .keys = {
                   {.name = "definition", .type = T::kString,
                    .description = "SQL containing `{select_expr}`.", .required = true},
                   {.name = "friendly_name", .type = T::kString, .description = "Display name."},
                   {.name = "description", .type = T::kString, .description = "Description."},
               }});
  return s;
}

}  // namespace

const std::vector<SectionSpec>& ConfigSchema() {
  static const std::vector<SectionSpec> kSchema = BuildSchema();
  return kSchema;
}

const SectionSpec* FindSection(std::string_view id) {
  for (const SectionSpec& section : ConfigSchema()) {
    if (section.id == id) return &section;
  }
  return nullptr;
}

const KeySpec* FindKey(const SectionSpec& section, std::string_view name) {
  for (const KeySpec& key : section.keys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::vector<std::string_view> AllowedValues(const KeySpec& key) {
  std::vector<std::string_view> values;
  if (key.allowed.empty()) return values;
  for (absl::string_view v : absl::StrSplit(absl::string_view(key.allowed.data(),
                                                              key.allowed.size()),
                                            '|')) {
    values.emplace_back(v.data(), v.size());
  }
  return values;
}

std::string_view TypeName(ValueType type) {
  switch (type) {
    case T::kString: return "string";
    case T::kBool: return "boolean";
    case T::kInteger: return "integer";
    case T::kNumber: return "number";
    case T::kDate: return "date (YYYY-MM-DD)";
    case T::kEnum: return "string (one of)";
    case T::kStringList: return "list of strings";
    case T::kNumberList: return "list of numbers";
    case T::kStringOrStringList: return "string or list of strings";
    case T::kStringOrStringMap: return "string or table of strings";
    case T::kUrl: return "string (http:// or https:// URL)";
    case T::kSection: return "table";
    case T::kMapOfSection: return "table of named entries";
  }
  return "value";
}

}  // namespace opmon::config
