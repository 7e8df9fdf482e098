// build_footprints: dissolving member units into footprints by a membership
// table, on hand-built members in EPSG:27700.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/overlay/build.hpp"

#include <sstream>
#include <stdexcept>

namespace {

using fpt::box_wkt;

fp::BuildResult build(fp::GeosContext& ctx, const fp::PolygonLayer& members, const fp::Membership& table,
                      const fp::BuildOptions& options = {}) {
    return fp::build_footprints(ctx, members, table, options);
}

const fp::Footprint& footprint(const fp::BuildResult& result, const std::string& code) {
    for (const auto& f : result.footprints)
        if (f.code == code) return f;
    FAIL("no footprint " << code);
    throw std::logic_error("unreachable");
}

std::vector<std::string> footprint_codes(const fp::BuildResult& result) {
    std::vector<std::string> out;
    for (const auto& f : result.footprints)
        out.push_back(f.code);
    return out;
}

std::vector<std::string> codes_of(const std::vector<const fp::Footprint*>& footprints) {
    std::vector<std::string> out;
    for (const auto* f : footprints)
        out.push_back(f->code);
    return out;
}

// Interior rings over all the polygons of `geom`.
int holes(fp::GeosContext& ctx, const GEOSGeometry* geom) {
    int count = 0;
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, geom); ++i)
        count += GEOSGetNumInteriorRings_r(ctx, GEOSGetGeometryN_r(ctx, geom, i));
    return count;
}

std::string number(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

// A 2 km square drawn as two members: C-shaped M1 around M2, with a gap
// `gap` metres wide and 1800 m long left between them. Vertices match
// along the shared edges, so the members form a clean coverage.
fp::PolygonLayer c_and_block(fp::GeosContext& ctx, double gap) {
    const std::string x = number(1000 + gap);
    const std::string c = "POLYGON ((0 0, 2000 0, 2000 100, " + x + " 100, 1000 100, 1000 1900, " + x +
                          " 1900, 2000 1900, 2000 2000, 0 2000, 0 0))";
    return fpt::make_layer(ctx, "members", {{"M1", c}, {"M2", box_wkt(1000 + gap, 100, 2000, 1900)}});
}

} // namespace

