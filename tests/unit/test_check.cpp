// The fp-check rules on hand-built definitions in EPSG:27700 whose answers
// are known: a 2 x 2 grid of 1 km units A B (bottom) C D (top), with
// footprints F1 (bottom row) and F2 (top row) unless a case says otherwise.
#include "fixtures.hpp"
#include "footprint/check/check.hpp"
#include "footprint/core/error.hpp"

#include <algorithm>

namespace {

using fpt::box_wkt;

const fpt::LayerOptions footprint_fields{"FP16CD", "FP16NM", wkbUnknown}; // polygons and multipolygons
const fpt::LayerOptions unit_fields{"LAD16CD", "LAD16NM", wkbPolygon};

std::vector<fpt::Feature> grid_units() {
    return {{"A", "Alpha", box_wkt(0, 0, 1000, 1000)},
            {"B", "Beta", box_wkt(1000, 0, 2000, 1000)},
            {"C", "Gamma", box_wkt(0, 1000, 1000, 2000)},
            {"D", "Delta", box_wkt(1000, 1000, 2000, 2000)}};
}

std::vector<fpt::Feature> two_rows() {
    return {{"F1", "South", box_wkt(0, 0, 2000, 1000)}, {"F2", "North", box_wkt(0, 1000, 2000, 2000)}};
}

// A definition on disk: footprints, units and a membership table.
struct Fixture {
    fpt::TempDir dir;
    std::string gpkg = dir.file("def.gpkg");

    fp::LayerSpec layer(const std::string& name) const { return fp::parse_layer_spec(gpkg + "|layer=" + name); }

    fp::LayerSpec footprints(const std::vector<fpt::Feature>& features, const std::string& name = "fp") {
        fpt::write_polygons(gpkg, "GPKG", name, "EPSG:27700", features, footprint_fields);
        return layer(name);
    }
    fp::LayerSpec units(const std::vector<fpt::Feature>& features, const std::string& name = "units") {
        fpt::write_polygons(gpkg, "GPKG", name, "EPSG:27700", features, unit_fields);
        return layer(name);
    }
    fp::LayerSpec table(const std::vector<std::vector<std::string>>& rows, const std::string& name = "members.csv") {
        fpt::write_table(dir.file(name), "CSV", "members", {"LAD16CD", "FP16CD"}, rows);
        return fp::parse_layer_spec(dir.file(name));
    }
};

const fp::RuleResult& rule(const fp::CheckReport& report, const std::string& id) {
    for (const auto& r : report.rules)
        if (r.id == id) return r;
    throw std::runtime_error("no rule " + id);
}

// Every violation of every rule, one line each: "rule: message".
std::string all_violations(const fp::CheckReport& report) {
    std::string text;
    for (const auto& r : report.rules)
        for (const auto& v : r.violations)
            text += r.id + ": " + v.message + "\n";
    return text;
}

// Options named as fp-check names them, by their flags.
std::string flag_of(fp::CheckOption option) {
    std::string flag = std::string("--") + fp::to_string(option);
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

fp::CheckReport check(fp::CheckRequest request) {
    fp::GeosContext ctx;
    request.option_name = flag_of;
    return fp::run_checks(ctx, request);
}

std::vector<fp::Violation> violations_of(const fp::CheckRequest& request, const std::string& id) {
    return rule(check(request), id).violations;
}

} // namespace

TEST_SUITE("check") {

    TEST_CASE("a clean definition passes; rules without their inputs are skipped, saying what they "
              "need") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints(two_rows());
        request.membership = f.table({{"A", "F1"}, {"B", "F1"}, {"C", "F2"}, {"D", "F2"}});
        request.members = f.units(grid_units());
        request.reference = f.layer("units");
        request.coterm_layers = {f.layer("units")};
        request.code_pattern = "^F[0-9]$";
        const fp::CheckReport report = check(request);
        INFO(all_violations(report));
        CHECK_FALSE(report.failed(true));
        CHECK(report.footprint_count == 2);
        CHECK(report.rules.size() == fp::check_rules().size());
        for (const char* id : {"codes.pattern", "codes.duplicate", "names.duplicate", "coverage.overlap",
                               "coverage.gap", "coverage.reference", "membership.split", "membership.unassigned",
                               "membership.unknown-member", "membership.unknown-footprint",
                               "membership.empty-footprint", "membership.geometry", "coterm.union", "contiguity.parts"})
            CHECK_MESSAGE(rule(report, id).ran, id);
        CHECK(rule(report, "size.population").skipped == "needs --min-population or --max-population");
        CHECK(rule(report, "size.area").skipped == "needs --min-area or --max-area");
        CHECK(rule(report, "allowances.unused").skipped == "needs --allow-split or --allow-islands");
        CHECK(fp::check_text(report, false).find("passed: 0 errors, 0 warnings") != std::string::npos);
    }

