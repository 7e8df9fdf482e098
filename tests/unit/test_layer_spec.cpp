#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/layer_spec.hpp"

TEST_SUITE("layer_spec") {

    TEST_CASE("a plain path is the whole source") {
        const fp::LayerSpec spec = fp::parse_layer_spec("data/lsoa.gpkg");
        CHECK(spec.source == "data/lsoa.gpkg");
        CHECK(spec.layer.empty());
        CHECK(spec.where.empty());
        CHECK(spec.code_field.empty());
        CHECK(spec.name_field.empty());
        CHECK(spec.srs.empty());
        CHECK(spec.member_field.empty());
        CHECK(spec.group_field.empty());
        CHECK(spec.share_field.empty());
        CHECK(spec.display() == "data/lsoa.gpkg");
    }

    TEST_CASE("layer, where, code, name and srs keys") {
        const fp::LayerSpec spec = fp::parse_layer_spec(
            "lsoa.gpkg|layer=lsoa11|where=LSOA11CD LIKE 'E01%'|code=lsoa11cd|name=lsoa11nm|srs=EPSG:27700");
        CHECK(spec.source == "lsoa.gpkg");
        CHECK(spec.layer == "lsoa11");
        CHECK(spec.where == "LSOA11CD LIKE 'E01%'");
        CHECK(spec.code_field == "lsoa11cd");
        CHECK(spec.name_field == "lsoa11nm");
        CHECK(spec.srs == "EPSG:27700");
    }

    TEST_CASE("a where value may itself contain '='") {
        const fp::LayerSpec spec = fp::parse_layer_spec("a.shp|where=CODE = 'E06000001'");
        CHECK(spec.source == "a.shp");
        CHECK(spec.where == "CODE = 'E06000001'");
    }

    TEST_CASE("membership keys member, group and share") {
        const fp::LayerSpec spec =
            fp::parse_layer_spec("lookup.xlsx|layer=Sheet1|member=LSOA11CD|group=STP17CD|share=weight");
        CHECK(spec.source == "lookup.xlsx");
        CHECK(spec.layer == "Sheet1");
        CHECK(spec.member_field == "LSOA11CD");
        CHECK(spec.group_field == "STP17CD");
        CHECK(spec.share_field == "weight");
    }

    TEST_CASE("PG connection strings keep their spaces, colons and '='") {
        const fp::LayerSpec spec = fp::parse_layer_spec("PG:dbname=x host=/tmp user=a|layer=public.t");
        CHECK(spec.source == "PG:dbname=x host=/tmp user=a");
        CHECK(spec.layer == "public.t");
        CHECK(spec.display() == "PG:dbname=x host=/tmp user=a|layer=public.t");
    }

    TEST_CASE("display shows the source, layer and filter") {
        const fp::LayerSpec spec = fp::parse_layer_spec("lsoa.gpkg|code=x|layer=lsoa11|srs=EPSG:4326|where=A = 1");
        CHECK(spec.display() == "lsoa.gpkg|layer=lsoa11|where=A = 1");
    }

    TEST_CASE("an unknown key is a usage error listing the keys") {
        FPT_CHECK_THROWS_CONTAINING(fp::parse_layer_spec("a.gpkg|lyr=x"), fp::UsageError, "unknown key 'lyr'",
                                    "layer, where");
    }

    TEST_CASE("a part without '=' is a usage error") {
        FPT_CHECK_THROWS_CONTAINING(fp::parse_layer_spec("a.gpkg|lsoa11"), fp::UsageError, "'lsoa11'", "key=value");
        CHECK_THROWS_AS(fp::parse_layer_spec("a.gpkg|"), fp::UsageError);
    }

    TEST_CASE("an empty source without a layer is a usage error") {
        FPT_CHECK_THROWS_CONTAINING(fp::parse_layer_spec(""), fp::UsageError, "name a layer of the shipped dataset");
        FPT_CHECK_THROWS_CONTAINING(fp::parse_layer_spec("|where=x = 1"), fp::UsageError, "|layer=");
    }

    TEST_CASE("an empty source names a layer of the shipped dataset") {
        const fp::LayerSpec spec = fp::parse_layer_spec("|layer=stp16|code=stp16cd");
        CHECK(spec.source == fp::shipped_dataset_path());
        CHECK(spec.layer == "stp16");
        CHECK(spec.code_field == "stp16cd");
    }

} // TEST_SUITE