TEST_SUITE("build") {

    TEST_CASE("build: a clean 2x2 coverage dissolves by coverage union to its exact area") {
        fpt::TempDir dir;
        const std::string table_path = dir.file("lookup.csv");
        fpt::write_bytes(table_path,
                         "LSOA11CD,STP17CD,STP17NM\r\nM1,F1,\"Cumbria, North\"\r\nM2,F1,\"Cumbria, North\"\r\n"
                         "M3,F1,\"Cumbria, North\"\r\nM4,F1,\"Cumbria, North\"\r\n");
        const fp::Membership table = fp::read_membership(fp::parse_layer_spec(table_path));
        fp::GeosContext ctx;
        const auto members = fpt::make_layer(ctx, "lsoa",
                                             {{"M1", box_wkt(0, 0, 1000, 1000)},
                                              {"M2", box_wkt(1000, 0, 2000, 1000)},
                                              {"M3", box_wkt(0, 1000, 1000, 2000)},
                                              {"M4", box_wkt(1000, 1000, 2000, 2000)}});
        const fp::BuildResult result = build(ctx, members, table);
        REQUIRE(result.footprints.size() == 1);
        const fp::Footprint& f = result.footprints[0];
        CHECK(f.code == "F1");
        CHECK(f.name == "Cumbria, North");
        CHECK(f.members == 4);
        CHECK(f.members_missing == 0);
        CHECK(f.method == fp::DissolveMethod::coverage);
        CHECK(std::string(fp::to_string(f.method)) == "coverage union");
        CHECK(f.parts == 1);
        CHECK(f.area_m2 == 4e6);
        CHECK(f.holes_filled == 0);
        CHECK(f.filled_m2 == 0.0);
        REQUIRE(f.geom != nullptr);
        CHECK(GEOSisValid_r(ctx, f.geom.get()) == 1);
        CHECK(fp::area(ctx, f.geom.get()) == 4e6);
        CHECK(holes(ctx, f.geom.get()) == 0);
        CHECK(result.count(fp::DissolveMethod::coverage) == 1);
        CHECK(result.count(fp::DissolveMethod::robust) == 0);
        CHECK(result.missing_members.empty());
        CHECK(result.unassigned_units.empty());
        CHECK(result.duplicate_rows.empty());
        CHECK(result.empty().empty());
        CHECK(result.multipart().empty());
        CHECK_FALSE(result.has_problems());
    }

    TEST_CASE("build: overlapping members are dissolved by robust union") {
        fp::GeosContext ctx;
        const auto members = fpt::make_layer(ctx, "ccg",
                                             {{"M1", box_wkt(0, 0, 1000, 1000)},
                                              {"M2", box_wkt(500, 0, 1500, 1000)},
                                              {"M3", box_wkt(5000, 0, 6000, 1000)},
                                              {"M4", box_wkt(6000, 0, 7000, 1000)}});
        const auto table = fpt::make_membership("lookup", {{"M1", "F2"}, {"M2", "F2"}, {"M3", "F1"}, {"M4", "F1"}});
        const fp::BuildResult result = build(ctx, members, table);
        CHECK(footprint_codes(result) == std::vector<std::string>{"F1", "F2"});
        const fp::Footprint& overlapping = footprint(result, "F2");
        CHECK(overlapping.method == fp::DissolveMethod::robust);
        CHECK(std::string(fp::to_string(overlapping.method)) == "robust union");
        CHECK(overlapping.area_m2 == doctest::Approx(1.5e6)); // the union, not the 2e6 sum
        CHECK(overlapping.parts == 1);
        CHECK(GEOSisValid_r(ctx, overlapping.geom.get()) == 1);
        CHECK(footprint(result, "F1").method == fp::DissolveMethod::coverage);
        CHECK(footprint(result, "F1").area_m2 == 2e6);
        CHECK(result.count(fp::DissolveMethod::coverage) == 1);
        CHECK(result.count(fp::DissolveMethod::robust) == 1);
    }

    TEST_CASE("build: missing members, unassigned units and a footprint with no geometry") {
        fp::GeosContext ctx;
        const auto members = fpt::make_layer(ctx, "ccg",
                                             {{"M1", box_wkt(0, 0, 1000, 1000)},
                                              {"M2", box_wkt(1000, 0, 2000, 1000)},
                                              {"M5", box_wkt(9000, 0, 9500, 500)}});
        const auto table =
            fpt::make_membership("lookup", {{"M9", "F1"}, {"M1", "F1"}, {"M8", "F2"}, {"M2", "F1"}, {"M7", "F1"}});
        const fp::BuildResult result = build(ctx, members, table);
        REQUIRE(result.missing_members.size() == 3);
        CHECK(result.missing_members[0].rfind("M7", 0) == 0); // sorted, not in table order
        CHECK(result.missing_members[1].rfind("M8", 0) == 0);
        CHECK(result.missing_members[2].rfind("M9", 0) == 0);
        CHECK(fpt::contains(result.missing_members[1], "F2"));
        CHECK(fpt::contains(result.missing_members[2], "F1"));
        CHECK(result.unassigned_units == std::vector<std::string>{"M5"});
        const fp::Footprint& f1 = footprint(result, "F1");
        CHECK(f1.members == 4);
        CHECK(f1.members_missing == 2);
        CHECK(f1.parts == 1);
        CHECK(f1.area_m2 == 2e6);
        const fp::Footprint& f2 = footprint(result, "F2");
        CHECK(f2.members == 1);
        CHECK(f2.members_missing == 1);
        CHECK(f2.parts == 0);
        CHECK(f2.area_m2 == 0.0);
        REQUIRE(f2.geom != nullptr);
        CHECK(fp::is_empty(ctx, f2.geom.get()));
        CHECK(codes_of(result.empty()) == std::vector<std::string>{"F2"});
        CHECK(result.has_problems());
    }

    TEST_CASE("build: unassigned units alone are a problem; an empty table builds nothing") {
        fp::GeosContext ctx;
        const auto members =
            fpt::make_layer(ctx, "ccg", {{"M1", box_wkt(0, 0, 1000, 1000)}, {"M2", box_wkt(1000, 0, 2000, 1000)}});
        const fp::BuildResult some = build(ctx, members, fpt::make_membership("lookup", {{"M2", "F1"}}));
        CHECK(some.unassigned_units == std::vector<std::string>{"M1"});
        CHECK(some.missing_members.empty());
        CHECK(some.has_problems());
        const fp::BuildResult none = build(ctx, members, fpt::make_membership("lookup", {}));
        CHECK(none.footprints.empty());
        CHECK(none.unassigned_units == std::vector<std::string>{"M1", "M2"});
    }

    TEST_CASE("build: a member in two footprints is refused, pointing to a finer layer") {
        fp::GeosContext ctx;
        const auto members =
            fpt::make_layer(ctx, "ccg", {{"M1", box_wkt(0, 0, 1000, 1000)}, {"M2", box_wkt(1000, 0, 2000, 1000)}});
        const auto table = fpt::make_membership("ccg-stp.csv", {{"M1", "F1"}, {"M2", "F1"}, {"M2", "F2"}});
        FPT_CHECK_THROWS_CONTAINING(build(ctx, members, table), fp::InputError, "M2", "F1", "F2", "ccg-stp.csv",
                                    "finer layer", "LSOAs");
    }

    TEST_CASE("build: a member with a share under 1 is refused as split") {
        fp::GeosContext ctx;
        const auto members =
            fpt::make_layer(ctx, "ccg", {{"M1", box_wkt(0, 0, 1000, 1000)}, {"M2", box_wkt(1000, 0, 2000, 1000)}});
        const auto table = fpt::make_membership("ccg-stp.csv", {{"M1", "F1", "0.5"}, {"M2", "F1", "1"}});
        FPT_CHECK_THROWS_CONTAINING(build(ctx, members, table), fp::InputError, "M1", "0.5", "F1", "split", "LSOAs");
        // Split between two footprints with shares: named once, with both footprints.
        const auto halves =
            fpt::make_membership("ccg-stp.csv", {{"M1", "F1", "0.5"}, {"M1", "F2", "0.5"}, {"M2", "F1", "1"}});
        FPT_CHECK_THROWS_CONTAINING(build(ctx, members, halves), fp::InputError, "1 member", "M1 in F1, F2");
    }

    TEST_CASE("build: a footprint of members that do not touch has several parts") {
        fp::GeosContext ctx;
        const auto members = fpt::make_layer(ctx, "ccg",
                                             {{"M1", box_wkt(0, 0, 1000, 1000)},
                                              {"M2", box_wkt(1000, 0, 2000, 1000)},
                                              {"M3", box_wkt(5000, 0, 6000, 1000)}});
        const auto table = fpt::make_membership("lookup", {{"M1", "F1"}, {"M3", "F1"}, {"M2", "F2"}});
        const fp::BuildResult result = build(ctx, members, table);
        CHECK(footprint(result, "F1").parts == 2);
        CHECK(footprint(result, "F1").area_m2 == 2e6);
        CHECK(GEOSGetNumGeometries_r(ctx, footprint(result, "F1").geom.get()) == 2);
        CHECK(footprint(result, "F2").parts == 1);
        CHECK(codes_of(result.multipart()) == std::vector<std::string>{"F1"});
        CHECK_FALSE(result.has_problems()); // several parts are not a problem
    }

    TEST_CASE("build: a repeated row is reported and dissolved once") {
        fp::GeosContext ctx;
        const auto members =
            fpt::make_layer(ctx, "ccg", {{"M1", box_wkt(0, 0, 1000, 1000)}, {"M2", box_wkt(1000, 0, 2000, 1000)}});
        const auto table = fpt::make_membership("lookup", {{"M1", "F1"}, {"M2", "F1"}, {"M1", "F1"}});
        const fp::BuildResult result = build(ctx, members, table);
        CHECK(result.duplicate_rows == std::vector<std::string>{"M1 -> F1"});
        REQUIRE(result.footprints.size() == 1);
        CHECK(result.footprints[0].members == 2);
        CHECK(result.footprints[0].area_m2 == 2e6);
        CHECK(result.footprints[0].method == fp::DissolveMethod::coverage);
    }

    TEST_CASE("build: a sliver hole between two members is filled") {
        fp::GeosContext ctx;
        const auto members = c_and_block(ctx, 5);
        const auto table = fpt::make_membership("lookup", {{"M1", "F1"}, {"M2", "F1"}});
        const fp::BuildResult result = build(ctx, members, table);
        const fp::Footprint& f = footprint(result, "F1");
        CHECK(f.holes_filled == 1);
        CHECK(f.filled_m2 == doctest::Approx(5 * 1800));
        CHECK(f.area_m2 == doctest::Approx(4e6));
        CHECK(holes(ctx, f.geom.get()) == 0);
        CHECK(f.parts == 1);
        CHECK(GEOSisValid_r(ctx, f.geom.get()) == 1);
        CHECK(f.method == fp::DissolveMethod::coverage);
    }

    TEST_CASE("build: keep_holes keeps the sliver hole between members") {
        fp::GeosContext ctx;
        const auto members = c_and_block(ctx, 5);
        const auto table = fpt::make_membership("lookup", {{"M1", "F1"}, {"M2", "F1"}});
        fp::BuildOptions options;
        options.keep_holes = true;
        const fp::BuildResult result = build(ctx, members, table, options);
        const fp::Footprint& f = footprint(result, "F1");
        CHECK(f.holes_filled == 0);
        CHECK(f.filled_m2 == 0.0);
        CHECK(f.area_m2 == doctest::Approx(4e6 - 5 * 1800));
        CHECK(holes(ctx, f.geom.get()) == 1);
    }

    TEST_CASE("build: a hole wider than the sliver tolerance is kept unless the tolerance is raised") {
        fp::GeosContext ctx;
        const auto members = c_and_block(ctx, 200);
        const auto table = fpt::make_membership("lookup", {{"M1", "F1"}, {"M2", "F1"}});
        const fp::BuildResult kept = build(ctx, members, table);
        CHECK(footprint(kept, "F1").holes_filled == 0);
        CHECK(holes(ctx, footprint(kept, "F1").geom.get()) == 1);
        CHECK(footprint(kept, "F1").area_m2 == doctest::Approx(4e6 - 200 * 1800));
        fp::BuildOptions wider;
        wider.tolerance.width_m = 300;
        const fp::BuildResult filled = build(ctx, members, table, wider);
        CHECK(footprint(filled, "F1").holes_filled == 1);
        CHECK(footprint(filled, "F1").filled_m2 == doctest::Approx(200 * 1800));
        CHECK(holes(ctx, footprint(filled, "F1").geom.get()) == 0);
    }

    TEST_CASE("build: a sliver hole inside a single member is kept") {
        fp::GeosContext ctx;
        const auto members = fpt::make_layer(
            ctx, "ccg",
            {{"M1", "POLYGON ((0 0, 1000 0, 1000 1000, 0 1000, 0 0), (400 100, 405 100, 405 900, 400 900, 400 100))"},
             {"M2", box_wkt(1000, 0, 2000, 1000)}});
        const auto table = fpt::make_membership("lookup", {{"M1", "F1"}, {"M2", "F1"}});
        const fp::BuildResult result = build(ctx, members, table);
        const fp::Footprint& f = footprint(result, "F1");
        CHECK(f.holes_filled == 0);
        CHECK(f.filled_m2 == 0.0);
        CHECK(holes(ctx, f.geom.get()) == 1);
        CHECK(f.area_m2 == doctest::Approx(2e6 - 5 * 800));
        CHECK(f.parts == 1);
    }

    TEST_CASE("build: a sliver gap around a member enclosed by another is filled") {
        fp::GeosContext ctx;
        const auto members = fpt::make_layer(
            ctx, "lsoa",
            {{"M1",
              "POLYGON ((0 0, 2000 0, 2000 2000, 0 2000, 0 0), (500 500, 1500 500, 1500 1500, 500 1500, 500 500))"},
             {"M2", box_wkt(505, 505, 1495, 1495)}});
        const auto table = fpt::make_membership("lookup", {{"M1", "F1"}, {"M2", "F1"}});
        const fp::BuildResult result = build(ctx, members, table);
        const fp::Footprint& f = footprint(result, "F1");
        CHECK(f.holes_filled == 1);
        CHECK(f.filled_m2 == doctest::Approx(1e6 - 990.0 * 990.0));
        CHECK(f.parts == 1);
        CHECK(holes(ctx, f.geom.get()) == 0);
        CHECK(f.area_m2 == doctest::Approx(4e6));
        CHECK(GEOSisValid_r(ctx, f.geom.get()) == 1);
    }

} // TEST_SUITE
