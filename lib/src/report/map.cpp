#include "footprint/report/map.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/overlay/plausible.hpp"
#include "footprint/report/coterm_report.hpp"
#include "footprint/report/json.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace fp {

namespace {

// Pale enough for dark outlines and labels to read on, distinct enough for
// neighbours to tell apart (ColorBrewer Set3 without its grey and purple).
const std::vector<std::string> palette = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3",
                                          "#fdb462", "#b3de69", "#fccde5", "#ccebc5", "#ffed6f"};

std::string labelled(const std::string& code, const std::string& name) {
    return name.empty() || name == code ? code : code + " " + name;
}

// From the working CRS to SVG pixels: north up, one scale for both axes.
struct Frame {
    double min_x, max_y, scale, margin;
    double px(double x) const { return margin + (x - min_x) * scale; }
    double py(double y) const { return margin + (max_y - y) * scale; }
};

std::string number(double value) {
    return format_fixed(value, 1);
}

// `text` cut to `chars` characters with an ellipsis, never inside a UTF-8 sequence.
std::string fit(const std::string& text, std::size_t chars) {
    if (text.size() <= chars || chars < 4) return text;
    std::size_t cut = chars - 1;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "\u2026";
}

void append_ring(GeosContext& ctx, const GEOSGeometry* ring, const Frame& frame, std::string& d) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(ctx, seq, &n);
    std::string previous;
    std::size_t written = 0;
    std::string ring_d;
    for (unsigned int i = 0; i + 1 < n; ++i) { // the closing point is implied by Z
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y);
        const std::string point = number(frame.px(x)) + " " + number(frame.py(y));
        if (point == previous) continue;
        ring_d += (written == 0 ? "M" : "L") + point;
        previous = point;
        ++written;
    }
    if (written >= 3) d += ring_d + "Z";
}

// SVG path data for a polygonal geometry; holes are cut by the even-odd rule.
std::string path_data(GeosContext& ctx, const GEOSGeometry* geom, const Frame& frame) {
    std::string d;
    const int parts = GEOSGetNumGeometries_r(ctx, geom);
    for (int p = 0; p < parts; ++p) {
        const GEOSGeometry* polygon = GEOSGetGeometryN_r(ctx, geom, p);
        if (GEOSGeomTypeId_r(ctx, polygon) != GEOS_POLYGON || GEOSisEmpty_r(ctx, polygon) == 1) continue;
        append_ring(ctx, GEOSGetExteriorRing_r(ctx, polygon), frame, d);
        const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
        for (int h = 0; h < holes; ++h)
            append_ring(ctx, GEOSGetInteriorRingN_r(ctx, polygon, h), frame, d);
    }
    return d;
}

// Simplified for drawing: detail under a pixel is invisible and bloats files.
GeomPtr for_drawing(GeosContext& ctx, const GEOSGeometry* geom, const Frame& frame) {
    return own(ctx, GEOSTopologyPreserveSimplify_r(ctx, geom, 0.5 / frame.scale), "simplify");
}

struct Anchor {
    double x, y;
};

Anchor anchor_of(GeosContext& ctx, const GEOSGeometry* geom) {
    // The largest part holds the label; a point inside it, not a centroid
    // that may fall in the sea.
    const GEOSGeometry* largest = geom;
    double largest_area = -1;
    const int parts = GEOSGetNumGeometries_r(ctx, geom);
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, geom, i);
        const double a = area(ctx, part);
        if (a > largest_area) {
            largest_area = a;
            largest = part;
        }
    }
    GeomPtr point = own(ctx, GEOSPointOnSurface_r(ctx, largest), "point on surface");
    Anchor anchor{0, 0};
    GEOSGeomGetX_r(ctx, point.get(), &anchor.x);
    GEOSGeomGetY_r(ctx, point.get(), &anchor.y);
    return anchor;
}

} // namespace

