#pragma once
// When to generate LookML again. The projects themselves are read through
// common/projects (the latest non-deleted version of each, as the config
// service stored it), in the same database snapshot as the facts of their
// results, so a tree is consistent while projects are applied and results
// written. The config service's WatchProjects stream only says when to look
// again (regenerator.h); this fingerprint says whether anything changed.
//
// Throws pqxx exceptions: call it inside pg::Pool::Run.

#include <string>

#include "common/pg/pg_fwd.h"

namespace opmon::lookml {

// Changes whenever a project is applied or deleted or its results change:
// "slug:version:deleted:data_version" joined, by slug.
std::string ReadChangeFingerprint(pqxx::transaction_base& tx);

}  // namespace opmon::lookml
