// The overlay of membership tables (overlay_memberships), which has no
// geometry: shares come from member weights.
#include "footprint/core/error.hpp"
#include "footprint/overlay/span.hpp"
#include "overlay_fixtures.hpp"

#include <cmath>
#include <map>

using namespace overlay_fixtures;

TEST_SUITE("membership overlay") {

    namespace {

    fp::Membership read_table(const fpt::TempDir& dir, const std::string& name, const std::string& csv,
                              const std::string& options = "") {
        const std::string path = dir.file(name);
        fpt::write_bytes(path, csv);
        return fp::read_membership(fp::parse_layer_spec(path + options));
    }

    std::map<std::string, double> read_weights(const fpt::TempDir& dir, const std::string& name, const std::string& csv,
                                               const std::string& options = "") {
        const std::string path = dir.file(name);
        fpt::write_bytes(path, csv);
        return fp::read_member_weights(fp::parse_layer_spec(path + options));
    }

    // CCG -> STP with C3 split 60/40 and C5 in no LDR; CCG -> LDR with C6 in no STP.
    struct Tables {
        fp::Membership a, b;
    };

    Tables split_tables(const fpt::TempDir& dir) {
        return {
            read_table(dir, "stp.csv",
                       "CCG16CD,STP17CD,STP17NM,share\n"
                       "C1,S1,North,1\nC2,S1,North,1\nC3,S1,North,0.6\nC3,S2,South,0.4\nC4,S2,South,1\nC5,S2,South,1\n",
                       "|share=share"),
            read_table(dir, "ldr.csv",
                       "CCG16CD,LDR16CD,LDR16NM\nC1,L1,Lakes\nC2,L1,Lakes\nC3,L2,Dales\nC4,L2,Dales\nC6,L2,Dales\n")};
    }

    const char* const split_weights =
        "CCG16CD,CCG16NM,population\nC1,a,10\nC2,b,20\nC3,c,100\nC4,d,50\nC5,e,5\nC6,f,7\n";

    } // namespace

    TEST_CASE("membership: the relations from a CCG -> STP and a CCG -> LDR table") {
        fpt::TempDir dir;
        const fp::Membership a = read_table(dir, "stp.csv",
                                            "CCG16CD,STP17CD,STP17NM\nC1,S1,One\nC2,S1,One\nC3,S2,Two\nC4,S2,Two\n"
                                            "C5,S3,Three\nC6,S4,Four\n");
        const fp::Membership b =
            read_table(dir, "ldr.csv",
                       "CCG16CD,LDR16CD,LDR16NM\nC1,L1,Lakes\nC2,L1,Lakes\nC3,L2,Dales\nC4,L3,Moors\n"
                       "C5,L4,Fens\nC6,L4,Fens\n");
        const fp::Overlay o = fp::overlay_memberships(a, b, nullptr, {});
        INFO(describe(o));
        CHECK(o.membership_mode);
        CHECK_FALSE(o.weighted);
        CHECK(o.a.codes == std::vector<std::string>{"S1", "S2", "S3", "S4"});
        CHECK(o.a.names == std::vector<std::string>{"One", "Two", "Three", "Four"});
        CHECK(o.b.codes == std::vector<std::string>{"L1", "L2", "L3", "L4"});
        CHECK(o.b.names == std::vector<std::string>{"Lakes", "Dales", "Moors", "Fens"});
        CHECK(pairs(o) == std::vector<CodePair>{{"S1", "L1"}, {"S2", "L2"}, {"S2", "L3"}, {"S3", "L4"}, {"S4", "L4"}});
        for (const auto& p : o.pieces) {
            CHECK(p.membership);
            CHECK(std::isnan(p.area_m2));
            CHECK(std::isnan(p.weight));
            CHECK_FALSE(p.sliver);
        }
        CHECK(relation(o, "S1", "L1") == "equal");
        CHECK(relation(o, "S2", "L2") == "unit-within-footprint");
        CHECK(relation(o, "S2", "L3") == "unit-within-footprint");
        CHECK(relation(o, "S3", "L4") == "footprint-within-unit");
        CHECK(relation(o, "S4", "L4") == "footprint-within-unit");
        CHECK(piece(o, "S2", "L2").share_of_a == doctest::Approx(0.5));
        CHECK(piece(o, "S2", "L2").share_of_b == 1.0);
        CHECK(piece(o, "S3", "L4").share_of_b == doctest::Approx(0.5));
        CHECK(footprint(o, "S1").coterminous);
        CHECK(footprint(o, "S2").coterminous);
        CHECK(footprint(o, "S2").whole_units == 2);
        CHECK(footprint(o, "S2").index_area == doctest::Approx(1.0));
        CHECK_FALSE(footprint(o, "S3").coterminous);
        CHECK(split_codes(o, "S3") == std::vector<std::string>{"L4"});
        CHECK(footprint(o, "S3").index_area == 0.0);
        CHECK(unit_piece_codes(o, "L4") == std::vector<std::string>{"S3", "S4"});
        CHECK(o.weight_outside_a == 0);
        CHECK(o.weight_outside_b == 0);
    }

    TEST_CASE("membership: split members and members on one side only, by member weight") {
        fpt::TempDir dir;
        const Tables t = split_tables(dir);
        const auto weights = read_weights(dir, "pop.csv", split_weights);
        CHECK(weights.size() == 6);
        CHECK(weights.at("C3") == 100);
        const fp::Overlay o = fp::overlay_memberships(t.a, t.b, &weights, {});
        INFO(describe(o));
        CHECK(o.weighted);
        CHECK(pairs(o) == std::vector<CodePair>{{"S1", "L1"}, {"S1", "L2"}, {"S2", "L2"}});
        REQUIRE(o.a.weight.size() == 2);
        CHECK(o.a.weight[0] == doctest::Approx(90));
        CHECK(o.a.weight[1] == doctest::Approx(95));
        REQUIRE(o.b.weight.size() == 2);
        CHECK(o.b.weight[0] == doctest::Approx(30));
        CHECK(o.b.weight[1] == doctest::Approx(157));
        const fp::Piece& lakes = piece(o, "S1", "L1");
        CHECK(lakes.weight == 30);
        CHECK(lakes.share_of_a == doctest::Approx(1.0 / 3));
        CHECK(lakes.share_of_b == doctest::Approx(1.0));
        CHECK(lakes.weight_share_of_a == doctest::Approx(1.0 / 3));
        const fp::Piece& north_dales = piece(o, "S1", "L2");
        CHECK(north_dales.weight == doctest::Approx(60));
        CHECK(north_dales.share_of_a == doctest::Approx(60.0 / 90));
        CHECK(north_dales.share_of_b == doctest::Approx(60.0 / 157));
        const fp::Piece& south_dales = piece(o, "S2", "L2");
        CHECK(south_dales.weight == doctest::Approx(90));
        CHECK(south_dales.share_of_a == doctest::Approx(90.0 / 95));
        CHECK(south_dales.weight_share_of_b == doctest::Approx(90.0 / 157));
        CHECK(relation(o, "S1", "L1") == "unit-within-footprint");
        CHECK(relation(o, "S1", "L2") == "split");
        CHECK(relation(o, "S2", "L2") == "split");
        CHECK(o.weight_outside_a == 7); // C6: in no footprint
        CHECK(o.weight_outside_b == 5); // C5: in a footprint, no unit
        CHECK(footprint(o, "S2").outside_share == doctest::Approx(5.0 / 95));
        CHECK(footprint(o, "S1").index_area == doctest::Approx(1.0 / 3));
        CHECK(footprint(o, "S1").index_weight == doctest::Approx(1.0 / 3));
        CHECK(unit(o, "L2").outside_share == doctest::Approx(7.0 / 157));
        CHECK(unit_piece_codes(o, "L2") == std::vector<std::string>{"S2", "S1"});

        const auto rows = fp::spanning_units(o);
        REQUIRE(rows.size() == 1);
        CHECK(o.b.codes[rows[0].unit] == "L2");
        CHECK(rows[0].minority_share == doctest::Approx(60.0 / 157));
        CHECK(std::isnan(rows[0].shares[0].area_share));
        CHECK(rows[0].shares[0].population_share == doctest::Approx(90.0 / 157));
    }

    TEST_CASE("membership: the member weights reconcile") {
        fpt::TempDir dir;
        const Tables t = split_tables(dir);
        const auto weights = read_weights(dir, "pop.csv", split_weights);
        const fp::Overlay o = fp::overlay_memberships(t.a, t.b, &weights, {});
        double in_pieces = 0;
        for (const auto& p : o.pieces)
            in_pieces += p.weight;
        CHECK(in_pieces == doctest::Approx(180));
        CHECK(o.weight_total == doctest::Approx(192));
        CHECK(o.weight_total == doctest::Approx(in_pieces + o.weight_outside_a + o.weight_outside_b));
    }

    TEST_CASE("membership: without weights, shares are by member count") {
        fpt::TempDir dir;
        const Tables t = split_tables(dir);
        const fp::Overlay o = fp::overlay_memberships(t.a, t.b, nullptr, {});
        INFO(describe(o));
        CHECK_FALSE(o.weighted);
        CHECK(std::isnan(o.a.weight.at(0)));
        CHECK(pairs(o) == std::vector<CodePair>{{"S1", "L1"}, {"S1", "L2"}, {"S2", "L2"}});
        CHECK(piece(o, "S1", "L1").share_of_a == doctest::Approx(2 / 2.6));
        CHECK(piece(o, "S1", "L2").share_of_a == doctest::Approx(0.6 / 2.6));
        CHECK(piece(o, "S1", "L2").share_of_b == doctest::Approx(0.6 / 3));
        CHECK(piece(o, "S2", "L2").share_of_a == doctest::Approx(1.4 / 2.4));
        CHECK(piece(o, "S2", "L2").share_of_b == doctest::Approx(1.4 / 3));
        CHECK(std::isnan(piece(o, "S2", "L2").weight));
        CHECK(o.weight_outside_a == 1);
        CHECK(o.weight_outside_b == 1);
        CHECK(footprint(o, "S2").outside_share == doctest::Approx(1 / 2.4));
        const auto rows = fp::spanning_units(o);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].minority_share == doctest::Approx(0.2));
        CHECK(std::isnan(rows[0].shares[0].population_share));
    }

    TEST_CASE("membership: a split member's small share is negligible") {
        const fp::Membership a =
            fpt::make_membership("a", {{"C1", "S1", "0.995"}, {"C1", "S2", "0.005"}, {"C2", "S2"}});
        const fp::Membership b = fpt::make_membership("b", {{"C1", "L1"}, {"C2", "L2"}});
        SUBCASE("under 1% of both sides") {
            // S2 x L1 is 0.005 of L1 but 0.005/1.005 of S2.
            const fp::Overlay o = fp::overlay_memberships(a, b, nullptr, {});
            INFO(describe(o));
            CHECK(piece(o, "S2", "L1").sliver);
            CHECK(relation(o, "S1", "L1") == "equal");
            CHECK(relation(o, "S2", "L2") == "equal");
        }
        SUBCASE("with a smaller share tolerance it counts") {
            const fp::Overlay o =
                fp::overlay_memberships(a, b, nullptr, options_with(fp::default_overlay_width_m, 0.001));
            INFO(describe(o));
            CHECK_FALSE(piece(o, "S2", "L1").sliver);
            CHECK(relation(o, "S2", "L1") == "split");
        }
    }

    TEST_CASE("membership: member weights with named columns, and their errors") {
        fpt::TempDir dir;
        const auto weights =
            read_weights(dir, "w.csv", "code,residents\nC1,12.5\nC2,0\n", "|member=code|weight=residents");
        CHECK(weights == std::map<std::string, double>{{"C1", 12.5}, {"C2", 0}});
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "neg.csv", "CCG16CD,population\nC1,4\nC2,-3\n"), fp::InputError,
                                    "row 2", "population", "-3");
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "nan.csv", "CCG16CD,population\nC1,many\n"), fp::InputError,
                                    "row 1", "many");
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "nocol.csv", "CCG16CD,people\nC1,4\n"), fp::UsageError,
                                    "population", "|weight=");
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "w2.csv", "code,residents\nC1,1\n", "|member=code|weight=people"),
                                    fp::UsageError, "people");
    }

    TEST_CASE("membership: a member without a weight is an input error naming it") {
        const fp::Membership a = fpt::make_membership("a", {{"C1", "S1"}, {"C9", "S1"}});
        const fp::Membership b = fpt::make_membership("b", {{"C1", "L1"}, {"C9", "L1"}});
        const std::map<std::string, double> weights{{"C1", 5}};
        FPT_CHECK_THROWS_CONTAINING(fp::overlay_memberships(a, b, &weights, {}), fp::InputError, "C9");
    }

    TEST_CASE("spanning units: most footprints first, then largest minority share, then code") {
        // Units by member count: L3 spans three footprints (2/1/1), L2 two at
        // 1/1, L1 and L4 two at 3/1 (a tie broken by code), L5 one.
        const fp::Membership a = fpt::make_membership("stp", {{"m1", "S1"},
                                                              {"m2", "S1"},
                                                              {"m3", "S1"},
                                                              {"m4", "S2"}, // L1
                                                              {"m5", "S1"},
                                                              {"m6", "S2"}, // L2
                                                              {"m7", "S1"},
                                                              {"m8", "S1"},
                                                              {"m9", "S2"},
                                                              {"m10", "S3"}, // L3
                                                              {"m11", "S3"},
                                                              {"m12", "S3"},
                                                              {"m13", "S3"},
                                                              {"m14", "S2"},   // L4
                                                              {"m15", "S1"}}); // L5
        const fp::Membership b = fpt::make_membership("ldr", {{"m1", "L1"},
                                                              {"m2", "L1"},
                                                              {"m3", "L1"},
                                                              {"m4", "L1"},
                                                              {"m5", "L2"},
                                                              {"m6", "L2"},
                                                              {"m7", "L3"},
                                                              {"m8", "L3"},
                                                              {"m9", "L3"},
                                                              {"m10", "L3"},
                                                              {"m11", "L4"},
                                                              {"m12", "L4"},
                                                              {"m13", "L4"},
                                                              {"m14", "L4"},
                                                              {"m15", "L5"}});
        const fp::Overlay o = fp::overlay_memberships(a, b, nullptr, {});
        INFO(describe(o));
        const auto rows = fp::spanning_units(o);
        std::vector<std::string> order;
        for (const auto& row : rows)
            order.push_back(o.b.codes[row.unit]);
        CHECK(order == std::vector<std::string>{"L3", "L2", "L1", "L4"});
        REQUIRE(rows.size() == 4);
        CHECK(rows[0].shares.size() == 3);
        CHECK(o.a.codes[rows[0].shares[0].footprint] == "S1");
        CHECK(rows[0].shares[0].share == doctest::Approx(0.5));
        CHECK(rows[0].minority_share == doctest::Approx(0.25));
        CHECK(rows[1].minority_share == doctest::Approx(0.5));
        CHECK(rows[2].minority_share == doctest::Approx(0.25));
        CHECK(o.a.codes[rows[3].shares[0].footprint] == "S3");
        CHECK(o.a.codes[rows[3].shares[1].footprint] == "S2");
    }

} // TEST_SUITE
