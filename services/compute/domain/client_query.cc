#include "services/compute/domain/client_query.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/results/branch_labels.h"
#include "common/results/text_array.h"
#include "common/sql/quote.h"
#include "common/status/status_macros.h"
#include "services/compute/domain/sql_params.h"

namespace opmon::compute {
namespace {

using config::DataSource;
using config::ResolvedProject;

// The reference drops clients above this many rows a day (bots, broken
// profiles) so they cannot dominate sums.
constexpr int kMaxClientRowsPerDay = 10000;
// build_id projects read this many days of submissions, ending on the day.
constexpr int kBuildWindowDays = 14;

bool IsNullColumn(const std::string& column) {
  return column.empty() || absl::AsciiStrToUpper(absl::StripAsciiWhitespace(column)) == "NULL";
}

const DataSource* FindSource(const ResolvedProject& project, const std::string& name) {
  for (const DataSource& ds : project.data_sources) {
    if (ds.name == name) return &ds;
  }
  return nullptr;
}

std::string Paren(const std::string& expr) { return absl::StrCat("(", expr, ")"); }

class Builder {
 public:
  Builder(const ResolvedProject& project, const ClientQueryOptions& options)
      : project_(project), options_(options), build_axis_(project.xaxis == config::XAxis::kBuildId) {}