TEST_SUITE("layer_spec") {

    TEST_CASE("passwords in connection strings are not shown") {
        CHECK(fp::without_password("PG:host=db user=me password=s3cret dbname=nhs") ==
              "PG:host=db user=me password=*** dbname=nhs");
        CHECK(fp::without_password("PG:dbname=nhs PASSWORD='a b\\' c' port=5432") ==
              "PG:dbname=nhs PASSWORD=*** port=5432");
        CHECK(fp::without_password("PG:password=x") == "PG:password=***");
        CHECK(fp::without_password("lsoa.gpkg") == "lsoa.gpkg");
        const fp::LayerSpec spec = fp::parse_layer_spec("PG:dbname=nhs password=s3cret|layer=stp16");
        CHECK(spec.source == "PG:dbname=nhs password=s3cret");
        CHECK(spec.display() == "PG:dbname=nhs password=***|layer=stp16");
    }

    TEST_CASE("the redactor hides the password of every libpq form") {
        // key=value, with or without PG:, any key order and spacing.
        CHECK(fp::without_password("dbname=nhs password=s3cret") == "dbname=nhs password=***");
        CHECK(fp::without_password("password=s3cret host=db") == "password=*** host=db");
        CHECK(fp::without_password("PG:host=db password = s3cret dbname=nhs") ==
              "PG:host=db password = *** dbname=nhs");
        CHECK(fp::without_password("PG:host=db password\t=\ts3cret") == "PG:host=db password\t=\t***");
        CHECK(fp::without_password("pg:dbname=x Password=s3cret") == "pg:dbname=x Password=***");
        // libpq skips spaces after '=': the password here is "host=db".
        CHECK(fp::without_password("PG:password= host=db dbname=x") == "PG:password= *** dbname=x");
        // Single-quoted, with escaped quotes, backslashes and spaces.
        CHECK(fp::without_password("PG:password='a b\\'c' dbname=x") == "PG:password=*** dbname=x");
        CHECK(fp::without_password("PG:password='a\\\\' dbname=x") == "PG:password=*** dbname=x");
        CHECK(fp::without_password("PG:password = '' dbname=x") == "PG:password = *** dbname=x");
        CHECK(fp::without_password("PG:password='a|b'|layer=t") == "PG:password=***|layer=t");
        // Unquoted with a backslash-escaped space.
        CHECK(fp::without_password("PG:password=a\\ b dbname=x") == "PG:password=*** dbname=x");
        // sslpassword too; "password" without '=' is left alone.
        CHECK(fp::without_password("PG:sslpassword=k dbname=x") == "PG:sslpassword=*** dbname=x");
        CHECK(fp::without_password("password authentication failed") == "password authentication failed");
        // URIs: user:password@, with or without PG:, either scheme.
        CHECK(fp::without_password("postgresql://me:s3cret@db/nhs") == "postgresql://me:***@db/nhs");
        CHECK(fp::without_password("PG:postgres://me:s3cret@db:5432/nhs") == "PG:postgres://me:***@db:5432/nhs");
        CHECK(fp::without_password("PG:POSTGRESQL://:s3cret@db") == "PG:POSTGRESQL://:***@db");
        CHECK(fp::without_password("postgresql://me:p@ss/w@db/nhs") == "postgresql://me:***@db/nhs");
        CHECK(fp::without_password("postgresql://me@db/nhs") == "postgresql://me@db/nhs");
        // ... and in the query, with the key %-escaped or not.
        CHECK(fp::without_password("postgresql://db/nhs?user=me&password=s3cret&sslmode=require") ==
              "postgresql://db/nhs?user=me&password=***&sslmode=require");
        CHECK(fp::without_password("postgresql:///nhs?pass%77ord=s3cret") == "postgresql:///nhs?pass%77ord=***");
        CHECK(fp::without_password("PG:postgresql://me:a@db/nhs?password=b|layer=t") ==
              "PG:postgresql://me:***@db/nhs?password=***|layer=t");
        // Files are left alone.
        CHECK(fp::without_password("/data/lsoa 2011.gpkg") == "/data/lsoa 2011.gpkg");
    }

    TEST_CASE("spec messages never quote the password") {
        const auto message = [](const char* text) {
            try {
                fp::parse_layer_spec(text);
            } catch (const fp::UsageError& e) {
                return std::string(e.what());
            }
            return std::string("(no error)");
        };
        for (const char* text :
             {"PG:dbname=x password=s3cret|layer=t|colour=red", "PG:dbname=x password = 's3cret'|layer=t|colour=red",
              "PG:postgresql://u:s3cret@h/db|colour=red", "postgres://u:s3cret@h/db|colour=red",
              "PG:dbname=x password='s3|cret'|colour", "PG:dbname=x password=s3cret|where=a;b",
              "PG:host=h password=s3cret|member=a|group=A"}) {
            CAPTURE(text);
            const std::string shown = message(text);
            CHECK(shown.find("layer '") == 0);
            CHECK(shown.find("s3") == std::string::npos);
            CHECK(shown.find("***") != std::string::npos);
        }
        const fp::LayerSpec spec = fp::parse_layer_spec("PG:dbname=x password='a|b'|layer=t");
        CHECK(spec.source == "PG:dbname=x password='a|b'");
        CHECK(spec.layer == "t");
        CHECK(spec.shown_source() == "PG:dbname=x password=***");
    }

    TEST_CASE("a where filter is one condition") {
        for (const char* where : {"1=1; DROP TABLE stp16", "a=1;", "a=1 -- rest", "a=1 /* x */",
                                  "name='a\\'; DROP TABLE t; --'", "$$'$$; DROP TABLE t; --'", "$q$x$q$;y",
                                  // Quoted in standard SQL, not with backslash escapes.
                                  "name = 'x\\'' ; DROP TABLE t; --'",
                                  // Quoted but for SQLite's identifier quotes.
                                  "`a'` = 1; DROP TABLE t; --'", "[a'] = 1 --'"}) {
            CAPTURE(where);
            CHECK_THROWS_AS(fp::parse_layer_spec(std::string("a.gpkg|where=") + where), fp::UsageError);
        }
        for (const char* where : {"name = 'a;b'", "name = 'it''s -- fine'", "\"odd;name\" = 1", "a - -1 = 0",
                                  "name LIKE '/*%'", "name='x'';DROP TABLE t;--'"}) {
            CAPTURE(where);
            CHECK(fp::parse_layer_spec(std::string("a.gpkg|where=") + where).where == where);
        }
        CHECK_THROWS_WITH(fp::parse_layer_spec("a.gpkg|where=1=1; DROP TABLE stp16"),
                          "layer 'a.gpkg|where=1=1; DROP TABLE stp16': the |where= filter must be one condition; "
                          "';' outside quotes would start another statement");
    }

    TEST_CASE("one column cannot play two roles") {
        CHECK_THROWS_WITH(fp::parse_layer_spec("t.csv|member=a|group=a"),
                          "layer 't.csv|member=a|group=a': column 'a' is named both as member and as group");
        CHECK_THROWS_WITH(
            fp::parse_layer_spec("f.csv|origin=X|destination=x"),
            "layer 'f.csv|origin=X|destination=x': column 'x' is named both as origin and as destination");
        CHECK_THROWS_AS(fp::parse_layer_spec("l.gpkg|code=c|name=c"), fp::UsageError);
        CHECK_THROWS_AS(fp::parse_layer_spec("f.csv|origin=o|destination=d|count=o"), fp::UsageError);
        CHECK_THROWS_AS(fp::parse_layer_spec("t.csv|member=m|group=g|share=g"), fp::UsageError);
        CHECK(fp::parse_layer_spec("t.csv|member=m|group=g|share=s").share_field == "s");
    }

} // TEST_SUITE
