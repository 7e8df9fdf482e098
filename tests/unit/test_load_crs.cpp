// The CRS cases: reprojection from longitude/latitude, layers without a
// CRS, geographic working CRSs and coordinates no projection can take.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/layer.hpp"

#include <cmath>
#include <memory>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace {

// A box of 0.01 degrees near Coventry.
constexpr double lon0 = -1.50, lat0 = 52.40, lon1 = -1.49, lat1 = 52.41;

// The box's area in EPSG:27700, transformed here with OGR independently of
// the loader, densified so that curved edges are followed.
double independent_area() {
    OGRSpatialReference wgs84, bng;
    wgs84.importFromEPSG(4326);
    bng.importFromEPSG(27700);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    bng.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &bng));
    REQUIRE(ct);
    OGRGeometry* geom = nullptr;
    const std::string wkt = fpt::box_wkt(lon0, lat0, lon1, lat1);
    REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geom) == OGRERR_NONE);
    std::unique_ptr<OGRGeometry> owned(geom);
    owned->segmentize(0.0005);
    REQUIRE(owned->transform(ct.get()) == OGRERR_NONE);
    return owned->toPolygon()->get_Area();
}

// The same box on a sphere of the Earth's mean radius: a check on the
// order of magnitude that does not use PROJ at all.
double spherical_area() {
    constexpr double pi = 3.14159265358979323846, r = 6371008.8;
    const double rad = pi / 180;
    return r * r * (lon1 - lon0) * rad * (std::sin(lat1 * rad) - std::sin(lat0 * rad));
}

fp::PolygonLayer load(fp::GeosContext& ctx, const std::string& spec, const fp::LoadOptions& options = {}) {
    return fp::load_polygon_layer(ctx, fp::parse_layer_spec(spec), options);
}

} // namespace