    TEST_CASE("an overlap and a gap between footprints are caught with their width; slivers are not") {
        Fixture f;
        fp::CheckRequest request;
        SUBCASE("a 100 m overlap") {
            request.footprints = f.footprints(
                {{"F1", "South", box_wkt(0, 0, 2000, 1000)}, {"F2", "North", box_wkt(0, 900, 2000, 2000)}});
            const fp::CheckReport report = check(request);
            const auto& overlaps = rule(report, "coverage.overlap").violations;
            REQUIRE(overlaps.size() == 1);
            CHECK(overlaps[0].codes == std::vector<std::string>{"F1", "F2"});
            CHECK(overlaps[0].measured == doctest::Approx(100).epsilon(0.02));
            CHECK(overlaps[0].threshold == 50);
            CHECK(overlaps[0].message.find("F1 and F2 overlap: 0.200 km2") == 0);
            CHECK(rule(report, "coverage.gap").violations.empty());
            CHECK(report.failed(false));
        }
        SUBCASE("a 100 m gap inside their outline") {
            request.footprints = f.footprints({{"F1", "South", box_wkt(0, 0, 2000, 1000)},
                                               {"F2", "North", box_wkt(0, 1100, 2000, 2000)},
                                               {"F3", "East", box_wkt(2000, 0, 3000, 2000)},
                                               {"F4", "West", box_wkt(-1000, 0, 0, 2000)}});
            const fp::CheckReport report = check(request);
            const auto& gaps = rule(report, "coverage.gap").violations;
            REQUIRE(gaps.size() == 1);
            CHECK(gaps[0].codes == std::vector<std::string>{"F1", "F2", "F3", "F4"});
            CHECK(gaps[0].hint == "add the gap to one of F1, F2, F3, F4");
        }
        SUBCASE("a 10 m overlap is a sliver at the default width of 50 m") {
            request.footprints = f.footprints(
                {{"F1", "South", box_wkt(0, 0, 2000, 1000)}, {"F2", "North", box_wkt(0, 990, 2000, 2000)}});
            CHECK_FALSE(check(request).failed(true));
            request.coverage_width_m = 5;
            CHECK(rule(check(request), "coverage.overlap").violations.size() == 1);
        }
    }

    TEST_CASE("a reference unit outside every footprint is reported, with the footprint next to it") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints(two_rows());
        auto units = grid_units();
        units.push_back({"E", "Epsilon", box_wkt(2000, 0, 3000, 1000)});
        units.push_back({"G", "Fifth", box_wkt(1500, 1000, 4000, 2000)});
        request.reference = f.units(units);
        const auto left = violations_of(request, "coverage.reference");
        REQUIRE(left.size() == 2);
        CHECK(left[0].codes == std::vector<std::string>{"E"});
        CHECK(left[0].message.find("1.000 km2 of E (Epsilon)") == 0);
        CHECK(left[0].hint == "add it to a footprint: none holds more than a sliver of E");
        CHECK(left[1].codes == std::vector<std::string>{"G"});
        CHECK(left[1].measured == doctest::Approx(1000).epsilon(0.01));
        CHECK(left[1].hint == "add it to F2 (North), which holds 20.0% of G");

