// fp-flows' library: reading flow tables (long and wide, CSV through our own
// reader with line numbers, other sources through GDAL with row numbers),
// code successions, mapping origins and destinations to footprints (by
// table, by point and by polygon overlay), and the flow metrics with a
// reconciliation in which nothing is lost.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/flows/flows.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/report/flows_report.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

namespace {

fp::FlowCounts read(const std::string& spec, const fp::FlowTableOptions& options = {}) {
    return fp::read_flows(fp::parse_layer_spec(spec), options);
}

// Rows that repeat a pair with another note are parts of one flow to add up.
fp::FlowTableOptions summing() {
    fp::FlowTableOptions options;
    options.sum_repeats = true;
    return options;
}

fp::FlowTableOptions wide() {
    fp::FlowTableOptions options;
    options.wide = true;
    return options;
}

fp::FlowTableOptions period(const std::string& value) {
    fp::FlowTableOptions options;
    options.period = value;
    return options;
}

std::string write_csv(const fpt::TempDir& dir, const std::string& bytes, const std::string& name = "flows.csv") {
    const std::string path = dir.file(name);
    fpt::write_bytes(path, bytes);
    return path;
}

using Pairs = std::map<std::pair<std::string, std::string>, double>;

// The summed (origin, destination) counts, whatever FlowCounts keeps them
// in: with an empty mapping every flow of a positive count is unmapped for
// its unknown origin, and listed as it is.
Pairs pairs_of(const fp::FlowCounts& counts) {
    const fp::FlowResult r = fp::compute_flows(counts, fp::FlowMapping{}, fp::FlowOptions{});
    Pairs out;
    for (const auto& u : r.unmapped_flows) {
        CHECK(u.reason == fp::UnmappedReason::unknown_origin);
        out[{u.origin, u.destination}] += u.count;
    }
    CHECK(r.total == counts.total);
    return out;
}

// Counts from a long CSV table of {origin, destination, count} rows.
fp::FlowCounts counts_of(const fpt::TempDir& dir, const std::vector<std::array<std::string, 3>>& rows) {
    std::string bytes = "origin_code,destination_code,count\n";
    for (const auto& row : rows)
        bytes += row[0] + "," + row[1] + "," + row[2] + "\n";
    return read(write_csv(dir, bytes, "counts.csv"));
}

std::string write_table_csv(const fpt::TempDir& dir, const std::string& name, const std::string& bytes) {
    return write_csv(dir, bytes, name);
}

// A footprint's shares, by footprint code, summed.
std::map<std::string, double> shares_of(const fp::FlowMapping& mapping, const fp::FootprintShares& shares) {
    std::map<std::string, double> out;
    for (const auto& [f, share] : shares)
        out[mapping.footprint_codes.at(f)] += share;
    return out;
}

std::map<std::string, double> origin_shares(const fp::FlowMapping& mapping, const std::string& code) {
    const auto found = mapping.origin.find(code);
    REQUIRE_MESSAGE(found != mapping.origin.end(), "origin " << code << " is not mapped");
    return shares_of(mapping, found->second);
}

std::map<std::string, double> destination_shares(const fp::FlowMapping& mapping, const std::string& code) {
    const auto found = mapping.destination.find(code);
    REQUIRE_MESSAGE(found != mapping.destination.end(), "destination " << code << " is not mapped");
    return shares_of(mapping, found->second);
}

std::size_t index_of(const fp::FlowResult& r, const std::string& footprint) {
    for (std::size_t i = 0; i < r.footprint_codes.size(); ++i)
        if (r.footprint_codes[i] == footprint) return i;
    FAIL("no footprint " << footprint);
    return 0;
}

const fp::ProviderFlows& provider(const fp::FlowResult& r, const std::string& code) {
    for (const auto& p : r.providers)
        if (p.code == code) return p;
    FAIL("no provider " << code);
    return r.providers.front();
}

double unmapped(const fp::FlowResult& r, fp::UnmappedReason reason) {
    return r.unmapped[static_cast<std::size_t>(reason)];
}

// The footprint codes a provider spans, largest first.
std::vector<std::string> spans(const fp::FlowResult& r, const fp::ProviderFlows& p) {
    std::vector<std::string> out;
    for (std::size_t f : p.spans)
        out.push_back(r.footprint_codes.at(f));
    return out;
}

// ---- the hand-made three-footprint example ----
//
//   origin footprint \ provider in   F1 (P1)  F2 (P2)  F3 (P3)   residents
//   F1 (O1)                              70       25        5         100
//   F2 (O2)                              25       75        0         100
//   F3 (O3)                              10        0       90         100
//   provided                            105      100       95
//
// Demand containment 0.70, 0.75, 0.90; supply 70/105, 0.75, 90/95.
const std::vector<std::array<std::string, 3>> example_flows{
    {"O1", "P1", "70"}, {"O1", "P2", "25"}, {"O1", "P3", "5"},  {"O2", "P1", "25"},
    {"O2", "P2", "75"}, {"O3", "P1", "10"}, {"O3", "P3", "90"},
};

// Footprints are met in the order F3, F1, F2: results must still be sorted.
fp::FlowMapping example_mapping() {
    fp::FlowMapping mapping;
    fp::map_by_table(
        mapping,
        fpt::make_membership("destinations",
                             {{"P3", "F3", "1", "Gamma"}, {"P1", "F1", "1", "Alpha"}, {"P2", "F2", "1", "Beta"}}),
        false);
    fp::map_by_table(mapping, fpt::make_membership("origins", {{"O1", "F1"}, {"O2", "F2"}, {"O3", "F3"}}), true);
    return mapping;
}

// Two 10 km squares side by side, F1 west of F2, and F3 far away.
fp::PolygonLayer two_footprints_and_a_far_one(fp::GeosContext& ctx) {
    return fpt::make_layer(ctx, "footprints",
                           {{"F2", fpt::box_wkt(10000, 0, 20000, 10000)},
                            {"F1", fpt::box_wkt(0, 0, 10000, 10000)},
                            {"F3", fpt::box_wkt(50000, 50000, 60000, 60000)}});
}

fp::PointLayer trust_points(const std::vector<std::tuple<std::string, std::string, double, double>>& points) {
    fp::PointLayer layer;
    layer.source = "trusts";
    for (std::size_t i = 0; i < points.size(); ++i) {
        fp::WeightedPoint p{};
        p.fid = static_cast<std::int64_t>(i);
        p.code = std::get<0>(points[i]);
        p.name = std::get<1>(points[i]);
        p.x = std::get<2>(points[i]);
        p.y = std::get<3>(points[i]);
        p.weight = 1;
        layer.points.push_back(p);
    }
    return layer;
}

} // namespace

