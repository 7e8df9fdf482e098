#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/fields.hpp"

using Fields = std::vector<std::string>;

TEST_SUITE("fields") {

    TEST_CASE("ONS code and name fields are detected") {
        SUBCASE("upper case with a year") {
            const auto choice = fp::choose_fields({"OBJECTID", "LAD16CD", "LAD16NM", "LAD16NMW"}, "lad", "", "", "ctx");
            CHECK(choice.code == "LAD16CD");
            CHECK(choice.name == "LAD16NM");
        }
        SUBCASE("lower case") {
            const auto choice = fp::choose_fields({"objectid", "ccg15cd", "ccg15nm"}, "ccg", "", "", "ctx");
            CHECK(choice.code == "ccg15cd");
            CHECK(choice.name == "ccg15nm");
        }
        SUBCASE("no year") {
            const auto choice = fp::choose_fields({"AREACD", "AREANM", "Shape_Area"}, "areas", "", "", "ctx");
            CHECK(choice.code == "AREACD");
            CHECK(choice.name == "AREANM");
        }
    }

    TEST_CASE("one rule for code columns: cd or _code, with nm or _name") {
        CHECK(fp::is_code_column("LAD16CD"));
        CHECK(fp::is_code_column("nhs_trust22_code"));
        CHECK_FALSE(fp::is_code_column("CCG16CDH"));
        CHECK_FALSE(fp::is_code_column("code"));
        CHECK_FALSE(fp::is_code_column("postcode"));
        CHECK(fp::column_stem("nhs_trust22_code") == "nhs_trust22");
        CHECK(fp::column_stem("LAD16NM") == "lad16");
        const auto choice =
            fp::choose_fields({"nhs_trust22_name", "nhs_trust22_code", "status"}, "trust_points", "", "", "ctx");
        CHECK(choice.code == "nhs_trust22_code");
        CHECK(choice.name == "nhs_trust22_name");
        const auto tie = fp::choose_fields({"lsoa11_code", "msoa11_code", "msoa11_name"}, "msoa11", "", "", "ctx");
        CHECK(tie.code == "msoa11_code");
        CHECK(tie.name == "msoa11_name");
    }

    TEST_CASE("share-like column names") {
        for (const char* name : {"share", "Proportion", "pop_share", "weights", "fraction_2019"})
            CHECK(fp::is_share_like_column(name));
        for (const char* name : {"shared_code", "population", "sharepoint", "count"})
            CHECK_FALSE(fp::is_share_like_column(name));
    }

    TEST_CASE("the layer name breaks a tie between code fields") {
        const auto choice = fp::choose_fields({"LSOA11CD", "LAD16CD", "LSOA11NM", "LAD16NM"}, "lad16", "", "", "ctx");
        CHECK(choice.code == "LAD16CD");
        CHECK(choice.name == "LAD16NM");
        const auto upper = fp::choose_fields({"LSOA11CD", "LAD16CD"}, "LSOA11", "", "", "ctx");
        CHECK(upper.code == "LSOA11CD");
    }

    TEST_CASE("several code fields and no tie-break is a usage error naming both") {
        FPT_CHECK_THROWS_CONTAINING(fp::choose_fields({"LSOA11CD", "LAD16CD"}, "lookup", "", "", "'x.gpkg'"),
                                    fp::UsageError, "LSOA11CD", "LAD16CD", "'x.gpkg'", "|code=");
    }

    TEST_CASE("no code field is a usage error listing the fields") {
        FPT_CHECK_THROWS_CONTAINING(fp::choose_fields({"id", "label", "population"}, "t", "", "", "'t.shp'"),
                                    fp::UsageError, "no code field", "id, label, population", "'t.shp'");
    }

    TEST_CASE("CCG16CDH is not a code field") {
        const auto choice = fp::choose_fields({"CCG16CD", "CCG16CDH", "CCG16NM"}, "ccg", "", "", "ctx");
        CHECK(choice.code == "CCG16CD");
        CHECK(choice.name == "CCG16NM");
        CHECK_THROWS_AS(fp::choose_fields({"CCG16CDH", "CCG16NM"}, "ccg", "", "", "ctx"), fp::UsageError);
    }

    TEST_CASE("a field named only 'cd' is not a code field") {
        CHECK_THROWS_AS(fp::choose_fields({"cd", "nm"}, "t", "", "", "ctx"), fp::UsageError);
    }

    TEST_CASE("the name field is optional") {
        const auto choice = fp::choose_fields({"fid", "STP17CD"}, "stp", "", "", "ctx");
        CHECK(choice.code == "STP17CD");
        CHECK(choice.name.empty());
    }

    TEST_CASE("a single name field with another stem is still taken") {
        const auto choice = fp::choose_fields({"CODECD", "LABELNM"}, "t", "", "", "ctx");
        CHECK(choice.code == "CODECD");
        CHECK(choice.name == "LABELNM");
    }

    TEST_CASE("overrides are case-insensitive and return the field's own spelling") {
        const Fields fields{"LSOA11CD", "LAD16CD", "Label", "LAD16NM"};
        const auto choice = fp::choose_fields(fields, "lookup", "lad16cd", "LABEL", "ctx");
        CHECK(choice.code == "LAD16CD");
        CHECK(choice.name == "Label");
        const auto code_only = fp::choose_fields(fields, "lookup", "Lad16Cd", "", "ctx");
        CHECK(code_only.code == "LAD16CD");
        CHECK(code_only.name == "LAD16NM");
    }

    TEST_CASE("an override may name a field not ending in 'cd'") {
        const auto choice = fp::choose_fields({"id", "label"}, "t", "ID", "", "ctx");
        CHECK(choice.code == "id");
        CHECK(choice.name.empty());
    }

    TEST_CASE("an unknown override is a usage error listing the fields") {
        const Fields fields{"LAD16CD", "LAD16NM"};
        FPT_CHECK_THROWS_CONTAINING(fp::choose_fields(fields, "lad", "ccg16cd", "", "ctx"), fp::UsageError, "ccg16cd",
                                    "LAD16CD, LAD16NM");
        FPT_CHECK_THROWS_CONTAINING(fp::choose_fields(fields, "lad", "", "nosuch", "ctx"), fp::UsageError, "nosuch",
                                    "LAD16CD, LAD16NM");
    }

    TEST_CASE("find_field and to_lower") {
        CHECK(fp::find_field({"Alpha", "BETA"}, "beta") == "BETA");
        CHECK(fp::find_field({"Alpha", "BETA"}, "gamma").empty());
        CHECK(fp::to_lower("LaD16CD") == "lad16cd");
    }

} // TEST_SUITE