        SUBCASE("at a coverage width of 0, covered units are not reported") {
            request.coverage_width_m = 0;
            CHECK(violations_of(request, "coverage.reference").size() == 2);
        }
    }

    TEST_CASE("membership: splits, unassigned and unknown members, unknown and empty footprints") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints({{"F1", "South", box_wkt(0, 0, 2000, 1000)},
                                           {"F2", "North", box_wkt(0, 1000, 2000, 2000)},
                                           {"F3", "Far", box_wkt(5000, 0, 6000, 1000)}});
        request.members = f.units(grid_units());
        request.membership = f.table({{"A", "F1"}, {"B", "F1"}, {"C", "F2"}, {"C", "F1"}, {"X", "F2"}, {"A", "F9"}});
        request.severities["coverage.gap"] = fp::Severity::off;
        const fp::CheckReport report = check(request);
        INFO(all_violations(report));
        const auto& splits = rule(report, "membership.split").violations;
        REQUIRE(splits.size() == 2);
        CHECK(splits[0].codes == std::vector<std::string>{"A", "F1", "F9"});
        // No shares: a tie, broken by footprint code (footprint(7), Row order).
        CHECK(splits[1].message == "C (Gamma) is in 2 footprints: F1, F2");
        CHECK(splits[1].hint == "keep it in F1 only and take it out of F2, or allow the split (--allow-split C)");
        const auto& unassigned = rule(report, "membership.unassigned").violations;
        REQUIRE(unassigned.size() == 1);
        CHECK(unassigned[0].message == "D (Delta) is in no footprint of the table");
        CHECK(unassigned[0].hint == "add it to F2 (North), which holds 100.0% of it");
        const auto& unknown = rule(report, "membership.unknown-member").violations;
        REQUIRE(unknown.size() == 1);
        CHECK(unknown[0].codes == std::vector<std::string>{"X"});
        const auto& unknown_footprint = rule(report, "membership.unknown-footprint").violations;
        REQUIRE(unknown_footprint.size() == 1);
        CHECK(unknown_footprint[0].codes == std::vector<std::string>{"F9"});
        const auto& empty = rule(report, "membership.empty-footprint").violations;
        REQUIRE(empty.size() == 1);
        CHECK(empty[0].message == "footprint F3 (Far) has no members in the table");

        SUBCASE("an allowed split passes, and an allowance no longer needed is a warning") {
            request.allowed_splits = {"A", "C", "Q"};
            const fp::CheckReport allowed = check(request);
            CHECK(rule(allowed, "membership.split").violations.empty());
            const auto& unused = rule(allowed, "allowances.unused").violations;
            REQUIRE(unused.size() == 1);
            CHECK(unused[0].codes == std::vector<std::string>{"Q"});
            CHECK(rule(allowed, "allowances.unused").severity == fp::Severity::warning);
        }
    }

    TEST_CASE("membership against geometry: a member listed in the wrong footprint") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints(two_rows());
        request.members = f.units(grid_units());
        SUBCASE("polygon members") {
            request.membership = f.table({{"A", "F2"}, {"B", "F1"}, {"C", "F2"}, {"D", "F2"}});
            const auto wrong = violations_of(request, "membership.geometry");
            REQUIRE(wrong.size() == 1);
            CHECK(wrong[0].message == "A (Alpha): the table puts it in F2; its area lies in F1 100.0%");
            CHECK(wrong[0].measured == doctest::Approx(100));
            CHECK(wrong[0].hint == "move it to F1 (South) in the table, or redraw F2 to take it in");
        }
        SUBCASE("a member listed in two footprints but lying in one") {
            request.membership = f.table({{"A", "F1"}, {"A", "F2"}, {"B", "F1"}, {"C", "F2"}, {"D", "F2"}});
            request.allowed_splits = {"A"};
            const auto wrong = violations_of(request, "membership.geometry");
            REQUIRE(wrong.size() == 1);
            CHECK(std::isnan(wrong[0].measured));
            CHECK(wrong[0].hint == "take it out of F2 in the table, or redraw the footprints to match the table");
        }
        SUBCASE("point members") {
            fpt::write_points(f.gpkg, "GPKG", "points", "EPSG:27700",
                              {{"P1", 500, 500, "10"}, {"P2", 1500, 500, "10"}, {"P3", 500, 1500, "10"}},
                              {"LSOA11CD", "population", OFTReal});
            request.members = f.layer("points");
            request.membership = f.table({{"P1", "F1"}, {"P2", "F2"}, {"P3", "F2"}});
            const auto wrong = violations_of(request, "membership.geometry");
            REQUIRE(wrong.size() == 1);
            CHECK(wrong[0].message == "P2: the table puts it in F2; its point lies in F1");
            // Shared by the table between the footprint it lies in and another: agrees.
            request.membership = f.table({{"P1", "F1"}, {"P2", "F2"}, {"P2", "F1"}, {"P3", "F2"}}, "shared.csv");
            request.allowed_splits = {"P2"};
            CHECK(violations_of(request, "membership.geometry").empty());
        }
    }

    TEST_CASE("coterminosity: a split unit is caught unless allowed; a sliver is not a split") {
        Fixture f;
        fp::CheckRequest request;
        request.coterm_layers = {f.units(grid_units())};
        request.overlay.tolerance.width_m = 250; // the halves of C are 500 m wide
        SUBCASE("unit C split in half") {
            request.footprints =
                f.footprints({{"F1", "South", "POLYGON((0 0,2000 0,2000 1000,500 1000,500 2000,0 2000,0 0))"},
                              {"F2", "North", "POLYGON((500 1000,2000 1000,2000 2000,500 2000,500 1000))"}});
            const fp::CheckReport report = check(request);
            const auto& splits = rule(report, "coterm.union").violations;
            REQUIRE(splits.size() == 1);
            CHECK(splits[0].codes == std::vector<std::string>{"C", "F1", "F2"});
            CHECK(splits[0].measured == doctest::Approx(50));
            CHECK(splits[0].hint == "move the part in F2 to F1 (South), or allow the split (--allow-split C)");
            request.allowed_splits = {"C"};
            CHECK_FALSE(check(request).failed(true));
        }
        SUBCASE("a 20 m strip of C in F1 is a sliver") {
            request.footprints = f.footprints(
                {{"F1", "South", box_wkt(0, 0, 2000, 1020)}, {"F2", "North", box_wkt(0, 1020, 2000, 2000)}});
            CHECK(rule(check(request), "coterm.union").violations.empty());
        }
    }

    TEST_CASE("size bounds by population and by area") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints(two_rows());
        fpt::write_points(f.gpkg, "GPKG", "people", "EPSG:27700", {{"P1", 500, 500, "300"}, {"P2", 500, 1500, "50"}},
                          {"LSOA11CD", "population", OFTReal});
        request.weights = f.layer("people");
        request.min_population = 100;
        request.max_population = 200;
        request.min_area_km2 = 2.5;
        const fp::CheckReport report = check(request);
        const auto& people = rule(report, "size.population").violations;
        REQUIRE(people.size() == 2);
        CHECK(people[0].message == "F1 (South): 300 people is above the maximum 200");
        CHECK(people[1].message == "F2 (North): 50 people is below the minimum 100");
        CHECK(rule(report, "size.area").violations.size() == 2);

        // Bounds without population points: the rule cannot run, a warning.
        request.weights.reset();
        const fp::CheckReport unweighed = check(request);
        CHECK(rule(unweighed, "size.population").not_run);
        CHECK(rule(unweighed, "size.population").skipped == "there are no population points to count (--weights)");
        CHECK(unweighed.count(fp::Severity::warning) == 1);
        CHECK(unweighed.failed(true));
    }

    TEST_CASE("contiguity: a footprint in two parts, with the footprint its smaller part borders") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints({{"F1", "South",
                                            "MULTIPOLYGON(((0 0,2000 0,2000 1000,0 1000,0 "
                                            "0)),((3000 0,4000 0,4000 1000,3000 1000,3000 0)))"},
                                           {"F2", "Middle", box_wkt(2000, 0, 3000, 1000)},
                                           {"F3", "Islet",
                                            "MULTIPOLYGON(((0 5000,2000 5000,2000 6000,0 6000,0 "
                                            "5000)),((0 8000,100 8000,100 8100,0 8100,0 8000)))"}});
        const fp::CheckReport report = check(request);
        const auto& parts = rule(report, "contiguity.parts").violations;
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].codes == std::vector<std::string>{"F1"});
        CHECK(parts[0].measured == 2);
        CHECK(parts[0].hint == "the 1.000 km2 part around 3500 500 borders F2 (Middle). Move a part "
                               "that belongs elsewhere to the footprint it borders, or allow the "
                               "islands (--allow-islands F1)");
        request.allowed_islands = {"F1"};
        CHECK_FALSE(check(request).failed(true));
        request.min_part_km2 = 0.001;
        CHECK(rule(check(request), "contiguity.parts").violations.size() == 1); // F3's 0.01 km2 islet now counts
    }

    TEST_CASE("codes: pattern, a code on two features, a repeated table row, and shared names") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints({{"F1", "South", box_wkt(0, 0, 1000, 1000)},
                                           {"F1", "South", box_wkt(1000, 0, 2000, 1000)},
                                           {"bad", "South", box_wkt(0, 1000, 2000, 2000)}});
        request.membership = f.table({{"A", "F1"}, {"A", "F1"}, {"C", "bad"}});
        request.code_pattern = "^F[0-9]+$";
        const fp::CheckReport report = check(request);
        INFO(all_violations(report));
        const auto& pattern = rule(report, "codes.pattern").violations;
        REQUIRE(pattern.size() == 1);
        CHECK(pattern[0].codes == std::vector<std::string>{"bad"});
        const auto& duplicates = rule(report, "codes.duplicate").violations;
        REQUIRE(duplicates.size() == 2);
        CHECK(duplicates[0].message == "member A is listed 2 times for footprint F1 (rows 1, 2)");
        CHECK(duplicates[1].message == "code F1 is on 2 features of the footprint layer (fid 1, 2)");
        const auto& names = rule(report, "names.duplicate").violations;
        REQUIRE(names.size() == 1);
        CHECK(names[0].codes == std::vector<std::string>{"F1", "bad"});
    }

    TEST_CASE("severities: warnings fail only when asked, and a rule can be turned off") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints =
            f.footprints({{"F1", "South", box_wkt(0, 0, 2000, 1000)}, {"F2", "North", box_wkt(0, 900, 2000, 2000)}});
        request.severities["coverage.overlap"] = fp::Severity::warning;
        fp::CheckReport report = check(request);
        CHECK(report.count(fp::Severity::warning) == 1);
        CHECK_FALSE(report.failed(false));
        CHECK(report.failed(true));
        CHECK(fp::check_junit(report, false).find("<failure") == std::string::npos);
        CHECK(fp::check_junit(report, true).find("<failure type=\"warning\"") != std::string::npos);

        request.severities["coverage.overlap"] = fp::Severity::off;
        report = check(request);
        CHECK(rule(report, "coverage.overlap").skipped == "turned off");
        CHECK_FALSE(report.failed(true));
    }

    TEST_CASE("allowances are judged only by rules that ran") {
        Fixture f;
        fp::CheckRequest request;
        request.membership = f.table({{"A", "F1"}, {"B", "F2"}});
        request.allowed_islands = {"F1"};
        CHECK(check(request).rules.back().skipped == "needs membership.split, coterm.union or contiguity.parts to run");
        request.allowed_splits = {"A"};
        const auto unused = violations_of(request, "allowances.unused");
        REQUIRE(unused.size() == 1); // A, not F1: contiguity did not run
        CHECK(unused[0].codes == std::vector<std::string>{"A"});
    }

    TEST_CASE("a table alone with no member polygons: the geometry rules did not run, each a warning") {
        Fixture f;
        fp::CheckRequest request;
        request.membership = f.table({{"A", "F1"}, {"B", "F1"}, {"C", "F2"}, {"C", "F3"}});
        request.code_pattern = "^F[12]$";
        request.allowed_splits = {"E07000029"}; // a council: only coterm.union could use it
        request.coterm_layers = {f.units(grid_units())};
        const fp::CheckReport report = check(request);
        CHECK(report.footprint_count == 3);
        CHECK(report.dissolved_from.empty());
        CHECK(rule(report, "codes.pattern").violations.size() == 1);
        CHECK(rule(report, "membership.split").violations.size() == 1);
        for (const char* id : {"coverage.overlap", "coverage.gap", "coterm.union", "contiguity.parts"}) {
            CAPTURE(id);
            CHECK(rule(report, id).not_run);
            CHECK(rule(report, id).skipped.find("no member layer to dissolve") != std::string::npos);
        }
        CHECK_FALSE(rule(report, "coverage.reference").not_run); // not asked for
        CHECK(rule(report, "coverage.reference").skipped == "needs --reference");
        CHECK(rule(report, "membership.unassigned").skipped == "needs --members");
        // No allowance is judged by a rule that did not run.
        CHECK_FALSE(rule(report, "allowances.unused").ran);
        CHECK(report.count(fp::Severity::warning) == 4);
        CHECK(report.failed(false)); // codes.pattern
        const std::string text = fp::check_text(report, false);
        CHECK(text.find("WARN  coverage.gap ") != std::string::npos);
        CHECK(text.find("  did not run: there is no footprint layer, and no member layer") != std::string::npos);
        CHECK(fp::check_json(report, false).find("\"status\": \"not-run\"") != std::string::npos);
        CHECK(fp::check_junit(report, true).find("<failure type=\"warning\" message=\"did not run: ") !=
              std::string::npos);
    }

    TEST_CASE("a table alone is dissolved over its member polygons, so the geometry rules run") {
        Fixture f;
        // Three units in a row: A B C.
        const auto row = f.units({{"A", "Alpha", box_wkt(0, 0, 1000, 1000)},
                                  {"B", "Beta", box_wkt(1000, 0, 2000, 1000)},
                                  {"C", "Gamma", box_wkt(2000, 0, 3000, 1000)}});
        fp::CheckRequest request;
        request.members = row;
        request.min_part_km2 = 0.1;
        request.membership = f.table({{"A", "F1"}, {"B", "F1"}, {"C", "F2"}});
        fp::CheckReport report = check(request);
        CHECK(report.dissolved_from == row.display());
        CHECK(rule(report, "contiguity.parts").ran);
        CHECK(rule(report, "coverage.gap").ran);
        CHECK_FALSE(report.failed(true));
        // A table with nothing to compare it with skips the comparison.
        CHECK(rule(report, "membership.geometry").skipped == "needs a footprint layer");

        // B moved to F2: F1 is now in two parts.
        request.membership = f.table({{"A", "F1"}, {"B", "F2"}, {"C", "F1"}}, "moved.csv");
        report = check(request);
        const auto& parts = rule(report, "contiguity.parts").violations;
        REQUIRE(parts.size() == 1);
        CHECK(parts[0].codes == std::vector<std::string>{"F1"});
        CHECK(report.failed(false));
    }

    TEST_CASE("a member shared by two footprints: they are drawn with all of it, and said to be") {
        Fixture f;
        fp::CheckRequest request;
        request.members = f.units({{"A", "Alpha", box_wkt(0, 0, 1000, 1000)},
                                   {"B", "Beta", box_wkt(1000, 0, 2000, 1000)},
                                   {"C", "Gamma", box_wkt(2000, 0, 3000, 1000)}});
        request.min_part_km2 = 0.1;
        request.membership = f.table({{"A", "F1"}, {"B", "F1"}, {"B", "F2"}, {"C", "F2"}});
        request.allowed_splits = {"B"};
        request.allowed_islands = {"F1"};
        const fp::CheckReport report = check(request);
        REQUIRE(report.notes.size() == 1);
        CHECK(report.notes[0].find("B (Beta) in F1, F2") != std::string::npos);
        // F1 and F2 overlap over B, but that is the table's doing, said once.
        CHECK(rule(report, "coverage.overlap").violations.empty());
        CHECK(rule(report, "allowances.unused").violations.empty());
        CHECK(report.count(fp::Severity::warning) == 1);
        CHECK_FALSE(report.failed(false));
        CHECK(report.failed(true));
    }

    TEST_CASE("usage errors are found before anything is read") {
        fp::CheckRequest request;
        FPT_CHECK_THROWS_CONTAINING(check(request), fp::UsageError, "nothing to check");
        request.footprints = fp::parse_layer_spec("/nonexistent/never-read.gpkg");
        request.severities["coverage.overlaps"] = fp::Severity::off;
        FPT_CHECK_THROWS_CONTAINING(check(request), fp::UsageError, "unknown rule 'coverage.overlaps'",
                                    "coverage.overlap");
        request.severities.clear();
        request.code_pattern = "^E54[";
        FPT_CHECK_THROWS_CONTAINING(check(request), fp::UsageError, "is not a valid RE2 regular expression");
        request.code_pattern.clear();
        request.min_population = 10;
        request.max_population = 5;
        FPT_CHECK_THROWS_CONTAINING(check(request), fp::UsageError, "minimum population is above the maximum");
        request.max_population = fp::not_measured;
        request.members = fp::parse_layer_spec("/nonexistent/members.gpkg");
        FPT_CHECK_THROWS_CONTAINING(check(request), fp::UsageError, "give the table too");
        FPT_CHECK_THROWS_CONTAINING(fp::parse_severity("fatal"), fp::UsageError, "error, warning or off");
    }

    TEST_CASE("JSON and JUnit reports carry every rule") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints =
            f.footprints({{"F1", "A & <B>", box_wkt(0, 0, 2000, 1000)}, {"F2", "North", box_wkt(0, 900, 2000, 2000)}});
        const fp::CheckReport report = check(request);
        const std::string json = fp::check_json(report, false);
        CHECK(json.find("\"schema\": \"footprint-check/1\"") != std::string::npos);
        CHECK(json.find("\"errors\": 1") != std::string::npos);
        CHECK(json.find("\"id\": \"allowances.unused\"") != std::string::npos);
        const std::string xml = fp::check_junit(report, false);
        CHECK(xml.find("tests=\"17\" failures=\"1\"") != std::string::npos);
        CHECK(xml.find("<testcase classname=\"fp-check.coverage\" name=\"coverage.overlap\">") != std::string::npos);
    }

    TEST_CASE("the library names options by their identifiers, the tool by its flags") {
        Fixture f;
        fp::CheckRequest request;
        request.footprints = f.footprints(two_rows());
        fp::GeosContext ctx;
        const fp::CheckReport report = fp::run_checks(ctx, request);
        CHECK(rule(report, "codes.pattern").skipped == "needs code_pattern");
        CHECK(rule(report, "size.area").skipped == "needs min_area or max_area");
        CHECK(fp::check_text(report, false).find("--") == std::string::npos);
        CHECK(rule(check(request), "codes.pattern").skipped == "needs --code-pattern");
    }

} // TEST_SUITE