TEST_SUITE("flows: reading flow tables") {

    TEST_CASE("long form: the *cd columns and the count column are detected") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "msoa11cd,msoa11nm,trustcd,count\n"
                                                "E02000001,City of London 001,RAL,12\n"
                                                "E02000001,City of London 001,R1H,3\n"
                                                "E02000002,Barking 001,RAL,5.5\n");
        const fp::FlowCounts counts = read(path);
        CHECK(counts.source == path);
        CHECK(counts.origin_field == "msoa11cd");
        CHECK(counts.destination_field == "trustcd");
        CHECK(counts.count_field == "count");
        CHECK(counts.period_field.empty());
        CHECK(counts.rows == 3);
        CHECK(counts.duplicate_rows == 0);
        CHECK(counts.total == 20.5);
        CHECK(pairs_of(counts) ==
              Pairs{{{"E02000001", "R1H"}, 3}, {{"E02000001", "RAL"}, 12}, {{"E02000002", "RAL"}, 5.5}});
    }

    TEST_CASE("long form: *_code columns and every count name, ignoring case") {
        fpt::TempDir dir;
        for (const std::string name : {"count", "n", "activity", "value", "flow", "spells", "admissions", "attendances",
                                       "Admissions", "COUNT"}) {
            CAPTURE(name);
            const std::string path = write_csv(dir, "msoa_code,trust_code," + name + "\nE02000001,RAL,7\n");
            const fp::FlowCounts counts = read(path);
            CHECK(counts.origin_field == "msoa_code");
            CHECK(counts.destination_field == "trust_code");
            CHECK(counts.count_field == name);
            CHECK(pairs_of(counts) == Pairs{{{"E02000001", "RAL"}, 7}});
        }
        // Extra columns do not disturb the detection, wherever they are.
        const std::string path =
            write_csv(dir, "year,MSOA11CD,note,trustcd,spells,proportion\n2019,E02000001,x,RAL,4,0.5\n");
        const fp::FlowCounts counts = read(path);
        CHECK(counts.origin_field == "MSOA11CD");
        CHECK(counts.destination_field == "trustcd");
        CHECK(counts.count_field == "spells");
        CHECK(pairs_of(counts) == Pairs{{{"E02000001", "RAL"}, 4}});
    }

    TEST_CASE("long form: columns named in the specification, ignoring case") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "Year,Residence,Provider,Patients,Note\n2019,A,X,5,\n2019,B,X,6,n\n");
        const fp::FlowCounts counts = read(path + "|origin=residence|destination=PROVIDER|count=patients");
        CHECK(counts.origin_field == "Residence"); // as the header spells it
        CHECK(counts.destination_field == "Provider");
        CHECK(counts.count_field == "Patients");
        CHECK(pairs_of(counts) == Pairs{{{"A", "X"}, 5}, {{"B", "X"}, 6}});

        // Naming one column leaves the others to detection.
        const std::string coded = write_csv(dir, "msoa11cd,trustcd,total,spells\nE1,RAL,9,1\n", "coded.csv");
        const fp::FlowCounts by_count = read(coded + "|count=total");
        CHECK(by_count.count_field == "total");
        CHECK(pairs_of(by_count) == Pairs{{{"E1", "RAL"}, 9}});
        // Naming the origin makes the other code column the destination.
        const fp::FlowCounts swapped = read(coded + "|origin=trustcd");
        CHECK(swapped.origin_field == "trustcd");
        CHECK(swapped.destination_field == "msoa11cd");
        CHECK(pairs_of(swapped) == Pairs{{{"RAL", "E1"}, 1}});

        FPT_CHECK_THROWS_CONTAINING(read(path + "|origin=nope|destination=Provider|count=Patients"), fp::UsageError,
                                    "no origin column 'nope'", "Residence", "Patients");
        FPT_CHECK_THROWS_CONTAINING(read(path + "|origin=Residence|destination=Provider|count=people"), fp::UsageError,
                                    "no count column 'people'");
    }

    TEST_CASE("long form: any table of exactly three columns is origin, destination, count") {
        fpt::TempDir dir;
        const fp::FlowCounts plain = read(write_csv(dir, "from,to,people\nA,X,1\nA,Y,2\n"));
        CHECK(plain.origin_field == "from");
        CHECK(plain.destination_field == "to");
        CHECK(plain.count_field == "people");
        CHECK(pairs_of(plain) == Pairs{{{"A", "X"}, 1}, {{"A", "Y"}, 2}});
        // Two code columns but a count column by another name.
        const fp::FlowCounts coded = read(write_csv(dir, "msoa11cd,trustcd,total\nE1,RAL,3\n", "coded.csv"));
        CHECK(coded.count_field == "total");
        CHECK(pairs_of(coded) == Pairs{{{"E1", "RAL"}, 3}});
    }

    TEST_CASE("long form: columns that cannot be told apart are a usage error") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "a,b,c,d\n1,2,3,4\n")), fp::UsageError,
                                    "|origin=COL|destination=COL|count=COL", "a, b, c, d");
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "msoa11cd,trustcd,x,y\nE1,R,1,2\n", "b.csv")), fp::UsageError,
                                    "cannot tell");
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "msoa11cd,count\nE1,1\n", "c.csv")), fp::UsageError,
                                    "cannot tell");
        // Named columns switch off the three-column rule.
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "p,q,r\n1,2,3\n", "d.csv") + "|count=r"), fp::UsageError,
                                    "cannot tell");
    }

    // Three *cd / *_code columns and no names: which two are origin and
    // destination is a guess (here it would be CCG -> MSOA), so it is refused,
    // as the membership reader refuses the same case.
    TEST_CASE("long form: three code columns are ambiguous") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "ccg16cd,msoa11cd,trustcd,count\nE38000001,E02000001,RAL,1\n");
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::UsageError, "ccg16cd", "msoa11cd", "trustcd", "|origin=");
    }

    TEST_CASE("wide form: one row per origin, one column per destination") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "origin,RA1,RB2,RC3\r\n"
                                                "E1,10,,0\r\n"
                                                "E2, 2.5 ,4,1\r\n"
                                                "\r\n"
                                                "E1,1,,\r\n");
        const fp::FlowCounts counts = read(path, wide());
        CHECK(counts.origin_field == "origin");
        CHECK(counts.rows == 3); // the blank line is not a row
        CHECK(counts.total == 18.5);
        CHECK(counts.duplicate_rows == 1); // E1 -> RA1 again
        // Empty cells and zeros are no flow.
        CHECK(pairs_of(counts) ==
              Pairs{{{"E1", "RA1"}, 11}, {{"E2", "RA1"}, 2.5}, {{"E2", "RB2"}, 4}, {{"E2", "RC3"}, 1}});
    }

    TEST_CASE("wide form: bad cells name the line and the destination column") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "origin,RA1,RB2\nE1,1,2\nE2,3,-4\n"), wide()), fp::InputError,
                                    "line 3", "column RB2", "negative");
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "origin,RA1,RB2\nE1,1,2\nE2,3\n", "ragged.csv"), wide()),
                                    fp::InputError, "line 3", "2 fields", "header has 3");
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "origin,RA1\n ,1\n", "empty.csv"), wide()), fp::InputError,
                                    "line 2", "column origin", "empty origin code");
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "origin\nE1\n", "narrow.csv"), wide()), fp::UsageError,
                                    "wide matrix");
        fp::FlowTableOptions wide_period = wide();
        wide_period.period = "2019";
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "origin,RA1\nE1,1\n", "period.csv"), wide_period),
                                    fp::UsageError, "--period");
    }

    TEST_CASE("ragged rows name the line") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "o_code,d_code,count\nA,X,1\nA,Y\n");
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::InputError, path, "line 3", "2 fields", "header has 3");
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "o_code,d_code,count\nA,X,1,9\n", "long.csv")), fp::InputError,
                                    "line 2", "4 fields");
        // The line a record begins on, after a quoted field that spans lines.
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "o_code,d_code,count\nA,\"X\nY\",1\nA,Y\n", "multi.csv")),
                                    fp::InputError, "line 4", "2 fields");
    }

    TEST_CASE("bad counts name the line and the column") {
        fpt::TempDir dir;
        const std::vector<std::pair<std::string, std::string>> cases{
            {"-5", "negative count '-5'"},
            {"-0.25", "negative"},
            {"nan", "finite"},
            {"NaN", "finite"},
            {"inf", "finite"},
            {"-inf", "count"},
            {"Infinity", "finite"},
            {"1e999", "finite"},
            {"abc", "not a count"},
            {"12abc", "not a count"},
            {"\"1,000\"", "not a count"},
            {"", "not a count"},
            {"  ", "not a count"},
        };
        for (const auto& [value, message] : cases) {
            CAPTURE(value);
            const std::string path = write_csv(dir, "o_code,d_code,admissions\nA,X,1\nA,Y," + value + "\nA,Z,1\n");
            FPT_CHECK_THROWS_CONTAINING(read(path), fp::InputError, path, "line 3", "column admissions", message);
        }
        // Spaces around a number, a plus sign, exponents and zero are fine.
        const fp::FlowCounts counts =
            read(write_csv(dir, "o_code,d_code,n\nA,X, 2 \nA,Y,+3\nA,Z,1e2\nB,X,0\nB,Y,-0\n", "ok.csv"));
        CHECK(counts.total == 105);
        CHECK(counts.rows == 5);
    }

    TEST_CASE("empty codes name the line and the column") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "o_code,d_code,count\nA,X,1\n  ,X,1\n")), fp::InputError,
                                    "line 3", "column o_code", "empty origin code");
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "o_code,d_code,count\nA,,1\n", "d.csv")), fp::InputError,
                                    "line 2", "column d_code", "empty destination code");
    }

    TEST_CASE("duplicate pairs are summed and counted; codes are trimmed; blank lines skipped") {
        fpt::TempDir dir;
        const fp::FlowCounts counts =
            read(write_csv(dir, "o_code,d_code,count\nA,X,1\nA,X,2\n\nA,Y,3\n A , X ,4\nB,X,0\n"));
        CHECK(counts.rows == 5);
        CHECK(counts.duplicate_rows == 2);
        CHECK(counts.total == 10);
        CHECK(pairs_of(counts) == Pairs{{{"A", "X"}, 7}, {{"A", "Y"}, 3}});
        // Codes are compared exactly: case matters.
        const fp::FlowCounts cased = read(write_csv(dir, "o_code,d_code,count\nA,X,1\na,X,2\n", "case.csv"));
        CHECK(cased.duplicate_rows == 0);
    }

    TEST_CASE("--period keeps the rows of one period") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "msoa_code,trust_code,count,year\n"
                                                "A,X,1,2018\nA,X,2,2019\nA,Y,4, 2019 \nB,Y,8,2020\nB,Y,-1,2017\n");
        const fp::FlowCounts counts = read(path, period("2019"));
        CHECK(counts.period_field == "year");
        CHECK(counts.rows == 2);
        CHECK(counts.skipped_period_rows == 3); // a bad count in another period is not read
        CHECK(counts.total == 6);
        CHECK(pairs_of(counts) == Pairs{{{"A", "X"}, 2}, {{"A", "Y"}, 4}});

        for (const std::string name : {"period", "month", "year", "date", "Period"}) {
            CAPTURE(name);
            const fp::FlowCounts c = read(
                write_csv(dir, "o_code,d_code,count," + name + "\nA,X,1,p1\nA,X,2,p2\n", "names.csv"), period("p2"));
            CHECK(c.period_field == name);
            CHECK(c.total == 2);
        }
        // A period column by another name, named in the specification.
        const std::string fy = write_csv(dir, "o_code,d_code,count,fy\nA,X,1,2018/19\nA,X,2,2019/20\n", "fy.csv");
        const fp::FlowCounts named = read(fy + "|period=FY", period("2019/20"));
        CHECK(named.period_field == "fy");
        CHECK(named.total == 2);
        CHECK(named.skipped_period_rows == 1);
        // A period with no matching row leaves nothing.
        CHECK(read(fy + "|period=fy", period("2020/21")).rows == 0);
    }

    TEST_CASE("--period without a period column is a usage error") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "o_code,d_code,count,fy\nA,X,1,2019\n");
        FPT_CHECK_THROWS_CONTAINING(read(path, period("2019")), fp::UsageError, "--period", "|period=");
        FPT_CHECK_THROWS_CONTAINING(read(path + "|period=quarter", period("2019")), fp::UsageError,
                                    "no period column 'quarter'");
    }

    TEST_CASE("an XLSX sheet is read through GDAL, and errors name the row") {
        fpt::TempDir dir;
        const std::string path = dir.file("flows.xlsx");
        fpt::write_table(path, "XLSX", "flows", {"msoa11cd", "trustcd", "count"},
                         {{"E02000001", "RAL", "10"}, {"E02000001", "R1H", "2.5"}, {"E02000002", "RAL", "4"}},
                         {"count"});
        const fp::FlowCounts counts = read(path);
        CHECK(counts.origin_field == "msoa11cd");
        CHECK(counts.count_field == "count");
        CHECK(counts.rows == 3);
        CHECK(pairs_of(counts) ==
              Pairs{{{"E02000001", "R1H"}, 2.5}, {{"E02000001", "RAL"}, 10}, {{"E02000002", "RAL"}, 4}});

        const std::string bad = dir.file("bad.xlsx");
        fpt::write_table(bad, "XLSX", "flows", {"msoa11cd", "trustcd", "count"},
                         {{"E02000001", "RAL", "10"}, {"E02000001", "R1H", "-3"}}, {"count"});
        const std::string message = fpt::thrown<fp::InputError>([&] { read(bad); }, "read(bad)", "InputError");
        CHECK(fpt::contains(message, "row 2"));
        CHECK(fpt::contains(message, "column count"));
        CHECK_FALSE(fpt::contains(message, "line"));
    }

    // GDAL takes a sheet's first row for column names only when a later row
    // holds a number unless told otherwise: a flow table always has a header,
    // so one whose counts are stored as text must still be read with it.
    TEST_CASE("an XLSX sheet whose counts are stored as text") {
        fpt::TempDir dir;
        const std::string path = dir.file("text.xlsx");
        fpt::write_table(path, "XLSX", "flows", {"msoa11cd", "trustcd", "count"},
                         {{"E02000001", "RAL", "10"}, {"E02000002", "RAL", "4"}});
        fp::FlowCounts counts;
        CHECK_NOTHROW(counts = read(path));
        CHECK(counts.origin_field == "msoa11cd");
        CHECK(counts.total == 14);
    }

    TEST_CASE("a GeoPackage table, and a CSV file with |layer= read through GDAL, count rows") {
        fpt::TempDir dir;
        const std::string gpkg = dir.file("flows.gpkg");
        fpt::write_table(gpkg, "GPKG", "flows19", {"msoa11cd", "trustcd", "count"},
                         {{"E1", "RAL", "1"}, {"E1", "RAL", "2"}, {"E2", "RAL", "x"}});
        FPT_CHECK_THROWS_CONTAINING(read(gpkg + "|layer=flows19"), fp::InputError, "|layer=flows19", "row 3",
                                    "column count", "not a count");

        const std::string csv = write_csv(dir, "o_code,d_code,count\nA,X,1\nA,Y,-2\n");
        FPT_CHECK_THROWS_CONTAINING(read(csv), fp::InputError, "line 3");
        FPT_CHECK_THROWS_CONTAINING(read(csv + "|layer=flows"), fp::InputError, "row 2", "negative");
    }

    // ---- large CSV files, read by two cores when there are two ----
    //
    // Files of 32 MiB or more are cut in two near the middle, at a line start
    // after an even number of quotes, and each half is read by its own core
    // (or the whole by one, when the cut proves to fall inside a record): the
    // results, and the lines errors name, must be those of one reader.

    constexpr std::size_t large_rows = 800'000; // about 36 MB

    // Record i: O<i % 50>, D<i % 7>, a quoted note with a CRLF inside (so every
    // record takes two lines), count i % 5 or `bad(i)` when not empty; a blank
    // line before every 100,000th record. After a byte-order mark and a header.
    template <typename Bad> std::string large_flows(const Bad& bad) {
        std::string bytes = "\xEF\xBB\xBForigin_code,destination_code,note,count\r\n";
        bytes.reserve(large_rows * 48);
        for (std::size_t i = 0; i < large_rows; ++i) {
            if (i > 0 && i % 100'000 == 0) bytes += "\r\n";
            const std::string count = bad(i);
            bytes += "O" + std::to_string(i % 50) + ",D" + std::to_string(i % 7) + ",\"note \"\"" + std::to_string(i) +
                     "\"\"\r\nsecond line of the note\"," + (count.empty() ? std::to_string(i % 5) : count) + "\r\n";
        }
        REQUIRE(bytes.size() > (std::size_t{33} << 20));
        return bytes;
    }

    std::size_t large_line(std::size_t i) {
        return 2 + 2 * i + i / 100'000;
    }

    TEST_CASE("a large CSV file: the same sums, rows and duplicates as one reader") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, large_flows([](std::size_t) { return std::string(); }));
        // Each row's note differs: without summing, a stacked table, whichever half read the repeat.
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::StackedFlowsError, "rows repeat an origin and destination");
        const fp::FlowCounts counts = read(path, summing());
        CHECK(counts.rows == large_rows);
        CHECK(counts.duplicate_rows == large_rows - 350); // 50 x 7 pairs
        double total = 0;
        Pairs expected;
        for (std::size_t i = 0; i < large_rows; ++i) {
            total += static_cast<double>(i % 5);
            if (i % 5)
                expected[{"O" + std::to_string(i % 50), "D" + std::to_string(i % 7)}] += static_cast<double>(i % 5);
        }
        CHECK(counts.total == total);
        CHECK(pairs_of(counts) == expected);
        // Codes are numbered in order of first appearance, whichever half read them.
        REQUIRE(counts.codes.size() >= 4);
        CHECK(counts.codes[0] == "O0");
        CHECK(counts.codes[1] == "D0");
        CHECK(counts.codes[2] == "O1");
        CHECK(counts.codes[3] == "D1");
    }

    TEST_CASE("a large CSV file: an error past the middle names its line") {
        fpt::TempDir dir;
        const std::size_t at = large_rows * 9 / 10;
        const std::string path = write_csv(dir, large_flows([&](std::size_t i) { return i == at ? "-1" : ""; }));
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::InputError, "line " + std::to_string(large_line(at)) + ",",
                                    "negative count '-1'");
    }

    TEST_CASE("a large CSV file: of two errors, the earlier line's wins") {
        fpt::TempDir dir;
        const std::size_t early = large_rows / 10, late = large_rows * 9 / 10;
        const std::string path = write_csv(dir, large_flows([&](std::size_t i) {
                                               return i == early ? "nan" : i == late ? "-1" : "";
                                           }));
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::InputError, "line " + std::to_string(large_line(early)) + ",",
                                    "finite");
    }

    // The reader accepts a quote inside an unquoted field (5" screen), which
    // upsets a cut placed by counting quotes: it can fall inside a later quoted
    // field. The file must still read as one reader reads it.
    TEST_CASE("a large CSV file: a quote inside an unquoted field before the cut") {
        fpt::TempDir dir;
        const std::size_t rows = 700'000;
        std::string bytes = "origin_code,destination_code,note,count\n";
        bytes.reserve(rows * 52);
        for (std::size_t i = 0; i < rows; ++i) {
            const std::string note = i == 0              ? "a 5\" screen"
                                     : i == rows * 3 / 4 ? "\"two\nlines\""
                                                         : "a plain note padded to make the row longer";
            bytes += "O" + std::to_string(i % 50) + ",D" + std::to_string(i % 7) + "," + note + ",1\n";
        }
        REQUIRE(bytes.size() > (std::size_t{33} << 20));
        const std::string path = write_csv(dir, bytes);
        fp::FlowCounts counts;
        CHECK_NOTHROW(counts = read(path, summing()));
        CHECK(counts.rows == rows);
        CHECK(counts.total == static_cast<double>(rows));
    }

    TEST_CASE("an empty or missing source") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(read(write_csv(dir, "")), fp::InputError, "empty");
        FPT_CHECK_THROWS_CONTAINING(read(dir.file("missing.csv")), fp::InputError, "missing.csv");
        // A header and no rows is an empty table, not an error.
        const fp::FlowCounts none = read(write_csv(dir, "o_code,d_code,count\n", "header.csv"));
        CHECK(none.rows == 0);
        CHECK(none.total == 0);
    }

} // TEST_SUITE

