#include "services/statistics/statistics_proto.h"

#include "common/time/civil_day.h"
#include "grpcpp/impl/codegen/proto_utils.h"

namespace opmon::statistics {

QueryRequest FromProto(const v1::QueryStatisticsRequest& request) {
  QueryRequest out;
  out.slug = request.slug();
  out.metrics.assign(request.metrics().begin(), request.metrics().end());
  out.statistics.assign(request.statistics().begin(), request.statistics().end());
  out.parameters.assign(request.parameters().begin(), request.parameters().end());
  out.branches.assign(request.branches().begin(), request.branches().end());
  for (const v1::DimensionFilter& f : request.dimension_filters()) out.dimension_filters.emplace_back(f.name(), f.value());
  out.from = request.from();
  out.to = request.to();
  out.page_size = request.page_size();
  out.page_token = request.page_token();
  return out;
}

LegacyQueryRequest FromProto(const v1::QueryLegacyAggregatesRequest& request) {
  LegacyQueryRequest out;
  out.aggregate_type = request.aggregate_type();
  out.channel = request.channel();
  out.version = request.version();
  out.metric = request.metric();
  out.from = request.from();
  out.to = request.to();
  auto filter = [&out](bool present, LegacyDimension dimension, const std::string& value) {
    if (present) out.filters.push_back({dimension, value});
  };
  filter(request.has_os(), LegacyDimension::kOs, request.os());
  filter(request.has_os_version(), LegacyDimension::kOsVersion, request.os_version());
  filter(request.has_application(), LegacyDimension::kApplication, request.application());
  filter(request.has_architecture(), LegacyDimension::kArchitecture, request.architecture());
  filter(request.has_label(), LegacyDimension::kLabel, request.label());
  filter(request.has_child(), LegacyDimension::kChild, request.child());
  return out;
}

void ToProto(const config::ResolvedProject& project, const results::StatisticsRow& r, v1::StatisticRow* out) {
  out->set_submission_date(time::FormatCivilDay(r.submission_date));
  out->set_build_id(r.build_id);
  for (std::size_t i = 0; i < project.dimensions.size() && i < r.dimensions.size(); ++i) {
    v1::DimensionValue* d = out->add_dimensions();
    d->set_name(project.dimensions[i].name);
    d->set_value(r.dimensions[i].value_or(""));
  }
  out->set_branch(r.branch);
  out->set_metric(r.metric);
  out->set_statistic(std::string(ToString(r.statistic)));
  out->set_parameter(r.parameter.text());
  if (r.point) out->set_point(*r.point);
  if (r.lower) out->set_lower(*r.lower);
  if (r.upper) out->set_upper(*r.upper);
}

void ToProto(const QueryResult& result, v1::QueryStatisticsResponse* out) {
  out->mutable_rows()->Reserve(static_cast<int>(result.page->rows.size()));
  for (const results::StatisticsRow& r : result.page->rows) ToProto(*result.project, r, out->add_rows());
  out->set_next_page_token(result.next_page_token);
  out->set_data_version(result.page->data_version);
}

void ToProto(const ProjectOverview& o, v1::GetProjectOverviewResponse* out) {
  out->set_slug(o.slug);
  out->set_name(o.name);
  for (const auto& [metric, statistics] : o.metrics) {
    v1::MetricStatistics* m = out->add_metrics();
    m->set_metric(metric);
    for (const std::string& s : statistics) m->add_statistics(s);
  }
  for (const std::string& b : o.branches) out->add_branches(b);
  for (const auto& [name, values] : o.dimensions) {
    v1::DimensionValues* d = out->add_dimensions();
    d->set_name(name);
    for (const ValueCount& v : values) {
      v1::ValueCount* c = d->add_values();
      c->set_value(v.value);
      c->set_count(v.count);
    }
  }
  if (o.first_date) out->set_first_date(time::FormatCivilDay(*o.first_date));
  if (o.last_date) out->set_last_date(time::FormatCivilDay(*o.last_date));
  out->set_last_job_finished_at(o.last_job_finished_at);
  out->set_alert_count(o.alert_count);
  out->set_data_version(o.data_version);
}

void ToProto(const std::string& slug, const AlertRecord& a, v1::Alert* out) {
  out->set_slug(slug);
  out->set_submission_date(time::FormatCivilDay(a.submission_date));
  out->set_build_id(a.build_id);
  for (const NamedValue& d : a.dimensions) {
    v1::DimensionValue* v = out->add_dimensions();
    v->set_name(d.name);
    v->set_value(d.value);
  }
  out->set_metric(a.metric);
  out->set_statistic(std::string(ToString(a.statistic)));
  out->set_parameter(a.parameter.text());
  out->set_branch(a.branch);
  out->set_alert_name(a.alert_name);
  out->set_alert_type(std::string(config::ToString(a.alert_type)));
  out->set_message(a.message);
  if (a.point) out->set_point(*a.point);
  if (a.lower) out->set_lower(*a.lower);
  if (a.upper) out->set_upper(*a.upper);
  out->set_raised_at(a.raised_at);
}

void ToProto(const LegacyAggregates& aggregates, v1::QueryLegacyAggregatesResponse* out) {
  out->set_data_version(aggregates.data_version);
  for (const LegacyHistogram& h : aggregates.histograms) {
    v1::LegacyAggregate* a = out->add_aggregates();
    a->set_date(h.date);
    a->set_label(h.label);
    a->mutable_histogram()->Add(h.buckets.begin(), h.buckets.end());
    a->set_sum(h.sum);
    a->set_count(h.count);
    a->set_rows(h.rows);
  }
}

}  // namespace opmon::statistics
