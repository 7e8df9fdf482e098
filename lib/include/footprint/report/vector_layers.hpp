// The vector layers the tools write beside their reports, schema and all:
// the pieces of a comparison and the footprints a build dissolved.
#pragma once

#include "footprint/io/vector_writer.hpp"
#include "footprint/overlay/build.hpp"
#include "footprint/overlay/overlay.hpp"

#include <string>
#include <vector>

namespace fp {

// Every piece the overlays kept (OverlayOptions::keep_pieces) with its
// layer, footprint, unit, relation, sliver flag, area, shares and
// population. Returns the writer's warnings.
std::vector<std::string> write_pieces(GeosContext& ctx, const VectorOutput& output,
                                      const std::vector<Overlay>& overlays);

// One feature per built footprint: its code and name in fields named
// after the output layer (stp17cd, stp17nm), its member and part counts
// and its area. Returns the writer's warnings.
std::vector<std::string> write_footprints(GeosContext& ctx, const VectorOutput& output, const BuildResult& result);

} // namespace fp