TEST_SUITE("flows: code successions") {

    TEST_CASE("chains are followed to the newest code") {
        fpt::TempDir dir;
        const std::string path = write_table_csv(dir, "successions.csv",
                                                 "old_code,new_code,date\n"
                                                 "RA,RB,2017-04-01\n"
                                                 "RB,RC,2019-04-01\n"
                                                 "RS,RT,2018-04-01\n"
                                                 "RS,RT,2018-04-01\n"   // repeated: not ambiguous
                                                 "RQ,RQ,2018-04-01\n"); // to itself: ignored
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(path));
        CHECK(s.resolve("RA") == "RC");
        CHECK(s.resolve("RB") == "RC");
        CHECK(s.resolve("RC") == "RC");
        CHECK(s.resolve("RS") == "RT");
        CHECK(s.resolve("RQ") == "RQ");
        CHECK(s.resolve("ZZZ") == "ZZZ");
        CHECK(s.size() == 3);
        CHECK(s.ambiguous.empty());
    }

    TEST_CASE("a cycle is refused, naming its codes and no others") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(fp::Successions::read(fp::parse_layer_spec(
                                        write_table_csv(dir, "cycle3.csv", "old_code,new_code\nX,A\nA,B\nB,C\nC,A\n"))),
                                    fp::InputError, "cycle of 3 codes", "'A' -> 'B' -> 'C' -> 'A'");
        FPT_CHECK_THROWS_CONTAINING(fp::Successions::read(fp::parse_layer_spec(
                                        write_table_csv(dir, "cycle2.csv", "old_code,new_code\nP,Q\nQ,P\n"))),
                                    fp::InputError, "cycle of 2 codes", "'P' -> 'Q' -> 'P'");
    }

    TEST_CASE("a chain of any length is followed to its end, in linear time") {
        fpt::TempDir dir;
        constexpr int length = 100000; // quadratic work would take minutes
        std::string table = "old_code,new_code\n";
        for (int i = length - 1; i >= 0; --i)
            table += "C" + std::to_string(i) + ",C" + std::to_string(i + 1) + "\n";
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(write_table_csv(dir, "chain.csv", table)));
        CHECK(s.resolve("C0") == "C100000");
        CHECK(s.resolve("C77777") == "C100000");
        CHECK(s.resolve("C100000") == "C100000");
        CHECK(s.size() == length);
    }

    TEST_CASE("an old code with several successors is left as it is and listed") {
        fpt::TempDir dir;
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(
            write_table_csv(dir, "split.csv", "old_code,new_code\nRW6,R0A\nRW6,RM3\nOLD,RW6\nRA,RB\n")));
        CHECK(s.ambiguous == std::vector<std::string>{"RW6"});
        CHECK(s.resolve("RW6") == "RW6");
        CHECK(s.resolve("OLD") == "RW6"); // followed as far as it is unambiguous
        CHECK(s.resolve("RA") == "RB");
    }

    TEST_CASE("successions with other column names") {
        fpt::TempDir dir;
        const std::string path = write_table_csv(dir, "named.csv", "from,to\nRA,RB\n");
        FPT_CHECK_THROWS_CONTAINING(fp::Successions::read(fp::parse_layer_spec(path)), fp::UsageError, "old_code");
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(path + "|member=from|group=to"));
        CHECK(s.resolve("RA") == "RB");
    }

    TEST_CASE("the real trust successions: a merger chain and a split") {
        const std::string path = std::string(FOOTPRINT_TEST_SHARED_DATA) + "/lookups/trust_successions.csv";
        if (!std::filesystem::exists(path)) {
            MESSAGE("skipped: no " << path);
            return;
        }
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(path));
        CHECK(s.resolve("RJH") == "RRK"); // via RR1, Heart of England, merged into RRK in 2018
        CHECK(s.resolve("RR1") == "RRK");
        CHECK(s.resolve("RJF") == "RTG");
        // Pennine Acute (RW6) went to two trusts.
        CHECK(s.resolve("RW6") == "RW6");
        CHECK(std::find(s.ambiguous.begin(), s.ambiguous.end(), "RW6") != s.ambiguous.end());
    }

} // TEST_SUITE

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

