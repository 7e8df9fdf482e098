// Reading flow tables: long and wide, CSV through our own reader with line
// numbers (a large file on two cores), other sources through GDAL with row
// numbers, and the counts refused.
#include "flows_fixtures.hpp"

using namespace flows_test;

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
        const std::string period_csv = write_csv(dir, "origin,RA1\nE1,1\n", "period.csv");
        FPT_CHECK_THROWS_CONTAINING(read(period_csv, wide_period), fp::UsageError, "period", "wide");
        CHECK(option_problem([&] { read(period_csv, wide_period); }) == fp::FlowOptionProblem::period_in_wide_table);
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

    TEST_CASE("a period filter keeps the rows of one period") {
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

    TEST_CASE("a period filter without a period column is a usage error") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "o_code,d_code,count,fy\nA,X,1,2019\n");
        FPT_CHECK_THROWS_CONTAINING(read(path, period("2019")), fp::UsageError, "period column", "|period=");
        CHECK(option_problem([&] { read(path, period("2019")); }) == fp::FlowOptionProblem::no_period_column);
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

    // The sums of large_flows with no bad count, as one reader finds them.
    void check_large_counts(const fp::FlowCounts& counts) {
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

    TEST_CASE("a large CSV file: the same sums, rows and duplicates as one reader") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, large_flows([](std::size_t) { return std::string(); }));
        for (const unsigned workers : {1u, 2u}) {
            CAPTURE(workers);
            // Each row's note differs: without summing, a stacked table, whichever half read the repeat.
            FPT_CHECK_THROWS_CONTAINING(read(path, on_workers({}, workers)), fp::StackedFlowsError,
                                        "rows repeat an origin and destination");
            const fp::FlowCounts counts = read(path, on_workers(summing(), workers));
            // Two workers cut the file in two: the split ran.
            CHECK(counts.parts_read == workers);
            check_large_counts(counts);
        }
    }

    TEST_CASE("a large CSV file: an error past the middle names its line") {
        fpt::TempDir dir;
        const std::size_t at = large_rows * 9 / 10;
        const std::string path = write_csv(dir, large_flows([&](std::size_t i) { return i == at ? "-1" : ""; }));
        for (const unsigned workers : {1u, 2u}) {
            CAPTURE(workers);
            FPT_CHECK_THROWS_CONTAINING(read(path, on_workers({}, workers)), fp::InputError,
                                        "line " + std::to_string(large_line(at)) + ",", "negative count '-1'");
        }
    }

    TEST_CASE("a large CSV file: of two errors, the earlier line's wins") {
        fpt::TempDir dir;
        const std::size_t early = large_rows / 10, late = large_rows * 9 / 10;
        const std::string path = write_csv(dir, large_flows([&](std::size_t i) {
                                               return i == early ? "nan" : i == late ? "-1" : "";
                                           }));
        for (const unsigned workers : {1u, 2u}) {
            CAPTURE(workers);
            FPT_CHECK_THROWS_CONTAINING(read(path, on_workers({}, workers)), fp::InputError,
                                        "line " + std::to_string(large_line(early)) + ",", "finite");
        }
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
        for (const unsigned workers : {1u, 2u}) {
            CAPTURE(workers);
            fp::FlowCounts counts;
            CHECK_NOTHROW(counts = read(path, on_workers(summing(), workers)));
            CHECK(counts.rows == rows);
            CHECK(counts.total == static_cast<double>(rows));
            // The cut two workers would make falls inside the quoted field:
            // the whole file is read again by one.
            CHECK(counts.parts_read == 1);
        }
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
