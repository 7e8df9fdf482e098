// The reports built on an overlay: coterm_table, coterm_csv and span_csv.
#include "footprint/report/coterm_report.hpp"
#include "overlay_fixtures.hpp"

using namespace overlay_fixtures;

TEST_SUITE("coterm report") {

    namespace {

    // F1 and F2 with names holding commas and quotes; U2 split half and half.
    fp::Overlay named_split(fp::GeosContext& ctx) {
        auto a = fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}, {"F2", box_wkt(2000, 0, 4000, 2000)}});
        auto b = fpt::make_layer(ctx, "ccg",
                                 {{"U1", box_wkt(0, 0, 1000, 2000)},
                                  {"U2", box_wkt(1000, 0, 3000, 2000)},
                                  {"U3", box_wkt(3000, 0, 4000, 2000)}});
        a.units[0].name = "Bath, Swindon and Wiltshire";
        a.units[1].name = "Plain";
        b.units[0].name = "NHS Bath";
        b.units[1].name = "Bath, North East Somerset";
        b.units[2].name = "The \"Best\" CCG";
        return overlay(ctx, a, b);
    }

    // Overlays own geometry and cannot be copied: one comparison, or `n` of the same.
    std::vector<fp::Overlay> comparisons(fp::GeosContext& ctx, std::size_t n = 1) {
        std::vector<fp::Overlay> out;
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(named_split(ctx));
        return out;
    }

    std::vector<std::string> lines(const std::string& csv) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start < csv.size()) {
            const std::size_t end = csv.find("\r\n", start);
            REQUIRE(end != std::string::npos); // every record ends with CRLF
            out.push_back(csv.substr(start, end - start));
            start = end + 2;
        }
        return out;
    }

    } // namespace

    TEST_CASE("coterm_table: headers for people and for machines") {
        fp::GeosContext ctx;
        const fp::Overlay o = named_split(ctx);
        using H = std::vector<std::string>;
        CHECK(fp::coterm_table(o, fp::CotermTable::footprints, false).header ==
              H{"footprint", "name", "whole units", "split units", "coterminosity area", "coterminosity population",
                "outside", "coterminous", "split"});
        CHECK(fp::coterm_table(o, fp::CotermTable::footprints, true).header ==
              H{"footprint", "name", "whole units", "split units", "coterminosity area %", "coterminosity population %",
                "outside %", "coterminous", "split"});
        CHECK(fp::coterm_table(o, fp::CotermTable::pairs, false).header ==
              H{"footprint", "unit", "unit name", "relation", "area km2", "of footprint", "of unit", "population",
                "pop of footprint", "pop of unit", "width m"});
        CHECK(fp::coterm_table(o, fp::CotermTable::units, true).header ==
              H{"unit", "name", "footprints", "outside %", "shares %"});
        const auto footprints = fp::coterm_table(o, fp::CotermTable::footprints, true);
        REQUIRE(footprints.rows.size() == 2);
        CHECK(footprints.rows[0] == H{"F1", "Bath, Swindon and Wiltshire", "1", "1", "50.0", "", "0.0", "no", "U2"});
        const auto pieces = fp::coterm_table(o, fp::CotermTable::pairs, false);
        REQUIRE(pieces.rows.size() == 4);
        CHECK(pieces.rows[0] == H{"F1", "U1", "NHS Bath", "unit-within-footprint", "2.000000", "0.500000", "1.000000",
                                  "", "", "", "whole"});
        CHECK(pieces.rows[1][3] == "split");
        CHECK(pieces.rows[1][6] == "0.500000");
        const auto units = fp::coterm_table(o, fp::CotermTable::units, false);
        REQUIRE(units.rows.size() == 3);
        CHECK(units.rows[1] == H{"U2", "Bath, North East Somerset", "2", "0.000000", "F1:0.500000 F2:0.500000"});
    }

    TEST_CASE("coterm_csv: a layer column first, and names with commas or quotes quoted (RFC 4180)") {
        fp::GeosContext ctx;
        const auto one = comparisons(ctx);
        const auto footprints = lines(fp::coterm_csv(one, fp::CotermTable::footprints));
        REQUIRE(footprints.size() == 3);
        CHECK(footprints[0] == "layer,footprint,name,whole units,split units,coterminosity area,"
                               "coterminosity population,outside,coterminous,split");
        CHECK(footprints[1] == "ccg,F1,\"Bath, Swindon and Wiltshire\",1,1,0.500000,,0.000000,no,U2");
        const auto pieces = lines(fp::coterm_csv(comparisons(ctx, 2), fp::CotermTable::pairs));
        REQUIRE(pieces.size() == 9); // one header for both comparisons
        CHECK(pieces[0] == "layer,footprint,unit,unit name,relation,area km2,of footprint,of unit,population,"
                           "pop of footprint,pop of unit,width m");
        CHECK(fpt::contains(pieces[2], ",U2,\"Bath, North East Somerset\",split,2.000000,0.500000,0.500000,,,,"));
        CHECK(pieces[4] ==
              "ccg,F2,U3,\"The \"\"Best\"\" CCG\",unit-within-footprint,2.000000,0.500000,1.000000,,,,whole");
        const auto units = lines(fp::coterm_csv(one, fp::CotermTable::units));
        REQUIRE(units.size() == 4);
        CHECK(units[0] == "layer,unit,name,footprints,outside,shares");
        CHECK(units[2] == "ccg,U2,\"Bath, North East Somerset\",2,0.000000,F1:0.500000 F2:0.500000");
    }

    // The CSV's columns must not depend on whether there were any comparisons.
    TEST_CASE("coterm_csv: the header has its layer column even with no comparisons") {
        for (const auto which : {fp::CotermTable::footprints, fp::CotermTable::pairs, fp::CotermTable::units}) {
            const auto header = lines(fp::coterm_csv({}, which));
            REQUIRE(header.size() == 1);
            CHECK(header[0].rfind("layer,", 0) == 0);
        }
    }

    TEST_CASE("span_csv: one row per spanning unit and footprint, names quoted") {
        fp::GeosContext ctx;
        const auto rows = lines(fp::span_csv(comparisons(ctx)));
        REQUIRE(rows.size() == 3);
        CHECK(rows[0] == "layer,unit,name,footprints,rank,footprint,footprint name,share,area share,population share");
        CHECK(rows[1] ==
              "ccg,U2,\"Bath, North East Somerset\",2,1,F1,\"Bath, Swindon and Wiltshire\",0.500000,0.500000,");
        CHECK(rows[2] == "ccg,U2,\"Bath, North East Somerset\",2,2,F2,Plain,0.500000,0.500000,");
        const auto none = lines(fp::span_csv({}));
        CHECK(none ==
              std::vector<std::string>{
                  "layer,unit,name,footprints,rank,footprint,footprint name,share,area share,population share"});
    }

} // TEST_SUITE