TEST_SUITE("flows: metrics") {

    TEST_CASE("three footprints: matrix, containment, the 75/75 test, top outflows, net flows") {
        fpt::TempDir dir;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), fp::FlowOptions{});
        // Sorted by code although met as F3, F1, F2.
        CHECK(r.footprint_codes == std::vector<std::string>{"F1", "F2", "F3"});
        CHECK(r.footprint_names == std::vector<std::string>{"Alpha", "Beta", "Gamma"});
        CHECK(r.matrix == std::vector<std::vector<double>>{{70, 25, 5}, {25, 75, 0}, {10, 0, 90}});
        REQUIRE(r.footprints.size() == 3);
        const std::vector<double> residents{100, 100, 100}, within{70, 75, 90}, provided{105, 100, 95};
        for (std::size_t f = 0; f < 3; ++f) {
            CAPTURE(f);
            CHECK(r.footprints[f].residents == residents[f]);
            CHECK(r.footprints[f].within == within[f]);
            CHECK(r.footprints[f].provided == provided[f]);
            CHECK(r.footprints[f].demand_containment == within[f] / residents[f]);
            CHECK(r.footprints[f].supply_containment == within[f] / provided[f]);
        }
        // F1 fails on supply (0.667); F2 passes at exactly 0.75 on both sides.
        CHECK_FALSE(r.footprints[0].passes);
        CHECK(r.footprints[1].passes);
        CHECK(r.footprints[2].passes);

        CHECK(r.total == 300);
        CHECK(r.mapped == 300);
        CHECK(r.unmapped_total() == 0);
        CHECK(r.unmapped_flows.empty());
        CHECK(r.rows == 7);

        // Top outflows: residents' activity at providers in other footprints,
        // largest first.
        REQUIRE(r.footprints[0].top_outflows.size() == 2);
        CHECK(r.footprints[0].top_outflows[0].provider == "P2");
        CHECK(r.footprints[0].top_outflows[0].footprint == 1);
        CHECK(r.footprints[0].top_outflows[0].count == 25);
        CHECK(r.footprints[0].top_outflows[1].provider == "P3");
        CHECK(r.footprints[0].top_outflows[1].footprint == 2);
        CHECK(r.footprints[0].top_outflows[1].count == 5);
        REQUIRE(r.footprints[1].top_outflows.size() == 1);
        CHECK(r.footprints[1].top_outflows[0].provider == "P1");
        CHECK(r.footprints[1].top_outflows[0].count == 25);
        REQUIRE(r.footprints[2].top_outflows.size() == 1);
        CHECK(r.footprints[2].top_outflows[0].count == 10);

        // Net flows between each pair of footprints with any flow between them.
        const fp::TextTable net = fp::flow_table(r, fp::FlowTable::net, false);
        CHECK(net.header == std::vector<std::string>{"footprint", "other", "outflow", "inflow", "net outflow"});
        CHECK(net.rows == std::vector<std::vector<std::string>>{{"F1", "F2", "25.00", "25.00", "0.00"},
                                                                {"F1", "F3", "5.00", "10.00", "-5.00"}});
        const fp::TextTable matrix = fp::flow_table(r, fp::FlowTable::matrix, false);
        CHECK(matrix.rows.at(2) == std::vector<std::string>{"F3", "10.00", "0.00", "90.00"});
    }

    TEST_CASE("three footprints: thresholds are inclusive, --top cuts the outflows") {
        fpt::TempDir dir;
        fp::FlowOptions options;
        options.demand_threshold = 0.7;
        options.supply_threshold = 0.6;
        options.top = 1;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), options);
        CHECK(r.footprints[0].passes); // demand exactly 0.7
        CHECK(r.footprints[1].passes);
        CHECK(r.footprints[2].passes);
        REQUIRE(r.footprints[0].top_outflows.size() == 1);
        CHECK(r.footprints[0].top_outflows[0].provider == "P2");

        options.top = 0;
        options.demand_threshold = 0.76;
        const fp::FlowResult none = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), options);
        for (const auto& ff : none.footprints)
            CHECK(ff.top_outflows.empty());
        CHECK_FALSE(none.footprints[1].passes); // demand 0.75 < 0.76
        CHECK(none.footprints[2].passes);
    }

    TEST_CASE("three footprints: providers, catchments and spanning at the threshold") {
        fpt::TempDir dir;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), fp::FlowOptions{});
        REQUIRE(r.providers.size() == 3);
        CHECK(r.providers[0].code == "P1");
        CHECK(r.providers[1].code == "P2");
        CHECK(r.providers[2].code == "P3");
        const fp::ProviderFlows& p1 = r.providers[0];
        CHECK(p1.activity == 105);
        CHECK(p1.footprint == 0);
        CHECK(p1.by_origin_footprint == std::vector<double>{70, 25, 10});
        CHECK(p1.from_unmapped_origins == 0);
        // Default 10%: F3 sends 10/105 = 9.5% of P1's activity.
        CHECK(spans(r, p1) == std::vector<std::string>{"F1", "F2"});
        CHECK(spans(r, r.providers[1]) == std::vector<std::string>{"F2", "F1"});
        CHECK(spans(r, r.providers[2]) == std::vector<std::string>{"F3"});

        // At 25%: F1 sends exactly 25/100 of P2's activity, and counts.
        fp::FlowOptions options;
        options.span_threshold = 0.25;
        const fp::FlowResult at = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), options);
        CHECK(spans(at, at.providers[0]) == std::vector<std::string>{"F1"}); // 25/105 < 0.25
        CHECK(spans(at, at.providers[1]) == std::vector<std::string>{"F2", "F1"});
        const fp::TextTable providers = fp::flow_table(at, fp::FlowTable::providers, false);
        REQUIRE(providers.rows.size() == 3);
        CHECK(providers.rows[0][4] == "no");
        CHECK(providers.rows[1][4] == "yes");
    }

    TEST_CASE("reconciliation: unknown origin, unknown destination and outside; total = mapped + unmapped exactly") {
        fpt::TempDir dir;
        auto flows = example_flows;
        flows.push_back({"O9", "P1", "7"});  // O9 maps nowhere
        flows.push_back({"O1", "PX", "11"}); // PX maps nowhere
        flows.push_back({"O5", "PX", "4"});
        flows.push_back({"O5", "P2", "6"}); // O5 is only half in a footprint
        fp::FlowMapping mapping = example_mapping();
        fp::map_by_table(mapping, fpt::make_membership("more origins", {{"O5", "F1", "0.5"}}), true);
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, flows), mapping, fp::FlowOptions{});

        CHECK(r.total == 328);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_origin) == 7);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_destination) == 15);
        CHECK(unmapped(r, fp::UnmappedReason::no_location) == 0);
        CHECK(unmapped(r, fp::UnmappedReason::outside) == 3);
        CHECK(r.mapped == 303);
        CHECK(r.total == r.mapped + r.unmapped_total()); // exactly, not approximately
        CHECK(r.matrix[0][1] == 28);                     // 25 + O5's mapped half of 6

        // Listed by reason, then largest first.
        REQUIRE(r.unmapped_flows.size() == 4);
        const auto check_flow = [](const fp::UnmappedFlow& u, const char* o, const char* d, double c,
                                   fp::UnmappedReason why) {
            CHECK(u.origin == o);
            CHECK(u.destination == d);
            CHECK(u.count == c);
            CHECK(u.reason == why);
        };
        check_flow(r.unmapped_flows[0], "O9", "P1", 7, fp::UnmappedReason::unknown_origin);
        check_flow(r.unmapped_flows[1], "O1", "PX", 11, fp::UnmappedReason::unknown_destination);
        check_flow(r.unmapped_flows[2], "O5", "PX", 4, fp::UnmappedReason::unknown_destination);
        check_flow(r.unmapped_flows[3], "O5", "P2", 3, fp::UnmappedReason::outside);

        // Providers count all their activity, and what came from no footprint.
        CHECK(provider(r, "P1").activity == 112);
        CHECK(provider(r, "P1").from_unmapped_origins == 7);
        CHECK(provider(r, "P2").activity == 106);
        CHECK(provider(r, "P2").from_unmapped_origins == 3);
        CHECK(provider(r, "PX").footprint == -1);
        CHECK(provider(r, "PX").activity == 15);

        const fp::TextTable table = fp::flow_table(r, fp::FlowTable::unmapped, false);
        CHECK(table.header == std::vector<std::string>{"origin", "destination", "count", "reason"});
        CHECK(table.rows.at(0) == std::vector<std::string>{"O9", "P1", "7.00", "unknown origin code"});
        const std::string text = fp::reconciliation_text(r);
        CHECK(fpt::contains(text, "total in 328.00 = mapped 303.00 + unmapped 25.00 (difference 0.00)"));
    }

    TEST_CASE("reconciliation: destinations placed by location, with no location or outside every footprint") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        const fp::PolygonLayer footprints = two_footprints_and_a_far_one(ctx);
        fp::FlowMapping mapping;
        fp::map_by_table(mapping, fpt::make_membership("origins", {{"O1", "F1"}}), true);
        fp::map_by_points(ctx, mapping, footprints,
                          trust_points({{"P1", "Trust one", 5000, 5000},
                                        {"P2", "Trust two", 15000, 5000},
                                        {"PB", "On the border", 10000, 5000},
                                        {"P3", "Far away", 90000, 90000}}));
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, {{{"O1", "P1", "10"}},
                                                                   {{"O1", "P2", "20"}},
                                                                   {{"O1", "P3", "30"}},
                                                                   {{"O1", "PX", "40"}},
                                                                   {{"O1", "PB", "1"}},
                                                                   {{"O7", "P1", "5"}}}),
                                                   mapping, fp::FlowOptions{});
        CHECK(r.footprint_codes == std::vector<std::string>{"F1", "F2", "F3"}); // F3 has no flows but shows
        CHECK(r.matrix[0][0] == 11);
        CHECK(r.matrix[0][1] == 20);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_origin) == 5);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_destination) == 0);
        CHECK(unmapped(r, fp::UnmappedReason::no_location) == 40);
        CHECK(unmapped(r, fp::UnmappedReason::outside) == 30);
        CHECK(r.total == 106);
        CHECK(r.total == r.mapped + r.unmapped_total());
        CHECK(provider(r, "P1").name == "Trust one");
        CHECK(provider(r, "P3").footprint == -1);
        CHECK(r.footprints[2].residents == 0);
        CHECK(r.footprints[2].demand_containment == 0);
        CHECK_FALSE(r.footprints[2].passes);
    }

    TEST_CASE("successions apply to the codes of the flows and of the maps") {
        fpt::TempDir dir;
        fp::FlowMapping mapping;
        mapping.successions = fp::Successions::read(
            fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RB\nRB,P3\nOX,O2\n")));
        fp::map_by_table(mapping, fpt::make_membership("destinations", {{"P3", "F3"}, {"P1", "F1"}, {"P2", "F2"}}),
                         false);
        fp::map_by_table(mapping, fpt::make_membership("origins", {{"O1", "F1"}, {"O2", "F2"}, {"O3", "F3"}}), true);
        auto flows = example_flows;
        flows.push_back({"O1", "RA", "10"});
        flows.push_back({"O1", "RB", "5"});
        flows.push_back({"OX", "P2", "4"});
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, flows), mapping, fp::FlowOptions{});
        CHECK(r.unmapped_total() == 0);
        CHECK(r.matrix[0][2] == 20);
        CHECK(r.matrix[1][1] == 79);
        REQUIRE(r.providers.size() == 3); // RA and RB are P3
        CHECK(provider(r, "P3").activity == 110);
    }

    TEST_CASE("a destination shared between footprints has no footprint of its own") {
        fpt::TempDir dir;
        fp::FlowMapping mapping = example_mapping();
        fp::map_by_table(mapping, fpt::make_membership("split", {{"PS", "F1", "0.5"}, {"PS", "F2", "0.5"}}), false);
        const fp::FlowResult r =
            fp::compute_flows(counts_of(dir, {{{"O1", "PS", "10"}}, {{"O3", "PS", "2"}}}), mapping, {});
        CHECK(r.matrix[0][0] == 5);
        CHECK(r.matrix[0][1] == 5);
        CHECK(r.matrix[2][0] == 1);
        CHECK(r.matrix[2][1] == 1);
        CHECK(provider(r, "PS").footprint == -1);
        CHECK(r.total == r.mapped);
    }

    // A top outflow to a destination shared between footprints names where the
    // outflow went (the largest share that is not the origin's own footprint):
    // F1's residents' outflow to PS went to F2.
    TEST_CASE("an outflow to a shared destination never lands in the origin's own footprint") {
        fpt::TempDir dir;
        fp::FlowMapping mapping = example_mapping();
        fp::map_by_table(mapping, fpt::make_membership("split", {{"PS", "F1", "0.5"}, {"PS", "F2", "0.5"}}), false);
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, {{{"O1", "PS", "10"}}}), mapping, {});
        REQUIRE(r.footprints[0].top_outflows.size() == 1);
        CHECK(r.footprints[0].top_outflows[0].provider == "PS");
        CHECK(r.footprints[0].top_outflows[0].count == 5);
        CHECK(r.footprints[0].top_outflows[0].footprint == 1);
    }

    // A provider's footprint is where the mapping puts it, whatever its flows.
    TEST_CASE("a mapped provider keeps its footprint when all its flows come from unknown origins") {
        fpt::TempDir dir;
        fp::FlowMapping mapping = example_mapping();
        const fp::FlowResult r =
            fp::compute_flows(counts_of(dir, {{{"O9", "P3", "4"}}, {{"O1", "P1", "1"}}}), mapping, {});
        CHECK(provider(r, "P1").footprint == 0);
        CHECK(provider(r, "P3").footprint == 2);
    }

    TEST_CASE("the order footprints are met in does not change the result") {
        fpt::TempDir dir;
        fp::FlowMapping forwards;
        forwards.footprint("F1", "Alpha");
        forwards.footprint("F2", "Beta");
        forwards.footprint("F3", "Gamma");
        fp::map_by_table(forwards, fpt::make_membership("origins", {{"O1", "F1"}, {"O2", "F2"}, {"O3", "F3"}}), true);
        fp::map_by_table(forwards, fpt::make_membership("destinations", {{"P1", "F1"}, {"P2", "F2"}, {"P3", "F3"}}),
                         false);
        const fp::FlowCounts counts = counts_of(dir, example_flows);
        const fp::FlowResult a = fp::compute_flows(counts, forwards, {});
        const fp::FlowResult b = fp::compute_flows(counts, example_mapping(), {});
        CHECK(a.footprint_codes == b.footprint_codes);
        CHECK(a.footprint_names == b.footprint_names);
        CHECK(a.matrix == b.matrix);
        CHECK(fp::flows_json(a) == fp::flows_json(b));
        CHECK(fp::flows_text(a) == fp::flows_text(b));
    }

    TEST_CASE("the JSON report: schema and reconciliation") {
        fpt::TempDir dir;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), {});
        const std::string json = fp::flows_json(r);
        CHECK(fpt::contains(json, "\"schema\": \"footprint-flows/1\""));
        for (const char* key : {"\"reconciliation\"", "\"unmapped_by_reason\"", "\"unknown origin code\"",
                                "\"thresholds\"", "\"footprints\"", "\"demand_containment\"", "\"top_outflows\"",
                                "\"outflows\"", "\"providers\"", "\"catchment\"", "\"from_unmapped_origins\""})
            CHECK_MESSAGE(fpt::contains(json, key), key);
    }

} // TEST_SUITE
