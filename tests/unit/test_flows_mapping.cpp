// Mapping origins and destinations to footprints: by table, by point and
// by polygon overlay, and by population points grouped into origins.
#include "flows_fixtures.hpp"

using namespace flows_test;

TEST_SUITE("flows: mapping to footprints") {

    TEST_CASE("map_by_table: shares and group names") {
        fp::FlowMapping mapping;
        fp::map_by_table(mapping,
                         fpt::make_membership("origins", {{"M1", "F2", "0.25", "Beta"},
                                                          {"M1", "F1", "0.75", "Alpha"},
                                                          {"M2", "F1", "1", "Alpha"},
                                                          {"M3", "F2", "0.5", "Beta"}}),
                         true);
        CHECK(origin_shares(mapping, "M1") == std::map<std::string, double>{{"F1", 0.75}, {"F2", 0.25}});
        CHECK(origin_shares(mapping, "M2") == std::map<std::string, double>{{"F1", 1}});
        CHECK(origin_shares(mapping, "M3") == std::map<std::string, double>{{"F2", 0.5}}); // half in no footprint
        CHECK(mapping.destination.empty());
        CHECK(mapping.footprint_codes == std::vector<std::string>{"F2", "F1"}); // in the order met
        CHECK(mapping.footprint_names == std::vector<std::string>{"Beta", "Alpha"});
        CHECK(mapping.conflicts.empty());
    }

    TEST_CASE("map_by_table: shares adding up to more than 1 are an error") {
        fp::FlowMapping mapping;
        FPT_CHECK_THROWS_CONTAINING(
            fp::map_by_table(mapping, fpt::make_membership("lookup.csv", {{"M1", "F1", "0.6"}, {"M1", "F2", "0.6"}}),
                             true),
            fp::InputError, "lookup.csv", "M1", "more than 1");
        // A member listed twice for one footprint, in full each time, too.
        fp::FlowMapping twice;
        FPT_CHECK_THROWS_CONTAINING(
            fp::map_by_table(twice, fpt::make_membership("lookup.csv", {{"P1", "F1"}, {"P1", "F1"}}), false),
            fp::InputError, "P1", "more than 1");
        // Shares that add up to 1 within rounding are fine.
        fp::FlowMapping thirds;
        fp::map_by_table(thirds,
                         fpt::make_membership("lookup.csv", {{"M1", "F1", "0.3333333333"},
                                                             {"M1", "F2", "0.3333333333"},
                                                             {"M1", "F3", "0.3333333334"}}),
                         true);
        CHECK(thirds.origin.at("M1").size() == 3);
    }

    TEST_CASE("map_by_table: codes are resolved through successions") {
        fpt::TempDir dir;
        fp::FlowMapping mapping;
        mapping.successions = fp::Successions::read(
            fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RB\nRB,RC\n")));
        fp::map_by_table(mapping, fpt::make_membership("trusts", {{"RA", "F1"}, {"RX", "F2"}}), false);
        CHECK(destination_shares(mapping, "RC") == std::map<std::string, double>{{"F1", 1}});
        CHECK(mapping.destination.count("RA") == 0);
        CHECK(destination_shares(mapping, "RX") == std::map<std::string, double>{{"F2", 1}});
    }

    // Two old codes of one table that a merger joined, each listed in full (as
    // a trust-to-footprint table lists trusts): their shares are checked per
    // table code, and the new code is shared equally and reported, as with points.
    TEST_CASE("map_by_table: codes merged onto different footprints are shared equally and reported") {
        fpt::TempDir dir;
        fp::FlowMapping mapping;
        mapping.successions = fp::Successions::read(
            fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RN\nRB,RN\n")));
        fp::map_by_table(mapping, fpt::make_membership("trusts", {{"RA", "F1"}, {"RB", "F2"}, {"RC", "F1"}}), false);
        CHECK(mapping.conflicts == std::vector<std::string>{"RN"});
        CHECK(destination_shares(mapping, "RN") == std::map<std::string, double>{{"F1", 0.5}, {"F2", 0.5}});
        CHECK(destination_shares(mapping, "RC") == std::map<std::string, double>{{"F1", 1}});
        CHECK(mapping.destination.count("RA") == 0);
        // Each table code is still checked on its own.
        fp::FlowMapping twice;
        twice.successions = mapping.successions;
        FPT_CHECK_THROWS_CONTAINING(
            fp::map_by_table(twice, fpt::make_membership("trusts", {{"RA", "F1"}, {"RA", "F2"}}), false),
            fp::InputError, "RA", "more than 1");
    }

    fp::FlowMapping merged_from_three_footprints(const fpt::TempDir& dir) {
        fp::FlowMapping mapping;
        mapping.successions = fp::Successions::read(
            fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RN\nRB,RN\nRC,RN\n")));
        fp::map_by_table(mapping, fpt::make_membership("trusts", {{"RA", "F1"}, {"RB", "F2"}, {"RC", "F3"}}), false);
        return mapping;
    }

    TEST_CASE("map_by_table: three codes merged onto three footprints are shared in thirds") {
        fpt::TempDir dir;
        const fp::FlowMapping mapping = merged_from_three_footprints(dir);
        const auto shares = destination_shares(mapping, "RN");
        REQUIRE(shares.size() == 3);
        for (const auto& [footprint, share] : shares) {
            CAPTURE(footprint);
            CHECK(share == doctest::Approx(1.0 / 3));
        }
        CHECK_FALSE(mapping.conflicts.empty());
    }

    TEST_CASE("map_by_table: a code merged from three footprints is reported once") {
        fpt::TempDir dir;
        const fp::FlowMapping mapping = merged_from_three_footprints(dir);
        CHECK(mapping.conflicts == std::vector<std::string>{"RN"});
    }

    // Merged within one footprint, the new code simply belongs to it.
    TEST_CASE("map_by_table: codes merged onto the same footprint keep it") {
        fpt::TempDir dir;
        fp::FlowMapping mapping;
        mapping.successions = fp::Successions::read(
            fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RN\nRB,RN\n")));
        fp::map_by_table(mapping, fpt::make_membership("trusts", {{"RA", "F1"}, {"RB", "F1"}, {"RN", "F1"}}), false);
        CHECK(mapping.conflicts.empty());
        CHECK(destination_shares(mapping, "RN") == std::map<std::string, double>{{"F1", 1}});
    }

    TEST_CASE("map_by_points: each point in the footprint that holds it") {
        fp::GeosContext ctx;
        const fp::PolygonLayer footprints = two_footprints_and_a_far_one(ctx);
        fp::FlowMapping mapping;
        fp::map_by_points(ctx, mapping, footprints,
                          trust_points({{"P1", "Trust one", 5000, 5000},
                                        {"P2", "Trust two", 15000, 5000},
                                        {"PB", "On the border", 10000, 5000},
                                        {"P3", "Far away", 90000, 90000}}));
        CHECK(mapping.destinations_by_location);
        // Every footprint is registered, with or without points.
        CHECK(std::set<std::string>(mapping.footprint_codes.begin(), mapping.footprint_codes.end()) ==
              std::set<std::string>{"F1", "F2", "F3"});
        CHECK(destination_shares(mapping, "P1") == std::map<std::string, double>{{"F1", 1}});
        CHECK(destination_shares(mapping, "P2") == std::map<std::string, double>{{"F2", 1}});
        CHECK(destination_shares(mapping, "PB") == std::map<std::string, double>{{"F1", 1}}); // the lower code
        CHECK(destination_shares(mapping, "P3").empty()); // located, but in no footprint
        CHECK(mapping.destination.count("PX") == 0);
        CHECK(mapping.destination_names.at("P1") == "Trust one");
        CHECK(mapping.conflicts.empty());
    }

    TEST_CASE("map_by_points: codes that successions merge onto different footprints are shared equally") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        const fp::PolygonLayer footprints = two_footprints_and_a_far_one(ctx);
        fp::FlowMapping mapping;
        mapping.successions = fp::Successions::read(
            fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RN\nRB,RN\nRC,RM\nRD,RM\n")));
        fp::map_by_points(
            ctx, mapping, footprints,
            trust_points(
                {{"RA", "", 5000, 5000}, {"RB", "", 15000, 5000}, {"RC", "", 1000, 1000}, {"RD", "", 2000, 2000}}));
        CHECK(destination_shares(mapping, "RN") == std::map<std::string, double>{{"F1", 0.5}, {"F2", 0.5}});
        CHECK(destination_shares(mapping, "RM") == std::map<std::string, double>{{"F1", 1}});
        CHECK(mapping.conflicts == std::vector<std::string>{"RN"});

        // Flows to RN are shared equally, and the reports say why.
        fp::map_by_table(mapping, fpt::make_membership("origins", {{"O1", "F1"}}), true);
        const fp::FlowResult r =
            fp::compute_flows(counts_of(dir, {{{"O1", "RA", "6"}}, {{"O1", "RN", "4"}}}), mapping, {});
        CHECK(r.matrix[index_of(r, "F1")][index_of(r, "F1")] == 5);
        CHECK(r.matrix[index_of(r, "F1")][index_of(r, "F2")] == 5);
        CHECK(r.conflicts == std::vector<std::string>{"RN"});
        CHECK(
            fpt::contains(fp::reconciliation_text(r), "shared equally between footprints after code successions: RN"));
        const std::string json = fp::flows_json(r);
        const auto conflicts_at = json.find("\"succession_conflicts\": [");
        REQUIRE(conflicts_at != std::string::npos);
        CHECK(json.find("\"RN\"", conflicts_at) < json.find(']', conflicts_at));
    }

    TEST_CASE("map_by_points: a merged provider keeps its own name") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        const fp::PolygonLayer footprints = two_footprints_and_a_far_one(ctx);
        fp::FlowMapping mapping;
        mapping.successions =
            fp::Successions::read(fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RN\n")));
        fp::map_by_points(ctx, mapping, footprints,
                          trust_points({{"RA", "Old trust", 1000, 1000}, {"RN", "New trust", 2000, 2000}}));
        CHECK(mapping.destination_names.at("RN") == "New trust");
    }

    TEST_CASE("map_by_polygons: material pieces by area, slivers dropped and shares renormalised") {
        fp::GeosContext ctx;
        const fp::PolygonLayer footprints =
            fpt::make_layer(ctx, "footprints",
                            {{"F1", fpt::box_wkt(0, 0, 10000, 30000)}, {"F2", fpt::box_wkt(10000, 0, 20000, 30000)}});
        const fp::PolygonLayer origins =
            fpt::make_layer(ctx, "origins",
                            {{"A", fpt::box_wkt(0, 0, 5000, 10000)},           // in F1
                             {"B", fpt::box_wkt(5000, 0, 15000, 10000)},       // half and half
                             {"C", fpt::box_wkt(0, 10000, 10100, 20000)},      // F1 and a 100 m strip of F2
                             {"D", fpt::box_wkt(100000, 0, 110000, 10000)},    // in no footprint
                             {"E", fpt::box_wkt(5000, 20000, 15000, 30000)}}); // half and half
        fp::FlowMapping mapping;
        fp::map_by_polygons(ctx, mapping, footprints, origins, nullptr);
        CHECK(origin_shares(mapping, "A") == std::map<std::string, double>{{"F1", 1}});
        const auto b = origin_shares(mapping, "B");
        REQUIRE(b.size() == 2);
        CHECK(b.at("F1") == doctest::Approx(0.5));
        CHECK(b.at("F2") == doctest::Approx(0.5));
        const auto c = origin_shares(mapping, "C");
        CHECK(c.size() == 1); // the strip is a sliver
        CHECK(c.at("F1") == doctest::Approx(1.0));
        CHECK(origin_shares(mapping, "D").empty()); // known, but in no footprint
        CHECK(mapping.destination.empty());

        // Flows from D lie outside every footprint; the rest is mapped in full.
        fpt::TempDir dir;
        fp::map_by_table(mapping, fpt::make_membership("trusts", {{"P1", "F1"}}), false);
        const fp::FlowResult r = fp::compute_flows(
            counts_of(dir, {{{"A", "P1", "8"}}, {{"B", "P1", "4"}}, {{"C", "P1", "2"}}, {{"D", "P1", "16"}}}), mapping,
            {});
        CHECK(r.matrix[index_of(r, "F1")][index_of(r, "F1")] == doctest::Approx(12));
        CHECK(r.matrix[index_of(r, "F2")][index_of(r, "F1")] == doctest::Approx(2));
        CHECK(unmapped(r, fp::UnmappedReason::outside) == 16);
        CHECK(r.total == doctest::Approx(r.mapped + r.unmapped_total()));
    }

    TEST_CASE("map_by_polygons: shares by population when weighted, by area where an origin has none") {
        fp::GeosContext ctx;
        const fp::PolygonLayer footprints =
            fpt::make_layer(ctx, "footprints",
                            {{"F1", fpt::box_wkt(0, 0, 10000, 30000)}, {"F2", fpt::box_wkt(10000, 0, 20000, 30000)}});
        const fp::PolygonLayer origins = fpt::make_layer(
            ctx, "origins",
            {{"B", fpt::box_wkt(5000, 0, 15000, 10000)}, {"E", fpt::box_wkt(5000, 20000, 15000, 30000)}});
        const fp::PointLayer population = fpt::make_points({{7000, 5000, 300}, {12000, 5000, 100}});
        fp::FlowMapping mapping;
        fp::map_by_polygons(ctx, mapping, footprints, origins, &population);
        const auto b = origin_shares(mapping, "B");
        REQUIRE(b.size() == 2);
        CHECK(b.at("F1") == doctest::Approx(0.75));
        CHECK(b.at("F2") == doctest::Approx(0.25));
        const auto e = origin_shares(mapping, "E");
        REQUIRE(e.size() == 2);
        CHECK(e.at("F1") == doctest::Approx(0.5));
        CHECK(e.at("F2") == doctest::Approx(0.5));
    }

} // TEST_SUITE
