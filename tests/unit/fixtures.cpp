#include "fixtures.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <gdal_priv.h>
#include <iterator>
#include <memory>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <sstream>
#include <stdexcept>

namespace fpt {

namespace {

struct Closer {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

GDALDriver& driver_named(const std::string& name) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(name.c_str());
    if (driver == nullptr) throw std::runtime_error("fixture: no GDAL driver " + name);
    return *driver;
}

Dataset create_or_update(const std::string& path, const std::string& driver_name) {
    GDALDriver& driver = driver_named(driver_name);
    if (driver_name == "GPKG" && std::filesystem::exists(path)) {
        auto* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE);
        if (ds == nullptr) throw std::runtime_error("fixture: cannot reopen " + path);
        return Dataset(ds);
    }
    GDALDataset* ds = driver.Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (ds == nullptr) throw std::runtime_error("fixture: cannot create " + path + ": " + CPLGetLastErrorMsg());
    return Dataset(ds);
}

void add_string_field(OGRLayer& layer, const std::string& name) {
    OGRFieldDefn field(name.c_str(), OFTString);
    if (layer.CreateField(&field) != OGRERR_NONE) throw std::runtime_error("fixture: cannot create field " + name);
}

// The CRS `srs` names, in x/y order; none when empty.
std::unique_ptr<OGRSpatialReference> spatial_ref(const std::string& srs) {
    if (srs.empty()) return nullptr;
    auto sr = std::make_unique<OGRSpatialReference>();
    if (sr->SetFromUserInput(srs.c_str()) != OGRERR_NONE) throw std::runtime_error("fixture: bad srs " + srs);
    sr->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return sr;
}

} // namespace

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fp-unit-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("fixture: mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::file(const std::string& name) const {
    return (path_ / name).string();
}

std::vector<std::string> TempDir::entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::int64_t> write_polygons(const std::string& path, const std::string& driver,
                                         const std::string& layer_name, const std::string& srs,
                                         const std::vector<Feature>& features, const LayerOptions& options) {
    Dataset ds = create_or_update(path, driver);
    const std::unique_ptr<OGRSpatialReference> sr = spatial_ref(srs);
    OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), sr.get(), options.geom_type, nullptr);
    if (layer == nullptr) throw std::runtime_error("fixture: cannot create layer " + layer_name);
    add_string_field(*layer, options.code_field);
    if (!options.name_field.empty()) add_string_field(*layer, options.name_field);

    std::vector<std::int64_t> fids;
    for (const auto& f : features) {
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField(options.code_field.c_str(), f.code.c_str());
        if (!options.name_field.empty()) feature.SetField(options.name_field.c_str(), f.name.c_str());
        if (!f.wkt.empty()) {
            OGRGeometry* geom = nullptr;
            if (OGRGeometryFactory::createFromWkt(f.wkt.c_str(), nullptr, &geom) != OGRERR_NONE)
                throw std::runtime_error("fixture: bad WKT " + f.wkt);
            feature.SetGeometryDirectly(geom);
        }
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw std::runtime_error("fixture: cannot write a feature to " + path);
        fids.push_back(feature.GetFID());
    }
    return fids;
}

namespace {

void add_table(GDALDataset& ds, const Table& table, const std::string& path) {
    OGRLayer* layer = ds.CreateLayer(table.layer.c_str(), nullptr, wkbNone, nullptr);
    if (layer == nullptr) throw std::runtime_error("fixture: cannot create table " + table.layer);
    const auto is_real = [&](const std::string& column) {
        return std::find(table.real_columns.begin(), table.real_columns.end(), column) != table.real_columns.end();
    };
    for (const auto& column : table.columns) {
        OGRFieldDefn field(column.c_str(), is_real(column) ? OFTReal : OFTString);
        if (layer->CreateField(&field) != OGRERR_NONE)
            throw std::runtime_error("fixture: cannot create column " + column);
    }
    for (const auto& row : table.rows) {
        OGRFeature feature(layer->GetLayerDefn());
        for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i)
            if (!row[i].empty()) feature.SetField(static_cast<int>(i), row[i].c_str());
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw std::runtime_error("fixture: cannot write a row to " + path);
    }
}

} // namespace

void write_tables(const std::string& path, const std::string& driver, const std::vector<Table>& tables) {
    Dataset ds = create_or_update(path, driver);
    for (const auto& table : tables)
        add_table(*ds, table, path);
}

