// Maps and reports on hand-built layers: colours, split units, slivers,
// flows read from a matrix, escaping, and the same bytes every time.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/report/map.hpp"
#include "footprint/report/report.hpp"

#include <algorithm>

namespace {

using fpt::box_wkt;

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

// Footprints F1 (west, L-shaped), F2 (north-east), F3 (apart); units A, B
// (south), C (north, split between F1 and F2) and D (= F3).
struct Grid {
    fp::GeosContext ctx;
    fp::PolygonLayer footprints =
        fpt::make_layer(ctx, "fp",
                        {{"F1", "POLYGON((0 0,2000 0,2000 1000,1000 1000,1000 2000,0 2000,0 0))"},
                         {"F2", box_wkt(1000, 1000, 2000, 2000)},
                         {"F3", box_wkt(3000, 0, 4000, 2000)}});
    fp::PolygonLayer units = fpt::make_layer(ctx, "units",
                                             {{"A", box_wkt(0, 0, 1000, 1000)},
                                              {"B", box_wkt(1000, 0, 2000, 1000)},
                                              {"C", box_wkt(0, 1000, 2000, 2000)},
                                              {"D", box_wkt(3000, 0, 4000, 2000)}});
    fp::Overlay overlay = [this] {
        fp::OverlayOptions options;
        options.tolerance.width_m = 100;
        options.keep_pieces = true;
        return fp::overlay_layers(ctx, footprints, units, nullptr, options);
    }();

    fp::MapRequest request() const {
        fp::MapRequest r;
        r.footprints = &footprints;
        r.units = &units;
        r.overlay = &overlay;
        r.width_px = 400;
        return r;
    }
};

} // namespace

TEST_SUITE("map") {

    TEST_CASE("touching footprints get different colours; apart ones may share") {
        Grid g;
        const auto colours = fp::footprint_colours(g.ctx, g.footprints);
        REQUIRE(colours.size() == 3);
        CHECK(colours[0] != colours[1]);
        CHECK(colours[2] == colours[0]);
    }

    TEST_CASE("the map outlines and names the split unit only, in the documented groups") {
        Grid g;
        const std::string svg = fp::render_map_svg(g.ctx, g.request());
        CHECK(count_of(svg, "<path class=\"footprint\"") == 3);
        CHECK(count_of(svg, "<path class=\"unit\"") == 4);
        CHECK(count_of(svg, "<path class=\"split\"") == 1);
        CHECK(svg.find("<path class=\"split\" data-code=\"C\"") != std::string::npos);
        CHECK(svg.find("<g id=\"slivers\">") == std::string::npos);
        CHECK(svg.find(">1 unit of units split between footprints<") != std::string::npos);
        const std::vector<std::string> groups = {"footprints", "units", "split-units", "labels", "key"};
        std::size_t at = 0;
        for (const auto& id : groups) {
            const auto found = svg.find("<g id=\"" + id + "\">", at);
            CHECK_MESSAGE(found != std::string::npos, id);
            at = found == std::string::npos ? at : found;
        }
        CHECK(svg == fp::render_map_svg(g.ctx, g.request()));
    }

    TEST_CASE("slivers are drawn only when asked for") {
        Grid g;
        // A 20 m strip of F2 over unit B: a sliver at 100 m.
        g.footprints = fpt::make_layer(g.ctx, "fp",
                                       {{"F1", "POLYGON((0 0,2000 0,2000 980,1000 980,1000 2000,0 2000,0 0))"},
                                        {"F2", box_wkt(1000, 980, 2000, 2000)}});
        fp::OverlayOptions options;
        options.tolerance.width_m = 100;
        options.keep_pieces = true;
        g.overlay = fp::overlay_layers(g.ctx, g.footprints, g.units, nullptr, options);
        fp::MapRequest request = g.request();
        CHECK(render_map_svg(g.ctx, request).find("class=\"sliver\"") == std::string::npos);
        request.show_slivers = true;
        const std::string svg = render_map_svg(g.ctx, request);
        CHECK(svg.find("<path class=\"sliver\" data-footprint=\"F2\" data-unit=\"B\"") != std::string::npos);
    }

    TEST_CASE("names are escaped") {
        Grid g;
        g.footprints.units[0].name = "A & <B> \"C\"";
        const std::string svg = fp::render_map_svg(g.ctx, g.request());
        CHECK(svg.find("A &amp; &lt;B&gt; &quot;C&quot;") != std::string::npos);
        CHECK(svg.find("<B>") == std::string::npos);
    }

    TEST_CASE("bad requests are usage errors") {
        Grid g;
        fp::MapRequest request = g.request();
        request.width_px = 50;
        FPT_CHECK_THROWS_CONTAINING(fp::render_map_svg(g.ctx, request), fp::UsageError, "100 to 10000");
        request.footprints = nullptr;
        CHECK_THROWS_AS(fp::render_map_svg(g.ctx, request), fp::UsageError);
    }

    TEST_CASE("flows come from an fp-flows matrix, largest first, without flows within a footprint") {
        Grid g;
        fpt::TempDir dir;
        const std::string path = dir.file("matrix.csv");
        fpt::write_bytes(path, "origin \\ destination,F1,F2,F3\r\nF1,100,5,0\r\nF2,7,50,1\r\nF3,0,0,9\r\n");
        const auto flows = fp::read_flow_matrix(path, g.footprints, 0);
        REQUIRE(flows.size() == 3);
        CHECK(flows[0].from == 1);
        CHECK(flows[0].to == 0);
        CHECK(flows[0].count == 7);
        CHECK(fp::read_flow_matrix(path, g.footprints, 2).size() == 2);

        fp::MapRequest request = g.request();
        request.flows = flows;
        const std::string svg = fp::render_map_svg(g.ctx, request);
        CHECK(count_of(svg, "<path class=\"flow\"") == 3);
        CHECK(svg.find("stroke-width=\"8.00\"") != std::string::npos); // the largest

        fpt::write_bytes(path, "o,F1,F9\nF1,1,2\n");
        FPT_CHECK_THROWS_CONTAINING(fp::read_flow_matrix(path, g.footprints, 0), fp::InputError,
                                    "'F9' is not a footprint");
        fpt::write_bytes(path, "o,F1,F2\nF1,1,-2\n");
        FPT_CHECK_THROWS_CONTAINING(fp::read_flow_matrix(path, g.footprints, 0), fp::InputError, "line 2, column 3");
        fpt::write_bytes(path, "o,F1,F2\nF1,1\n");
        FPT_CHECK_THROWS_CONTAINING(fp::read_flow_matrix(path, g.footprints, 0), fp::InputError,
                                    "2 fields, expected 3");
    }

    TEST_CASE("the report is one self-contained page with a map and tables per comparison") {
        Grid g;
        fp::ReportRequest request;
        request.footprints = &g.footprints;
        request.comparisons = {{&g.units, &g.overlay}};
        request.map_width_px = 400;
        const std::string html = fp::render_report_html(g.ctx, request);
        CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK(count_of(html, "<svg ") == 1);
        CHECK(html.find("<section id=\"units\">") != std::string::npos);
        CHECK(html.find("<table id=\"units-split\" class=\"sortable\">") != std::string::npos);
        CHECK(html.find("<table id=\"units-footprints\" class=\"sortable\">") != std::string::npos);
        CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
        CHECK(html.find("https://") == std::string::npos);
        CHECK(html.find("id=\"flows\"") == std::string::npos);
        CHECK(html == fp::render_report_html(g.ctx, request));
    }

} // TEST_SUITE
