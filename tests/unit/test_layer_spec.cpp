#include "fixtures.hpp"
#include "footprint/dataset.hpp"
#include "footprint/error.hpp"
#include "footprint/layer_spec.hpp"
#include "footprint/text.hpp"

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

} // TEST_SUITE