void write_table(const std::string& path, const std::string& driver, const std::string& layer_name,
                 const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& rows,
                 const std::vector<std::string>& real_columns) {
    write_tables(path, driver, {Table{layer_name, columns, rows, real_columns}});
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("fixture: cannot write " + path);
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("fixture: cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string box_wkt(double x0, double y0, double x1, double y1) {
    std::ostringstream out;
    out.precision(17);
    out << "POLYGON ((" << x0 << ' ' << y0 << ", " << x1 << ' ' << y0 << ", " << x1 << ' ' << y1 << ", " << x0 << ' '
        << y1 << ", " << x0 << ' ' << y0 << "))";
    return out.str();
}

fp::GeomPtr from_wkt(fp::GeosContext& ctx, const std::string& wkt) {
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx);
    GEOSGeometry* g = GEOSWKTReader_read_r(ctx, reader, wkt.c_str());
    GEOSWKTReader_destroy_r(ctx, reader);
    if (g == nullptr) throw std::runtime_error("fixture: GEOS cannot read " + wkt);
    return fp::GeomPtr(g, fp::GeomDeleter{ctx.handle()});
}

std::vector<fp::Unit> make_units(fp::GeosContext& ctx,
                                 const std::vector<std::pair<std::string, std::string>>& code_wkt) {
    std::vector<fp::Unit> units;
    for (const auto& [code, wkt] : code_wkt) {
        fp::Unit unit;
        unit.code = code;
        unit.name = code;
        unit.geom = from_wkt(ctx, wkt);
        if (GEOSisValid_r(ctx, unit.geom.get()) != 1) throw std::runtime_error("fixture: invalid unit geometry " + wkt);
        unit.area_m2 = fp::area(ctx, unit.geom.get());
        units.push_back(std::move(unit));
    }
    std::sort(units.begin(), units.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    return units;
}

const fp::Unit* find_unit(const fp::PolygonLayer& layer, const std::string& code) {
    for (const auto& unit : layer.units)
        if (unit.code == code) return &unit;
    return nullptr;
}

std::vector<std::string> codes(const fp::PolygonLayer& layer) {
    std::vector<std::string> out;
    for (const auto& unit : layer.units)
        out.push_back(unit.code);
    return out;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace fpt

// ---- Fixtures for the overlay engine, footprint builder and point layers ----

namespace fpt {

fp::PolygonLayer make_layer(fp::GeosContext& ctx, const std::string& source,
                            const std::vector<std::pair<std::string, std::string>>& code_wkt) {
    fp::PolygonLayer layer;
    layer.source = source;
    layer.working_crs = fp::default_working_crs;
    layer.units = make_units(ctx, code_wkt);
    return layer;
}

std::vector<std::int64_t> write_points(const std::string& path, const std::string& driver,
                                       const std::string& layer_name, const std::string& srs,
                                       const std::vector<PointFeature>& features, const PointOptions& options) {
    Dataset ds = create_or_update(path, driver);
    const std::unique_ptr<OGRSpatialReference> sr = spatial_ref(srs);
    OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), sr.get(), wkbPoint, nullptr);
    if (layer == nullptr) throw std::runtime_error("fixture: cannot create layer " + layer_name);
    add_string_field(*layer, options.code_field);
    if (!options.weight_field.empty()) {
        OGRFieldDefn field(options.weight_field.c_str(), options.weight_type);
        if (layer->CreateField(&field) != OGRERR_NONE)
            throw std::runtime_error("fixture: cannot create field " + options.weight_field);
    }
    std::vector<std::int64_t> fids;
    for (const auto& f : features) {
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField(options.code_field.c_str(), f.code.c_str());
        if (!options.weight_field.empty() && !f.weight.empty())
            feature.SetField(options.weight_field.c_str(), f.weight.c_str());
        feature.SetGeometryDirectly(new OGRPoint(f.x, f.y));
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw std::runtime_error("fixture: cannot write a point to " + path);
        fids.push_back(feature.GetFID());
    }
    return fids;
}

fp::PointLayer make_points(const std::vector<std::array<double, 3>>& xyw) {
    fp::PointLayer layer;
    layer.source = "points";
    layer.weight_field = "population";
    for (std::size_t i = 0; i < xyw.size(); ++i) {
        fp::WeightedPoint point{};
        point.fid = static_cast<std::int64_t>(i);
        point.code = "P" + std::to_string(i);
        point.x = xyw[i][0];
        point.y = xyw[i][1];
        point.weight = xyw[i][2];
        layer.points.push_back(std::move(point));
    }
    return layer;
}

fp::Membership make_membership(const std::string& source, const std::vector<std::vector<std::string>>& rows) {
    fp::Membership table;
    table.source = source;
    table.member_field = "member";
    table.group_field = "group";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& cells = rows[i];
        if (cells.size() < 2 || cells.size() > 4)
            throw std::runtime_error("fixture: a membership row needs 2 to 4 cells");
        fp::MembershipRow row;
        row.member = cells[0];
        row.group = cells[1];
        if (cells.size() > 2) {
            table.share_field = "share";
            row.share = std::stod(cells[2]);
        }
        if (cells.size() > 3) {
            table.group_name_field = "group_name";
            row.group_name = cells[3];
        }
        row.row = i + 1;
        table.rows.push_back(std::move(row));
    }
    return table;
}

bool have_real_data(const std::string& path) {
    if (std::filesystem::exists(path)) return true;
    MESSAGE("SKIPPED: real data not found: " << path);
    return false;
}

} // namespace fpt
