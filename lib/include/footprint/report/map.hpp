// SVG maps of footprints against a comparison layer: footprints coloured so
// that neighbours differ, units split between footprints outlined and
// named, slivers hidden unless asked for, optional flow lines and points.
// The same inputs give the same bytes.
#pragma once

#include "footprint/flows/matrix.hpp"
#include "footprint/overlay/overlay.hpp"

#include <string>
#include <vector>

namespace fp {

struct MapPoint {
    std::string code, name;
    double x, y; // working CRS
};

struct MapRequest {
    const PolygonLayer* footprints = nullptr; // required
    // The comparison: its units are drawn as outlines, and those in more
    // than one footprint (material pieces of the overlay) are highlighted.
    const PolygonLayer* units = nullptr;
    const Overlay* overlay = nullptr; // footprints x units; pieces with geometry to show slivers
    std::vector<FootprintFlow> flows; // drawn with width proportional to the count
    std::vector<MapPoint> points;     // providers
    bool show_slivers = false;
    double width_px = 900;
    std::string title;
    std::string id_prefix; // before every id, so that several maps share a page
};

// Throws UsageError for a request without footprints or a width out of
// range (100 to 10000 pixels), GeometryError when GEOS fails.
std::string render_map_svg(GeosContext& ctx, const MapRequest& request);

// The map as PNG, rendered by rsvg-convert (Debian package librsvg2-bin)
// through pipes: no file is written. Throws OutputError when rsvg-convert
// is missing or fails.
std::string render_png(const std::string& svg);

// Fill colours for the footprints, neighbours different: greedy colouring
// in code order from a palette of 10. Index by footprint.
std::vector<std::string> footprint_colours(GeosContext& ctx, const PolygonLayer& footprints);

} // namespace fp
