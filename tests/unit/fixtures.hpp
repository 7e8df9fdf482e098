// Small fixtures generated at test time: temporary directories, polygon
// layers written through GDAL, raw text files, and units built with GEOS.
#pragma once

#include "footprint/geometry/geos.hpp"
#include "footprint/io/layer.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <exception>
#include <filesystem>
#include <ogr_core.h>
#include <string>
#include <vector>

namespace fpt {

// A fresh directory under the system temporary directory, removed with
// everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // path()/name as a string.
    std::string file(const std::string& name) const;
    // Names of the entries in the directory, sorted.
    std::vector<std::string> entries() const;

  private:
    std::filesystem::path path_;
};

// One feature of a polygon fixture. An empty wkt writes a null geometry.
struct Feature {
    std::string code;
    std::string name;
    std::string wkt;
};

struct LayerOptions {
    std::string code_field = "LAD16CD";
    std::string name_field = "LAD16NM"; // empty: no name field
    OGRwkbGeometryType geom_type = wkbPolygon;
};

// Writes `features` as layer `layer` of a new (or, for GeoPackage, an
// existing) dataset with GDAL driver `driver`. `srs` is a user CRS string
// ("EPSG:27700") or empty for a layer without CRS. Returns the FIDs GDAL
// assigned, in feature order. Throws std::runtime_error on failure.
std::vector<std::int64_t> write_polygons(const std::string& path, const std::string& driver, const std::string& layer,
                                         const std::string& srs, const std::vector<Feature>& features,
                                         const LayerOptions& options = {});

// A table without geometry: a header of `columns` then `rows` of cells.
// Columns named in `real_columns` are numeric; an empty cell stays unset.
struct Table {
    std::string layer;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> real_columns;
};

// Writes the tables as layers (sheets) of one new dataset (XLSX, ODS, CSV,
// GPKG ...); a GeoPackage that exists gains the tables as new layers.
void write_tables(const std::string& path, const std::string& driver, const std::vector<Table>& tables);

void write_table(const std::string& path, const std::string& driver, const std::string& layer,
                 const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& rows,
                 const std::vector<std::string>& real_columns = {});

// Writes `bytes` to `path` exactly as given (binary).
void write_bytes(const std::string& path, const std::string& bytes);
std::string read_bytes(const std::string& path);

// A square (or rectangle) polygon as WKT.
std::string box_wkt(double x0, double y0, double x1, double y1);

// A GEOS geometry from WKT; throws std::runtime_error when it does not parse.
fp::GeomPtr from_wkt(fp::GeosContext& ctx, const std::string& wkt);

// Units for check_coverage, built directly with GEOS; areas computed.
std::vector<fp::Unit> make_units(fp::GeosContext& ctx,
                                 const std::vector<std::pair<std::string, std::string>>& code_wkt);

// The unit with `code`, or nullptr.
const fp::Unit* find_unit(const fp::PolygonLayer& layer, const std::string& code);

std::vector<std::string> codes(const fp::PolygonLayer& layer);

bool contains(const std::string& text, const std::string& part);

// Runs `body`, expecting it to throw an E (or a subclass). Returns the
// message, or "" after recording a failed check.
template <typename E, typename Body>
std::string thrown(Body&& body, const std::string& expression, const std::string& type) {
    try {
        body();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        FAIL_CHECK(expression << " threw another exception than " << type << ": " << std::string(e.what()));
        return {};
    }
    FAIL_CHECK(expression << " did not throw " << type);
    return {};
}

} // namespace fpt

// Checks that `expr` throws `Type` and that its message contains every one of
// the following strings.
#define FPT_CHECK_THROWS_CONTAINING(expr, Type, ...)                                                                   \
    do {                                                                                                               \
        const std::string fpt_message_ = fpt::thrown<Type>([&] { (void)(expr); }, #expr, #Type);                       \
        if (!fpt_message_.empty()) {                                                                                   \
            for (const std::string& fpt_part_ : std::vector<std::string>{__VA_ARGS__}) {                               \
                INFO("message: " << fpt_message_);                                                                     \
                CHECK_MESSAGE(fpt::contains(fpt_message_, fpt_part_),                                                  \
                              "expected the message to contain '" << fpt_part_ << "'");                                \
            }                                                                                                          \
        }                                                                                                              \
    } while (false)

// ---- Fixtures for the overlay engine, footprint builder and point layers ----

#include "footprint/io/membership.hpp"
#include "footprint/io/points.hpp"

#include <array>
#include <utility>

namespace fpt {

// A polygon layer built directly with GEOS (units from make_units: sorted by
// code, named by their code); `source` is how the layer is named.
fp::PolygonLayer make_layer(fp::GeosContext& ctx, const std::string& source,
                            const std::vector<std::pair<std::string, std::string>>& code_wkt);

// One feature of a point fixture. An empty weight leaves the field unset.
struct PointFeature {
    std::string code;
    double x;
    double y;
    std::string weight;
};

struct PointOptions {
    std::string code_field = "LSOA11CD";
    std::string weight_field = "population"; // empty: no weight field
    OGRFieldType weight_type = OFTReal;      // OFTString to write text weights
};

// Writes point features like write_polygons; returns the FIDs GDAL assigned.
std::vector<std::int64_t> write_points(const std::string& path, const std::string& driver, const std::string& layer,
                                       const std::string& srs, const std::vector<PointFeature>& features,
                                       const PointOptions& options = {});

// A point layer built directly from {x, y, weight}; point i has fid i and code "P<i>".
fp::PointLayer make_points(const std::vector<std::array<double, 3>>& xyw);

// A membership table built directly. Each row is {member, group}, optionally
// followed by a share and a group name.
fp::Membership make_membership(const std::string& source, const std::vector<std::vector<std::string>>& rows);

// Whether the real source data file `path` (under ../shared/data) exists.
// When not, the test says "SKIPPED: real data not found", which ctest
// counts as skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt), and
// should return.
bool have_real_data(const std::string& path);

} // namespace fpt