std::vector<std::string> footprint_colours(GeosContext& ctx, const PolygonLayer& footprints) {
    const std::size_t n = footprints.units.size();
    std::vector<PreparedPtr> prepared;
    for (const auto& unit : footprints.units)
        prepared.push_back(prepare(ctx, unit.geom.get()));
    std::vector<std::size_t> colour(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        std::set<std::size_t> taken;
        for (std::size_t j = 0; j < i; ++j)
            if (GEOSPreparedIntersects_r(ctx, prepared[i].get(), footprints.units[j].geom.get()) == 1)
                taken.insert(colour[j]);
        while (taken.count(colour[i]))
            ++colour[i];
    }
    std::vector<std::string> fills;
    for (const std::size_t c : colour)
        fills.push_back(palette[c % palette.size()]);
    return fills;
}

std::string render_map_svg(GeosContext& ctx, const MapRequest& request) {
    if (request.footprints == nullptr) throw UsageError("a map needs a footprint layer");
    if (!(request.width_px >= 100 && request.width_px <= 10000))
        throw UsageError("map width " + format_fixed(request.width_px, 0) + " is outside 100 to 10000 pixels");
    const PolygonLayer& footprints = *request.footprints;

    // A comparison layer that covers part of the footprints' area: the map
    // shows that part, and says which footprints it leaves out.
    std::vector<bool> shown(footprints.units.size(), true);
    std::vector<std::string> left_out;
    if (request.overlay != nullptr && request.units != nullptr) {
        const ComparisonFit fit = judge_comparison(*request.overlay, footprints, *request.units);
        if (fit.footprints_without_units.size() < footprints.units.size())
            for (const std::size_t a : fit.footprints_without_units) {
                shown[a] = false;
                left_out.push_back(footprints.units[a].code);
            }
    }

    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    bool any = false;
    const auto widen = [&](const GEOSGeometry* g) {
        if (is_empty(ctx, g)) return;
        double x0, y0, x1, y1;
        GEOSGeom_getXMin_r(ctx, g, &x0);
        GEOSGeom_getYMin_r(ctx, g, &y0);
        GEOSGeom_getXMax_r(ctx, g, &x1);
        GEOSGeom_getYMax_r(ctx, g, &y1);
        min_x = any ? std::min(min_x, x0) : x0;
        min_y = any ? std::min(min_y, y0) : y0;
        max_x = any ? std::max(max_x, x1) : x1;
        max_y = any ? std::max(max_y, y1) : y1;
        any = true;
    };
    for (std::size_t i = 0; i < footprints.units.size(); ++i)
        if (shown[i]) widen(footprints.units[i].geom.get());
    if (!left_out.empty())
        for (const auto& unit : request.units->units)
            widen(unit.geom.get());
    if (!any) throw InputError("the footprint layer has no geometry to draw");

    // The map takes 60% of the width; the key to the numbers the rest.
    const double margin = 10;
    const double map_width = std::round(request.width_px * 0.6);
    const double extent = std::max({max_x - min_x, max_y - min_y, 1.0});
    const double scale = (map_width - 2 * margin) / std::max(max_x - min_x, extent * 0.5);
    const Frame frame{min_x, max_y, scale, margin};
    const double map_height = std::ceil((max_y - min_y) * scale + 2 * margin);
    const double line_height = 14;
    const auto shown_count = static_cast<std::size_t>(std::count(shown.begin(), shown.end(), true));
    const double key_height = margin + 24 + line_height * static_cast<double>(shown_count + (left_out.empty() ? 6 : 7));
    const double height = std::max(map_height, key_height);

    std::vector<SpanRow> spanning;
    if (request.overlay != nullptr && request.units != nullptr) spanning = spanning_units(*request.overlay);
    std::set<std::size_t> split_units;
    for (const auto& row : spanning)
        split_units.insert(row.unit);

    std::string svg;
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(request.width_px) + "\" height=\"" +
           number(height) + "\" viewBox=\"0 0 " + number(request.width_px) + " " + number(height) +
           "\" role=\"img\" aria-labelledby=\"" + request.id_prefix + "map-title\">\n";
    svg += "<title id=\"" + request.id_prefix + "map-title\">" +
           xml_escape(request.title.empty() ? layer_title(footprints) : request.title) + "</title>\n";
    svg += "<style>"
           ".footprint{stroke:#333;stroke-width:0.8}"
           ".unit{fill:none;stroke:#555;stroke-width:0.35;stroke-opacity:0.7}"
           ".split{fill:#d62728;fill-opacity:0.12;stroke:#b2182b;stroke-width:1.8}"
           ".sliver{fill:#c51b7d;stroke:#c51b7d;stroke-width:1.2}"
           ".flow{fill:none;stroke:#1f4e79;stroke-opacity:0.55;stroke-linecap:round}"
           ".point{fill:#000;stroke:#fff;stroke-width:0.6}"
           "text{font-family:'DejaVu Sans',Arial,sans-serif;fill:#111}"
           ".number{font-size:9px;font-weight:bold;text-anchor:middle;paint-order:stroke;stroke:#fff;"
           "stroke-width:2.5px;stroke-linejoin:round}"
           ".split-label{font-size:10px;font-style:italic;fill:#7f0000;paint-order:stroke;stroke:#fff;"
           "stroke-width:3px;stroke-linejoin:round}"
           ".key{font-size:11px}.key-title{font-size:12px;font-weight:bold}"
           "</style>\n";

    const std::vector<std::string> fills = footprint_colours(ctx, footprints);
    std::vector<Anchor> anchors;
    svg += "<g id=\"" + request.id_prefix + "footprints\">\n";
    for (std::size_t i = 0; i < footprints.units.size(); ++i) {
        const Unit& unit = footprints.units[i];
        anchors.push_back(is_empty(ctx, unit.geom.get()) ? Anchor{min_x, max_y} : anchor_of(ctx, unit.geom.get()));
        if (!shown[i]) continue;
        GeomPtr drawn = for_drawing(ctx, unit.geom.get(), frame);
        svg += "<path class=\"footprint\" data-code=\"" + xml_escape(unit.code) + "\" fill=\"" + fills[i] +
               "\" fill-rule=\"evenodd\" d=\"" + path_data(ctx, drawn.get(), frame) + "\"><title>" +
               xml_escape(labelled(unit.code, unit.name)) + "</title></path>\n";
    }
    svg += "</g>\n";

    if (request.units != nullptr) {
        svg += "<g id=\"" + request.id_prefix + "units\">\n";
        for (const auto& unit : request.units->units) {
            GeomPtr drawn = for_drawing(ctx, unit.geom.get(), frame);
            svg += "<path class=\"unit\" data-code=\"" + xml_escape(unit.code) + "\" d=\"" +
                   path_data(ctx, drawn.get(), frame) + "\"/>\n";
        }
        svg += "</g>\n";
    }

    if (request.show_slivers && request.overlay != nullptr) {
        svg += "<g id=\"" + request.id_prefix + "slivers\">\n";
        for (const auto& piece : request.overlay->pieces) {
            if (!piece.sliver || !piece.geom) continue;
            GeomPtr drawn = for_drawing(ctx, piece.geom.get(), frame);
            const std::string d = path_data(ctx, drawn.get(), frame);
            if (d.empty()) continue;
            svg += "<path class=\"sliver\" data-footprint=\"" + xml_escape(request.overlay->a.codes[piece.a]) +
                   "\" data-unit=\"" + xml_escape(request.overlay->b.codes[piece.b]) + "\" d=\"" + d +
                   "\"><title>sliver " + xml_escape(request.overlay->b.codes[piece.b]) + " in " +
                   xml_escape(request.overlay->a.codes[piece.a]) + ": " + format_fixed(piece.area_m2, 0) +
                   " m2</title></path>\n";
        }
        svg += "</g>\n";
    }

    if (request.units != nullptr) {
        svg += "<g id=\"" + request.id_prefix + "split-units\">\n";
        for (const auto& row : spanning) {
            const Unit& unit = request.units->units[row.unit];
            GeomPtr drawn = for_drawing(ctx, unit.geom.get(), frame);
            std::string shares;
            for (const auto& s : row.shares)
                shares += (shares.empty() ? "" : ", ") + request.overlay->a.codes[s.footprint] + " " +
                          format_fixed(s.share * 100, 1) + "%";
            svg += "<path class=\"split\" data-code=\"" + xml_escape(unit.code) + "\" fill-rule=\"evenodd\" d=\"" +
                   path_data(ctx, drawn.get(), frame) + "\"><title>" +
                   xml_escape(labelled(unit.code, unit.name) + ": " + shares) + "</title></path>\n";
        }
        svg += "</g>\n";
    }

    if (!request.flows.empty()) {
        double largest = 0;
        for (const auto& f : request.flows)
            largest = std::max(largest, f.count);
        svg += "<g id=\"" + request.id_prefix + "flows\">\n";
        for (const auto& f : request.flows) {
            if (f.from == f.to || largest <= 0 || !shown.at(f.from) || !shown.at(f.to)) continue;
            const Anchor a = anchors.at(f.from), b = anchors.at(f.to);
            const double x0 = frame.px(a.x), y0 = frame.py(a.y), x1 = frame.px(b.x), y1 = frame.py(b.y);
            // Bowed to the right of the direction of travel, so that the
            // flows each way between two footprints are told apart.
            const double cx = (x0 + x1) / 2 - (y1 - y0) * 0.2, cy = (y0 + y1) / 2 + (x1 - x0) * 0.2;
            svg += "<path class=\"flow\" stroke-width=\"" + format_fixed(0.5 + 7.5 * f.count / largest, 2) +
                   "\" d=\"M" + number(x0) + " " + number(y0) + "Q" + number(cx) + " " + number(cy) + " " + number(x1) +
                   " " + number(y1) + "\"><title>" + xml_escape(footprints.units[f.from].code) + " to " +
                   xml_escape(footprints.units[f.to].code) + ": " + format_fixed(f.count, 0) + "</title></path>\n";
        }
        svg += "</g>\n";
    }

    if (!request.points.empty()) {
        svg += "<g id=\"" + request.id_prefix + "points\">\n";
        for (const auto& p : request.points)
            svg += "<circle class=\"point\" cx=\"" + number(frame.px(p.x)) + "\" cy=\"" + number(frame.py(p.y)) +
                   "\" r=\"2.2\"><title>" + xml_escape(labelled(p.code, p.name)) + "</title></circle>\n";
        svg += "</g>\n";
    }

    // Labels avoid each other: each split unit's name takes the first of a
    // few places around its anchor that overlaps no label placed before.
    struct Box {
        double x0, y0, x1, y1;
        bool meets(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
    };
    std::vector<Box> placed;
    svg += "<g id=\"" + request.id_prefix + "labels\">\n";
    // Footprints are numbered in code order among those shown.
    std::vector<std::size_t> numbers(footprints.units.size(), 0);
    for (std::size_t i = 0, n = 0; i < footprints.units.size(); ++i)
        if (shown[i]) numbers[i] = ++n;
    for (std::size_t i = 0; i < footprints.units.size(); ++i) {
        if (!shown[i]) continue;
        const double x = frame.px(anchors[i].x), y = frame.py(anchors[i].y) + 3;
        placed.push_back({x - 7, y - 9, x + 7, y + 2});
        svg += "<text class=\"number\" x=\"" + number(x) + "\" y=\"" + number(y) + "\">" + std::to_string(numbers[i]) +
               "</text>\n";
    }
    for (const auto& row : spanning) {
        const Unit& unit = request.units->units[row.unit];
        const std::string text = unit.name.empty() ? unit.code : unit.name;
        const Anchor a = anchor_of(ctx, unit.geom.get());
        const double x = frame.px(a.x), y = frame.py(a.y), w = 5.8 * static_cast<double>(text.size()) + 2;
        const std::vector<std::pair<double, double>> offsets = {{4, -4},      {4, 14},       {-w - 4, -4},
                                                                {-w - 4, 14}, {-w / 2, -12}, {-w / 2, 22}};
        Box chosen{x + 4, y - 14, x + 4 + w, y - 2};
        for (const auto& [dx, dy] : offsets) {
            const Box candidate{x + dx, y + dy - 10, x + dx + w, y + dy + 2};
            if (std::none_of(placed.begin(), placed.end(), [&](const Box& b) { return b.meets(candidate); })) {
                chosen = candidate;
                break;
            }
        }
        placed.push_back(chosen);
        svg += "<text class=\"split-label\" x=\"" + number(chosen.x0) + "\" y=\"" + number(chosen.y1 - 2) + "\">" +
               xml_escape(text) + "</text>\n";
    }
    svg += "</g>\n";

    // The key: number, colour and name of each footprint, then the symbols.
    const double key_x = map_width + 10;
    double y = margin + 14;
    svg += "<g id=\"" + request.id_prefix + "key\">\n<text class=\"key-title\" x=\"" + number(key_x) + "\" y=\"" +
           number(y) + "\">" + xml_escape(request.title.empty() ? layer_title(footprints) : request.title) +
           "</text>\n";
    y += 10;
    const auto key_chars = static_cast<std::size_t>((request.width_px - key_x - 20) / 6.2);
    for (std::size_t i = 0; i < footprints.units.size(); ++i) {
        if (!shown[i]) continue;
        const std::string full = labelled(footprints.units[i].code, footprints.units[i].name);
        y += line_height;
        svg += "<rect x=\"" + number(key_x) + "\" y=\"" + number(y - 9) + "\" width=\"10\" height=\"10\" fill=\"" +
               fills[i] + "\" stroke=\"#333\" stroke-width=\"0.5\"/><text class=\"key\" x=\"" + number(key_x + 14) +
               "\" y=\"" + number(y) + "\">" + xml_escape(fit(std::to_string(numbers[i]) + " " + full, key_chars)) +
               "<title>" + xml_escape(full) + "</title></text>\n";
    }
    if (request.units != nullptr) {
        y += line_height * 1.5;
        svg += "<rect class=\"split\" x=\"" + number(key_x) + "\" y=\"" + number(y - 9) +
               "\" width=\"10\" height=\"10\"/><text class=\"key\" x=\"" + number(key_x + 14) + "\" y=\"" + number(y) +
               "\">" + std::to_string(spanning.size()) + (spanning.size() == 1 ? " unit of " : " units of ") +
               xml_escape(layer_title(*request.units)) + " split between footprints</text>\n";
        if (!left_out.empty()) {
            y += line_height;
            std::string codes;
            for (const auto& code : left_out)
                codes += (codes.empty() ? "" : ", ") + code;
            const std::string note = std::to_string(left_out.size()) +
                                     (left_out.size() == 1 ? " footprint" : " footprints") + " with no unit of " +
                                     layer_title(*request.units) + " left out";
            svg += "<text class=\"key\" x=\"" + number(key_x) + "\" y=\"" + number(y) + "\">" +
                   xml_escape(fit(note, key_chars)) + "<title>" + xml_escape(note + ": " + codes) + "</title></text>\n";
        }
        if (request.show_slivers) {
            y += line_height;
            svg += "<rect class=\"sliver\" x=\"" + number(key_x) + "\" y=\"" + number(y - 9) +
                   "\" width=\"10\" height=\"10\"/><text class=\"key\" x=\"" + number(key_x + 14) + "\" y=\"" +
                   number(y) + "\">slivers (ignored as splits)</text>\n";
        }
    }
    if (!request.flows.empty()) {
        y += line_height;
        svg += "<line class=\"flow\" x1=\"" + number(key_x) + "\" y1=\"" + number(y - 4) + "\" x2=\"" +
               number(key_x + 10) + "\" y2=\"" + number(y - 4) + "\" stroke-width=\"3\"/><text class=\"key\" x=\"" +
               number(key_x + 14) + "\" y=\"" + number(y) + "\">flows, width by count</text>\n";
    }
    if (!request.points.empty()) {
        y += line_height;
        svg += "<circle class=\"point\" cx=\"" + number(key_x + 5) + "\" cy=\"" + number(y - 4) +
               "\" r=\"2.2\"/><text class=\"key\" x=\"" + number(key_x + 14) + "\" y=\"" + number(y) +
               "\">providers</text>\n";
    }
    svg += "</g>\n</svg>\n";
    return svg;
}

} // namespace fp