  absl::StatusOr<ClientQuery> Build() {
    population_ = FindSource(project_, project_.population.data_source);
    if (population_ == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("project.population.data_source: \"",
                                                        project_.population.data_source, "\" is not defined"));
    }
    if (IsNullColumn(population_->client_id_column)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data_sources.", population_->name,
          ".client_id_column: NULL, but the population data source must identify clients"));
    }
    if (build_axis_ && IsNullColumn(population_->build_id_column)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data_sources.", population_->name,
          ".build_id_column: NULL, but project.xaxis build_id needs builds from the population data source"));
    }
    if (!options_.without_dimensions) {
      for (const config::Dimension& d : project_.dimensions) {
        if (!d.data_source.empty() && d.data_source != population_->name) {
          return absl::FailedPreconditionError(absl::StrCat(
              "dimensions.", d.name, ".data_source: \"", d.data_source,
              "\" differs from the population data source \"", population_->name,
              "\"; dimensions are read from the population's rows"));
        }
        query_.layout.dimensions.push_back(d.name);
      }
    }
    // Metrics, grouped by data source in the project's (sorted) source order.
    for (const config::Metric& m : project_.metrics) {
      if (options_.only_metrics &&
          std::find(options_.only_metrics->begin(), options_.only_metrics->end(), m.name) ==
              options_.only_metrics->end()) {
        continue;
      }
      const DataSource* ds = FindSource(project_, m.data_source);
      if (ds == nullptr) {
        return absl::FailedPreconditionError(
            absl::StrCat("metrics.", m.name, ".data_source: \"", m.data_source, "\" is not defined"));
      }
      by_source_[ds->name].push_back(&m);
      query_.layout.metrics.push_back({m.name, m.type});
    }
    Day();  // $1 is always the day
    OPMON_RETURN_IF_ERROR(BranchExpressions());

    std::vector<std::string> ctes;
    const bool fuse = !build_axis_;  // population-source metrics in the population scan
    if (build_axis_) {
      ctes.push_back(BuildAxisPopulation());
    } else {
      ctes.push_back(DayPopulation(fuse ? MetricsOf(population_->name) : std::vector<const config::Metric*>{}));
    }
    std::vector<std::string> joins;
    int index = 0;
    for (const DataSource& ds : project_.data_sources) {
      auto it = by_source_.find(ds.name);
      if (it == by_source_.end()) continue;
      if (fuse && ds.name == population_->name) {
        for (const config::Metric* m : it->second) metric_column_[m->name] = "p." + sql::QuoteIdent(m->name);
        continue;
      }
      ++index;
      std::string alias = absl::StrCat("source_", index);
      ctes.push_back(SourceCte(ds, it->second, alias));
      joins.push_back(SourceJoin(ds, alias));
      for (const config::Metric* m : it->second) metric_column_[m->name] = alias + "." + sql::QuoteIdent(m->name);
    }

    std::vector<std::string> select = {"p.submission_date", "p.build_id", "p.client_id"};
    for (const std::string& d : query_.layout.dimensions) select.push_back("p." + sql::QuoteIdent(d));
    select.push_back("p.branch");
    for (const auto& m : query_.layout.metrics) select.push_back(metric_column_[m.name]);

    query_.sql = absl::StrCat("WITH ", absl::StrJoin(ctes, ",\n"), "\nSELECT ", absl::StrJoin(select, ", "),
                              "\n  FROM population AS p", joins.empty() ? "" : "\n", absl::StrJoin(joins, "\n"));
    query_.params = params_.values();
    query_.param_names = params_.names();
    return std::move(query_);
  }

 private:
  std::vector<const config::Metric*> MetricsOf(const std::string& source) const {
    auto it = by_source_.find(source);
    return it == by_source_.end() ? std::vector<const config::Metric*>{} : it->second;
  }

  std::string Day() { return params_.Use("day", absl::FormatCivilTime(options_.day), "date"); }

  std::string DateOf(const DataSource& ds) { return Paren(ds.submission_date_column) + "::date"; }
  std::string ClientOf(const DataSource& ds) { return Paren(ds.client_id_column) + "::text"; }
  std::string BuildOf(const DataSource& ds) { return Paren(ds.build_id_column) + "::text"; }

  // The day filter of a source: the day, or the build window.
  std::string DayFilter(const DataSource& ds) {
    if (!build_axis_) return absl::StrCat(DateOf(ds), " = ", Day());
    return absl::StrCat(DateOf(ds), " BETWEEN ", Day(), " - ", kBuildWindowDays - 1, " AND ", Day());
  }

  // Per-row enrolment and the aggregate that turns a client's rows into a
  // branch label; `branch_filter_` keeps the labels the project shows.
  absl::Status BranchExpressions() {
    const config::Population& p = project_.population;
    const results::BranchSource source = results::BranchSourceOf(p);
    const bool needs_experiments =
        source == results::BranchSource::kExperimentBranches || source == results::BranchSource::kEnrolment;
    if (needs_experiments && IsNullColumn(population_->experiments_column)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data_sources.", population_->name, ".experiments_column: empty, but the population (",
          p.branches.empty() ? "enrolled or not" : "population.branches",
          ") needs enrolment information"));
    }
    // The branch as a jsonb string, by a bound jsonpath rather than
    // `experiments -> slug ->> 'branch'`: postgres_fdw ships no operator whose
    // collation comes from a constant (the text slug), but jsonpath has none,
    // so a sharded warehouse aggregates the population on its shards
    // (docs/scaling.md). Strict and silent: only an object's "branch" member
    // that is not JSON null counts, as `->>` had it.
    std::string enrolment;
    if (needs_experiments) {
      enrolment = absl::StrCat("jsonb_path_query_first(", Paren(population_->experiments_column), ", ",
                               params_.Use("branch_path", ExperimentBranchJsonPath(project_.slug), "jsonpath"),
                               ", '{}', true)");
    }
    // The labels are opmon's constants, written as SQL literals.
    const std::string enabled = "'" + std::string(results::kEnabledBranch) + "'";
    const std::string disabled = "'" + std::string(results::kDisabledBranch) + "'";
    switch (source) {
      case results::BranchSource::kExperimentBranches:
        // The least branch, as min() of the text had it (jsonb orders
        // strings by the database collation too); jsonb has no min(), and
        // the ordered array_agg ships. NULLs sort last.
        branch_aggregate_ = absl::StrCat("(array_agg(", enrolment, " ORDER BY ", enrolment, "))[1] #>> '{}'");
        branch_filter_ =
            absl::StrCat(" = ANY(", params_.Use("branches", results::TextArrayLiteral(p.branches), "text[]"), ")");
        break;
      case results::BranchSource::kBooleanPref: {
        std::string pref = absl::StrCat("bool_or(", Paren(*p.boolean_pref), "::boolean)");
        branch_aggregate_ =
            absl::StrCat("CASE WHEN ", pref, " THEN ", enabled, " WHEN NOT ", pref, " THEN ", disabled, " END");
        branch_filter_ = " IS NOT NULL";
        break;
      }
      case results::BranchSource::kEntirePopulation:
        branch_aggregate_ = "'" + std::string(results::kActiveBranch) + "'::text";
        branch_filter_.clear();
        break;
      case results::BranchSource::kEnrolment:
        branch_aggregate_ =
            absl::StrCat("CASE WHEN bool_or(", enrolment, " IS NOT NULL) THEN ", enabled, " ELSE ", disabled, " END");
        branch_filter_.clear();
        break;
    }
    return absl::OkStatus();
  }

  std::string PopulationFilters() {
    std::string where = absl::StrCat("\n     WHERE ", DayFilter(*population_));
    if (project_.population.channel) {
      absl::StrAppend(&where, "\n       AND normalized_channel = ",
                      params_.Use("channel", std::string(config::ToString(*project_.population.channel)), "text"));
    }
    if (options_.sample_percent) {
      absl::StrAppend(&where, "\n       AND sample_id < ",
                      params_.Use("sample_percent", absl::StrCat(*options_.sample_percent), "double precision"));
    }
    return where;
  }

  std::string DimensionAggregates(absl::string_view indent) {
    std::string out;
    for (size_t i = 0; i < query_.layout.dimensions.size(); ++i) {
      const config::Dimension& d = project_.dimensions[i];
      absl::StrAppend(&out, indent, "min(", Paren(d.select_expression), "::text) AS ", sql::QuoteIdent(d.name), ",");
    }
    return out;
  }

  std::string MetricSelects(const std::vector<const config::Metric*>& metrics, absl::string_view indent) {
    std::string out;
    for (const config::Metric* m : metrics) {
      absl::StrAppend(&out, ",", indent, Paren(m->select_expression), " AS ", sql::QuoteIdent(m->name));
    }
    return out;
  }

  // submission_date projects: one grouped scan gives clients, dimensions,
  // branch and the population source's metrics.
  std::string DayPopulation(const std::vector<const config::Metric*>& fused) {
    std::string sql = absl::StrCat(
        "population AS (\n  SELECT * FROM (\n    SELECT ", DateOf(*population_), " AS submission_date,\n",
        "           NULL::text AS build_id,\n           ", ClientOf(*population_), " AS client_id,",
        DimensionAggregates("\n           "), "\n           ", branch_aggregate_, " AS branch",
        MetricSelects(fused, "\n           "), "\n      FROM ", population_->from_expression,
        " AS population_rows", PopulationFilters(), "\n     GROUP BY 1, 3\n    HAVING COUNT(*) <= ",
        kMaxClientRowsPerDay, "\n  ) AS clients");
    if (!branch_filter_.empty()) absl::StrAppend(&sql, "\n  WHERE branch", branch_filter_);
    absl::StrAppend(&sql, "\n)");
    return sql;
  }

  // build_id projects: per (day, client, build) first, to drop heavy
  // client-days, then one row per (client, build) over the window.
  std::string BuildAxisPopulation() {
    std::string dims_outer;
    for (const std::string& d : query_.layout.dimensions) {
      absl::StrAppend(&dims_outer, "\n         min(", sql::QuoteIdent(d), ") AS ", sql::QuoteIdent(d), ",");
    }
    std::string sql = absl::StrCat(
        "population_days AS (\n  SELECT ", DateOf(*population_), " AS day,\n         ", ClientOf(*population_),
        " AS client_id,\n         ", BuildOf(*population_), " AS build_id,", DimensionAggregates("\n         "),
        "\n         ", branch_aggregate_, " AS branch,\n         SUM(COUNT(*)) OVER (PARTITION BY ",
        DateOf(*population_), ", ", ClientOf(*population_), ") AS day_rows\n    FROM ",
        population_->from_expression, " AS population_rows", PopulationFilters(), "\n   GROUP BY 1, 2, 3\n),\n",
        "population AS (\n  SELECT ", Day(), " AS submission_date,\n         build_id,\n         client_id,",
        dims_outer, "\n         min(branch) AS branch\n    FROM population_days\n   WHERE build_id IS NOT NULL",
        "\n     AND left(build_id, 8) >= to_char(", Day(), " - ", kBuildWindowDays - 1,
        ", 'YYYYMMDD')\n   GROUP BY build_id, client_id\n  HAVING max(day_rows) <= ", kMaxClientRowsPerDay);
    if (!branch_filter_.empty()) absl::StrAppend(&sql, " AND min(branch)", branch_filter_);
    absl::StrAppend(&sql, "\n)");
    return sql;
  }

  bool KeyedByBuild(const DataSource& ds) const { return build_axis_ && !IsNullColumn(ds.build_id_column); }

  std::string SourceCte(const DataSource& ds, const std::vector<const config::Metric*>& metrics,
                        const std::string& alias) {
    const bool by_client = !IsNullColumn(ds.client_id_column);
    const bool by_build = KeyedByBuild(ds);
    std::vector<std::string> keys;
    if (!build_axis_) keys.push_back(absl::StrCat(DateOf(ds), " AS submission_date"));
    if (by_client) keys.push_back(absl::StrCat(ClientOf(ds), " AS client_id"));
    if (by_build) keys.push_back(absl::StrCat(BuildOf(ds), " AS build_id"));
    std::string sql = absl::StrCat(alias, " AS (\n  SELECT ");
    std::string metric_selects = MetricSelects(metrics, "\n         ");
    if (keys.empty()) {
      absl::StrAppend(&sql, metric_selects.substr(1));  // drop the leading comma
    } else {
      absl::StrAppend(&sql, absl::StrJoin(keys, ",\n         "), metric_selects);
    }
    // No semi-join on the population's clients here: the LEFT JOIN keeps
    // only theirs, and a source aggregated on its own grouped by client_id
    // is what a warehouse hash-partitioned by client_id aggregates on every
    // shard (docs/scaling.md).
    absl::StrAppend(&sql, "\n    FROM ", ds.from_expression, " AS ", alias, "_rows\n   WHERE ", DayFilter(ds));
    if (!keys.empty()) {
      std::vector<std::string> positions;
      for (size_t i = 1; i <= keys.size(); ++i) positions.push_back(absl::StrCat(i));
      absl::StrAppend(&sql, "\n   GROUP BY ", absl::StrJoin(positions, ", "));
    }
    absl::StrAppend(&sql, "\n)");
    return sql;
  }

  std::string SourceJoin(const DataSource& ds, const std::string& alias) {
    std::vector<std::string> on;
    if (!build_axis_) on.push_back(absl::StrCat(alias, ".submission_date = p.submission_date"));
    if (!IsNullColumn(ds.client_id_column)) on.push_back(absl::StrCat(alias, ".client_id = p.client_id"));
    if (KeyedByBuild(ds)) on.push_back(absl::StrCat(alias, ".build_id = p.build_id"));
    if (on.empty()) on.push_back("TRUE");
    return absl::StrCat("  LEFT JOIN ", alias, " ON ", absl::StrJoin(on, " AND "));
  }
  const ResolvedProject& project_;
  const ClientQueryOptions& options_;
  const bool build_axis_;
  const DataSource* population_ = nullptr;
  std::map<std::string, std::vector<const config::Metric*>> by_source_;
  std::map<std::string, std::string> metric_column_;
  std::string branch_aggregate_;
  std::string branch_filter_;
  SqlParams params_;
  ClientQuery query_;
};

}  // namespace

absl::StatusOr<ClientQuery> BuildClientQuery(const config::ResolvedProject& project,
                                             const ClientQueryOptions& options) {
  return Builder(project, options).Build();
}

std::string ExperimentBranchJsonPath(std::string_view slug) {
  std::string key;
  for (char c : slug) {
    if (c == '"' || c == '\\') key.push_back('\\');
    key.push_back(c);
  }
  return absl::StrCat("strict $.\"", key, "\".branch ? (@ != null)");
}

std::string InlineParams(const ClientQuery& query) {
  std::string out;
  const std::string& sql = query.sql;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      size_t j = i + 1;
      size_t n = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) n = n * 10 + (sql[j++] - '0');
      if (n >= 1 && n <= query.params.size()) {
        out.push_back('\'');
        for (char c : query.params[n - 1]) {
          if (c == '\'') out.push_back('\'');
          out.push_back(c);
        }
        out.push_back('\'');
        i = j - 1;
        continue;
      }
    }
    out.push_back(sql[i]);
  }
  return out;
}

}  // namespace opmon::compute
