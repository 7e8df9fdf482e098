// Membership tables: CSV quirks, column detection, share validation and
// spreadsheets written with GDAL's own XLSX and ODS drivers.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/membership.hpp"

namespace {

fp::Membership read(const std::string& spec) {
    return fp::read_membership(fp::parse_layer_spec(spec));
}

std::string write_csv(const fpt::TempDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.file(name);
    fpt::write_bytes(path, bytes);
    return path;
}

void check_rows(const fp::Membership& table, const std::vector<std::vector<std::string>>& expected) {
    REQUIRE(table.rows.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(table.rows[i].member == expected[i][0]);
        CHECK(table.rows[i].group == expected[i][1]);
    }
}

} // namespace

TEST_SUITE("membership table") {

    TEST_CASE("CSV with a byte-order mark and CRLF line endings") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "lookup.csv",
                                           "\xEF\xBB\xBFLSOA11CD,STP17CD,STP17NM\r\n"
                                           "E01000001,E54000001,Cumbria\r\n"
                                           "E01000002,E54000002,Northumberland\r\n");
        const fp::Membership table = read(path);
        CHECK(table.member_field == "LSOA11CD"); // no BOM on the first column's name
        CHECK(table.group_field == "STP17CD");
        CHECK(table.share_field.empty());
        CHECK(table.group_name_field == "STP17NM");
        check_rows(table, {{"E01000001", "E54000001"}, {"E01000002", "E54000002"}});
        CHECK(table.rows[0].group_name == "Cumbria");
        CHECK(table.rows[1].group_name == "Northumberland"); // no '\r' left on the last column
        CHECK(table.rows[0].share == 1.0);
        CHECK(table.rows[0].row == 1);
        CHECK(table.rows[1].row == 2);
        CHECK(table.source == path);
    }

    TEST_CASE("a byte-order mark before a quoted header") {
        fpt::TempDir dir;
        const std::string path =
            write_csv(dir, "quoted.csv", "\xEF\xBB\xBF\"LSOA11CD\",\"CCG16CD\"\r\n\"E01000001\",\"E38000001\"\r\n");
        const fp::Membership table = read(path + "|member=lsoa11cd|group=ccg16cd");
        CHECK(table.member_field == "LSOA11CD");
        check_rows(table, {{"E01000001", "E38000001"}});
    }

    TEST_CASE("ONS detection: the two CD columns, member first") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "lookup.csv",
                                           "FID,lsoa11cd,lsoa11nm,ccg16cd,ccg16nm\n"
                                           "1,E01000001,City of London 001A,E38000001,NHS Airedale\n");
        const fp::Membership table = read(path);
        CHECK(table.member_field == "lsoa11cd");
        CHECK(table.group_field == "ccg16cd");
        CHECK(table.group_name_field == "ccg16nm");
        check_rows(table, {{"E01000001", "E38000001"}});
        CHECK(table.rows[0].group_name == "NHS Airedale");
    }

    TEST_CASE("three CD columns are ambiguous") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "lookup.csv", "LSOA11CD,CCG16CD,STP17CD\nE01,E38,E54\n");
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::UsageError, "LSOA11CD", "CCG16CD", "STP17CD", "|member=");
        // One named explicitly leaves exactly one candidate for the other.
        FPT_CHECK_THROWS_CONTAINING(read(path + "|member=LSOA11CD"), fp::UsageError, "CCG16CD", "STP17CD");
        const fp::Membership table = read(path + "|member=LSOA11CD|group=STP17CD");
        check_rows(table, {{"E01", "E54"}});
    }

    TEST_CASE("one named column and one CD column left over") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "lookup.csv", "member,CCG16CD\nE01,E38\n");
        const fp::Membership table = read(path + "|member=MEMBER");
        CHECK(table.member_field == "member");
        CHECK(table.group_field == "CCG16CD");
    }

    TEST_CASE("explicit |member=|group=|share=") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "split.csv",
                                           "from,to,weight,note\n"
                                           "E01000001,E54000001,0.25,split\n"
                                           "E01000001,E54000002,0.75,split\n"
                                           "E01000002,E54000002,1,whole\n");
        const fp::Membership table = read(path + "|member=FROM|group=To|share=weight");
        CHECK(table.member_field == "from");
        CHECK(table.group_field == "to");
        CHECK(table.share_field == "weight");
        check_rows(table, {{"E01000001", "E54000001"}, {"E01000001", "E54000002"}, {"E01000002", "E54000002"}});
        CHECK(table.rows[0].share == doctest::Approx(0.25));
        CHECK(table.rows[1].share == doctest::Approx(0.75));
        CHECK(table.rows[2].share == 1.0);
    }

    TEST_CASE("unknown explicit columns are usage errors listing the columns") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "t.csv", "from,to\nE01,E54\n");
        FPT_CHECK_THROWS_CONTAINING(read(path + "|member=src|group=to"), fp::UsageError, "'src'", "from, to");
        FPT_CHECK_THROWS_CONTAINING(read(path + "|member=from|group=to|share=w"), fp::UsageError, "'w'");
    }

    TEST_CASE("a two-column table without cd names is member, group") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "pairs.csv", "practice,pcn\nA81001,U00001\nA81002,U00001\n");
        const fp::Membership table = read(path);
        CHECK(table.member_field == "practice");
        CHECK(table.group_field == "pcn");
        CHECK(table.share_field.empty());
        check_rows(table, {{"A81001", "U00001"}, {"A81002", "U00001"}});
    }

    TEST_CASE("a three-column table without cd names is member, group, share") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "triples.csv", "a,b,c\nX1,G1,0.5\nX1,G2,0.5\n");
        const fp::Membership table = read(path);
        CHECK(table.member_field == "a");
        CHECK(table.group_field == "b");
        CHECK(table.share_field == "c");
        CHECK(table.rows.at(1).share == doctest::Approx(0.5));
    }

    TEST_CASE("four columns without cd names cannot be told apart") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "wide.csv", "a,b,c,d\n1,2,3,4\n");
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::UsageError, "|member=", "a, b, c, d");
    }

    TEST_CASE("shares must be numbers above 0 and at most 1") {
        fpt::TempDir dir;
        struct Case {
            const char* share;
            const char* message;
        };
        for (const Case c : {Case{"abc", "not a number"}, Case{"nan", "not a number"}, Case{"NaN", "not a number"},
                             Case{"inf", "not a number"}, Case{"-inf", "not a number"}, Case{"1e999", "not a number"},
                             Case{"0.5x", "not a number"}, Case{"0", "outside (0, 1]"}, Case{"-0.5", "outside (0, 1]"},
                             Case{"1.5", "outside (0, 1]"}, Case{"1.0000001", "outside (0, 1]"}}) {
            CAPTURE(c.share);
            const std::string path =
                write_csv(dir, "shares.csv", std::string("member,group,share\nE01,E54,0.5\nE02,E54,") + c.share + "\n");
            FPT_CHECK_THROWS_CONTAINING(read(path), fp::InputError, "row 2", "column share", c.message, c.share);
        }
    }

    TEST_CASE("a missing share in a row is an error") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "shares.csv", "member,group,share\nE01,E54,\n");
        FPT_CHECK_THROWS_CONTAINING(read(path), fp::InputError, "row 1", "column share");
    }

    TEST_CASE("shares with surrounding spaces and in exponent form are accepted") {
        fpt::TempDir dir;
        const std::string path =
            write_csv(dir, "shares.csv", "member,group,share\nE01,E54, 0.5 \nE02,E54,5e-1\nE03,E54,1\n");
        const fp::Membership table = read(path);
        REQUIRE(table.rows.size() == 3);
        CHECK(table.rows[0].share == 0.5);
        CHECK(table.rows[1].share == 0.5);
        CHECK(table.rows[2].share == 1.0);
    }

    TEST_CASE("empty codes are input errors naming the row and column") {
        fpt::TempDir dir;
        const std::string member = write_csv(dir, "m.csv", "LSOA11CD,CCG16CD\nE01,E38\n  ,E38\n");
        FPT_CHECK_THROWS_CONTAINING(read(member), fp::InputError, "row 2", "LSOA11CD", "empty member");
        const std::string group = write_csv(dir, "g.csv", "LSOA11CD,CCG16CD\nE01,\n");
        FPT_CHECK_THROWS_CONTAINING(read(group), fp::InputError, "row 1", "CCG16CD", "empty group");
    }

    TEST_CASE("blank trailing rows are skipped and codes are trimmed") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "lookup.csv",
                                           "LSOA11CD,CCG16CD\r\n"
                                           " E01000001 ,\tE38000001\r\n"
                                           "E01000002,E38000002\r\n"
                                           ",\r\n"
                                           " , \r\n"
                                           "\r\n");
        const fp::Membership table = read(path);
        check_rows(table, {{"E01000001", "E38000001"}, {"E01000002", "E38000002"}});
    }

    TEST_CASE("blank rows with a share column are skipped too") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "lookup.csv", "LSOA11CD,CCG16CD,share\nE01,E38,1\n,,\n");
        const fp::Membership table = read(path + "|share=share");
        check_rows(table, {{"E01", "E38"}});
    }

    TEST_CASE("leading zeros are kept in CSV codes") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "practices.csv", "PRACCD,PCNCD,share\n01234,00012,1\n000,007,0.5\n");
        const fp::Membership table = read(path + "|share=share");
        check_rows(table, {{"01234", "00012"}, {"000", "007"}});
    }

    TEST_CASE("a CSV with x and y columns is still a table") {
        fpt::TempDir dir;
        // The loader asks the CSV driver to build points from x/y columns; a
        // membership table must still read its codes.
        const std::string path = write_csv(dir, "xy.csv", "PRACCD,PCNCD,x,y\nA1,U1,430000,280000\n");
        const fp::Membership table = read(path);
        check_rows(table, {{"A1", "U1"}});
    }

    TEST_CASE("a GeoPackage attribute table") {
        fpt::TempDir dir;
        const std::string path = dir.file("lookup.gpkg");
        fpt::write_table(path, "GPKG", "lsoa_ccg", {"LSOA11CD", "CCG16CD"},
                         {{"E01000001", "E38000001"}, {"01234", "00001"}});
        const fp::Membership table = read(path);
        check_rows(table, {{"E01000001", "E38000001"}, {"01234", "00001"}});
    }

    TEST_CASE("a missing table file is an input error") {
        fpt::TempDir dir;
        CHECK_THROWS_AS(read(dir.file("absent.csv")), fp::InputError);
        const std::string empty = write_csv(dir, "empty.csv", "");
        CHECK_THROWS_AS(read(empty), fp::InputError);
    }

    TEST_CASE("XLSX and ODS tables written by GDAL") {
        const std::vector<std::string> columns{"LSOA11CD", "STP17CD", "STP17NM", "share"};
        const std::vector<std::vector<std::string>> rows{{"E01000001", "E54000001", "Cumbria", "1"},
                                                         {"01234", "E54000002", "Northumberland", "0.5"},
                                                         {"01234", "E54000003", "Durham", "0.5"}};
        for (const std::string driver : {"XLSX", "ODS"}) {
            CAPTURE(driver);
            fpt::TempDir dir;
            const std::string path = dir.file(driver == "XLSX" ? "lookup.xlsx" : "lookup.ods");
            SUBCASE("with a numeric share column") {
                fpt::write_table(path, driver, "Sheet1", columns, rows, {"share"});
                const fp::Membership table = read(path + "|share=share");
                CHECK(table.member_field == "LSOA11CD");
                CHECK(table.group_field == "STP17CD");
                CHECK(table.group_name_field == "STP17NM");
                check_rows(table, {{"E01000001", "E54000001"}, {"01234", "E54000002"}, {"01234", "E54000003"}});
                CHECK(table.rows.at(1).share == doctest::Approx(0.5));
                CHECK(table.rows.at(2).group_name == "Durham");
            }
            SUBCASE("with text columns only") {
                fpt::write_table(path, driver, "Sheet1", {"LSOA11CD", "STP17CD"},
                                 {{"E01000001", "E54000001"}, {"01234", "E54000002"}});
                const fp::Membership table = read(path);
                CHECK(table.member_field == "LSOA11CD");
                CHECK(table.group_field == "STP17CD");
                check_rows(table, {{"E01000001", "E54000001"}, {"01234", "E54000002"}});
            }
            SUBCASE("with a blank trailing row") {
                fpt::write_table(path, driver, "Sheet1", columns,
                                 {rows[0], rows[1], {"", "", "", ""}, {"", "", "", ""}}, {"share"});
                const fp::Membership table = read(path + "|share=share");
                check_rows(table, {{"E01000001", "E54000001"}, {"01234", "E54000002"}});
            }
            SUBCASE("choosing one of several sheets") {
                fpt::write_tables(
                    path, driver,
                    {{"Notes", {"note", "by"}, {{"read me", "ONS"}}, {}}, {"Lookup", columns, rows, {"share"}}});
                FPT_CHECK_THROWS_CONTAINING(read(path), fp::UsageError, "|layer=", "Notes", "Lookup");
                const fp::Membership table = read(path + "|layer=Lookup|share=share");
                CHECK(table.rows.size() == 3);
            }
        }
    }

    TEST_CASE("naming one column never makes finding the others worse") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "t.csv", "member,group,share\nX1,G1,0.5\nX1,G2,0.5\n");
        for (const std::string named : {"", "|share=share", "|member=member", "|group=group"}) {
            CAPTURE(named);
            const fp::Membership table = read(path + named);
            CHECK(table.member_field == "member");
            CHECK(table.group_field == "group");
            CHECK(table.share_field == "share");
            CHECK(table.found_by_rule);
        }
        CHECK_FALSE(read(path + "|member=member|group=group|share=share").found_by_rule);
    }

    TEST_CASE("a share column is found by its name, also when the codes are named") {
        fpt::TempDir dir;
        const std::string path =
            write_csv(dir, "t.csv", "lad,cty,population,pop_share\nD1,K1,10,0.25\nD1,K2,30,0.75\n");
        const fp::Membership table = read(path + "|member=lad|group=cty");
        CHECK(table.share_field == "pop_share");
        CHECK(table.rows.at(1).share == doctest::Approx(0.75));
        CHECK(fp::columns_read(table) == "member lad, group cty, share pop_share");
    }

    TEST_CASE("a share-like column left unused is a warning naming it") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "t.csv", "LSOA11CD,STP17CD,share,weight\nE01,E54,1,1\n");
        std::vector<std::string> warnings;
        const fp::Membership table =
            fp::read_membership(fp::parse_layer_spec(path), [&](const std::string& w) { warnings.push_back(w); });
        CHECK(table.share_field.empty());
        REQUIRE(warnings.size() == 2);
        CHECK(warnings[0].find("'share' is not used") != std::string::npos);
        CHECK(warnings[1].find("|share=weight") != std::string::npos);
    }

    TEST_CASE("_code columns are code columns, with their _name columns") {
        fpt::TempDir dir;
        const std::string path =
            write_csv(dir, "t.csv", "lsoa11_name,lsoa11_code,msoa11_name,msoa11_code\nA 001A,L1,A 001,M1\n");
        const fp::Membership table = read(path);
        CHECK(table.member_field == "lsoa11_code");
        CHECK(table.group_field == "msoa11_code");
        CHECK(table.group_name_field == "msoa11_name");
    }

    TEST_CASE("one rule for readers that count by shares: a member listed twice needs shares") {
        fpt::TempDir dir;
        const fp::Membership twice = read(write_csv(dir, "a.csv", "CCGCD,LDRCD\nC1,L1\nC1,L2\n"));
        FPT_CHECK_THROWS_CONTAINING(fp::check_member_shares(twice), fp::InputError, "C1 in L1, L2", "no share column",
                                    "member CCGCD, group LDRCD", "|share=");
        const fp::Membership shared = read(write_csv(dir, "b.csv", "CCGCD,LDRCD,share\nC1,L1,0.4\nC1,L2,0.6\n"));
        CHECK_NOTHROW(fp::check_member_shares(shared));
        const fp::Membership over = read(write_csv(dir, "c.csv", "CCGCD,LDRCD,share\nC1,L1,0.6\nC1,L2,0.6\n"));
        FPT_CHECK_THROWS_CONTAINING(fp::check_member_shares(over), fp::InputError, "'C1'", "1.200000", "share share");
    }

} // TEST_SUITE