TEST_SUITE("load crs") {

    TEST_CASE("a layer in EPSG:4326 is reprojected to EPSG:27700") {
        fpt::TempDir dir;
        const std::string path = dir.file("lonlat.gpkg");
        fpt::write_polygons(path, "GPKG", "trusts", "EPSG:4326",
                            {{"RKB", "Coventry box", fpt::box_wkt(lon0, lat0, lon1, lat1)}},
                            {"TRUSTCD", "TRUSTNM", wkbPolygon});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        CHECK(layer.source_crs == "EPSG:4326");
        CHECK(layer.working_crs == "EPSG:27700");
        REQUIRE(layer.units.size() == 1);
        const double expected = independent_area();
        CHECK(expected == doctest::Approx(spherical_area()).epsilon(0.01));
        CHECK(layer.units[0].area_m2 == doctest::Approx(expected).epsilon(0.01));
        // The box lies in England, at about (433 km E, 279 km N) on the National Grid.
        double x = 0, y = 0;
        GEOSGeometry* centroid = GEOSGetCentroid_r(ctx, layer.units[0].geom.get());
        REQUIRE(centroid != nullptr);
        GEOSGeomGetX_r(ctx, centroid, &x);
        GEOSGeomGetY_r(ctx, centroid, &y);
        GEOSGeom_destroy_r(ctx, centroid);
        CHECK(x == doctest::Approx(433000).epsilon(0.01));
        CHECK(y == doctest::Approx(279000).epsilon(0.01));
    }

    TEST_CASE("GeoJSON without a crs member is longitude/latitude") {
        fpt::TempDir dir;
        const std::string path = dir.file("lonlat.geojson");
        fpt::write_bytes(path, R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"AREACD": "X1", "AREANM": "Box"},
   "geometry": {"type": "Polygon", "coordinates": [[[-1.5, 52.4], [-1.49, 52.4], [-1.49, 52.41], [-1.5, 52.41], [-1.5, 52.4]]]}}]})");
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        CHECK(layer.source_crs == "EPSG:4326");
        REQUIRE(layer.units.size() == 1);
        CHECK(layer.units[0].area_m2 == doctest::Approx(independent_area()).epsilon(0.01));
    }

    TEST_CASE("another projected working CRS") {
        fpt::TempDir dir;
        const std::string path = dir.file("bng.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                            {{"E1", "One", fpt::box_wkt(433000, 279000, 434000, 280000)}});
        fp::GeosContext ctx;
        fp::LoadOptions options;
        options.working_crs = "EPSG:32630"; // UTM 30N
        const fp::PolygonLayer layer = load(ctx, path, options);
        CHECK(layer.working_crs == "EPSG:32630");
        REQUIRE(layer.units.size() == 1);
        CHECK(layer.units[0].area_m2 == doctest::Approx(1e6).epsilon(0.01));
    }

    TEST_CASE("a layer without a CRS is an input error asking for --srs") {
        fpt::TempDir dir;
        const std::string path = dir.file("nocrs.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "", {{"E1", "One", fpt::box_wkt(0, 0, 1000, 1000)}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "no CRS", "|srs=EPSG:NNNN", path);

        SUBCASE("|srs= states the CRS") {
            const fp::PolygonLayer layer = load(ctx, path + "|srs=EPSG:27700");
            CHECK(layer.source_crs == "EPSG:27700");
            REQUIRE(layer.units.size() == 1);
            CHECK(layer.units[0].area_m2 == doctest::Approx(1e6));
        }
        SUBCASE("an invalid |srs= is a usage error") {
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path + "|srs=EPSG:999999999"), fp::UsageError, "EPSG:999999999");
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path + "|srs=not a crs"), fp::UsageError, "not a crs");
        }
    }

    TEST_CASE("a GeoPackage layer in the undefined cartesian SRS (srs_id -1) has no CRS") {
        fpt::TempDir dir;
        const std::string path = dir.file("local.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", R"(LOCAL_CS["Undefined cartesian SRS",UNIT["metre",1]])",
                            {{"E1", "One", fpt::box_wkt(0, 0, 1000, 1000)}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "no CRS", "|srs=EPSG:NNNN");
        CHECK(load(ctx, path + "|srs=EPSG:27700").units.at(0).area_m2 == doctest::Approx(1e6));
    }

    TEST_CASE("a shapefile without .prj has no CRS") {
        fpt::TempDir dir;
        const std::string path = dir.file("nocrs.shp");
        fpt::write_polygons(path, "ESRI Shapefile", "nocrs", "", {{"E1", "One", fpt::box_wkt(0, 0, 1000, 1000)}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "|srs=EPSG:NNNN");
        fp::LoadOptions options;
        options.assume_srs = "EPSG:27700";
        CHECK(load(ctx, path, options).units.at(0).area_m2 == doctest::Approx(1e6));
    }

    TEST_CASE("a declared CRS wins over |srs=") {
        fpt::TempDir dir;
        const std::string path = dir.file("bng.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700", {{"E1", "One", fpt::box_wkt(0, 0, 1000, 1000)}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path + "|srs=EPSG:4326");
        CHECK(layer.source_crs == "EPSG:27700");
        CHECK(layer.units.at(0).area_m2 == doctest::Approx(1e6));
    }

    TEST_CASE("a geographic working CRS is a usage error") {
        fpt::TempDir dir;
        const std::string path = dir.file("bng.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700", {{"E1", "One", fpt::box_wkt(0, 0, 1000, 1000)}});
        fp::GeosContext ctx;
        fp::LoadOptions options;
        options.working_crs = "EPSG:4326";
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path, options), fp::UsageError, "EPSG:4326", "not projected");
        options.working_crs = "nonsense";
        CHECK_THROWS_AS(load(ctx, path, options), fp::UsageError);
    }

    TEST_CASE("a latitude beyond the pole is an input error, not a crash") {
        fpt::TempDir dir;
        const std::string path = dir.file("bad.gpkg");
        fpt::write_polygons(path, "GPKG", "bad", "EPSG:4326",
                            {{"E1", "Fine", fpt::box_wkt(-1.5, 52.4, -1.49, 52.41)},
                             {"E2", "Beyond", fpt::box_wkt(-1.5, 100, -1.49, 101)}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "feature 2", "EPSG:4326", "EPSG:27700");
    }

    // PROJ would wrap longitude 500 round the world to a unit 7 900 km north of
    // the grid's origin: the loader must refuse the feature instead.
    TEST_CASE("a longitude of 500 is an input error, not a unit") {
        fpt::TempDir dir;
        const std::string path = dir.file("bad.gpkg");
        fpt::write_polygons(path, "GPKG", "bad", "EPSG:4326",
                            {{"E1", "Fine", fpt::box_wkt(-1.5, 52.4, -1.49, 52.41)},
                             {"E2", "Beyond", fpt::box_wkt(500, 52.4, 501, 52.41)}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "feature 2", "EPSG:4326", "EPSG:27700");
    }

} // TEST_SUITE
