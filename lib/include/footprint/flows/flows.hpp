// Cross-boundary patient flows: how self-contained is each footprint?
// The whole flows layer in one include, for tools and tests:
//   table_reader  reading flow tables into pair counts (pair_counts, count)
//   mapping       code successions; origins and destinations to footprints
//   metrics       the matrix, containment, the 75/75 test, reconciliation
//   sources       the shipped flow data and map_flows, which does it all
//   matrix        reading back the footprint x footprint matrix
// flows may include core, geometry, io and overlay, never check or report.
#pragma once

#include "footprint/flows/count.hpp"
#include "footprint/flows/mapping.hpp"
#include "footprint/flows/matrix.hpp"
#include "footprint/flows/metrics.hpp"
#include "footprint/flows/option_error.hpp"
#include "footprint/flows/pair_counts.hpp"
#include "footprint/flows/sources.hpp"
#include "footprint/flows/table_reader.hpp"
