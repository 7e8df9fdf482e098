#include "footprint/vector_writer.hpp"

#include "footprint/error.hpp"
#include "footprint/fields.hpp"
#include "footprint/gdal_util.hpp"
#include "footprint/output.hpp"

#include <ogr_spatialref.h>

#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fp {

namespace {

std::string extension_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    return to_lower(path.substr(dot + 1));
}

std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

std::string base_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Removes a temporary directory and whatever is left in it.
class TempDir {
  public:
    explicit TempDir(const std::string& beside) {
        std::string pattern = beside + ".tmp.XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr)
            throw OutputError("cannot create a temporary directory beside '" + beside + "'");
        path_ = pattern;
    }
    ~TempDir() {
        if (DIR* dir = ::opendir(path_.c_str())) {
            while (dirent* entry = ::readdir(dir)) {
                const std::string name = entry->d_name;
                if (name != "." && name != "..") ::unlink((path_ + "/" + name).c_str());
            }
            ::closedir(dir);
        }
        ::rmdir(path_.c_str());
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

    std::vector<std::string> files() const {
        std::vector<std::string> names;
        if (DIR* dir = ::opendir(path_.c_str())) {
            while (dirent* entry = ::readdir(dir)) {
                const std::string name = entry->d_name;
                if (name != "." && name != "..") names.push_back(name);
            }
            ::closedir(dir);
        }
        return names;
    }

  private:
    std::string path_;
};

OGRFieldType ogr_type(FieldType type) {
    switch (type) {
    case FieldType::integer:
        return OFTInteger64;
    case FieldType::real:
        return OFTReal;
    case FieldType::string:
        break;
    }
    return OFTString;
}

} // namespace

namespace {

std::string driver_for_extension(const std::string& path) {
    const std::string ext = extension_of(path);
    if (ext == "gpkg") return "GPKG";
    if (ext == "shp") return "ESRI Shapefile";
    if (ext == "geojson" || ext == "json") return "GeoJSON";
    if (ext == "geojsonl" || ext == "geojsonseq") return "GeoJSONSeq";
    if (ext == "fgb") return "FlatGeobuf";
    if (ext == "sqlite") return "SQLite";
    if (ext == "gml") return "GML";
    if (ext == "kml") return "KML";
    if (ext == "csv") return "CSV";
    throw UsageError("cannot tell the output format of '" + path +
                     "' from its extension; use .gpkg, .shp, .geojson, .geojsonl, .fgb, .sqlite, .gml, .kml or .csv");
}

} // namespace

std::string resolve_driver(const std::string& path, const std::string& driver) {
    const std::string name = driver.empty() ? driver_for_extension(path) : driver;
    GdalErrorCapture capture;
    GDALDriver* found = GetGDALDriverManager()->GetDriverByName(name.c_str());
    if (found == nullptr || found->GetMetadataItem(GDAL_DCAP_VECTOR) == nullptr)
        throw UsageError("unknown GDAL vector driver '" + name + "'");
    if (found->GetMetadataItem(GDAL_DCAP_CREATE) == nullptr)
        throw UsageError("GDAL driver '" + name + "' cannot create files");
    return name;
}

std::vector<std::string> write_polygons(GeosContext& ctx, const VectorOutput& output,
                                        const std::vector<OutputField>& fields,
                                        const std::vector<OutputFeature>& features) {
    const std::string driver_name = resolve_driver(output.path, output.driver);
    GdalErrorCapture capture;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    check_writable(output.path, output.overwrite);
    struct stat st {};
    if (::stat(output.path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw OutputError("cannot write '" + output.path + "': datasets are written only to regular files");
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(output.crs.c_str()) != OGRERR_NONE)
        throw UsageError("invalid output CRS '" + output.crs + "'");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    TempDir temp(output.path);
    const std::string temp_path = temp.path() + "/" + base_of(output.path);
    {
        DatasetPtr dataset(driver->Create(temp_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!dataset) throw OutputError("cannot create '" + output.path + "': " + capture.last_error());
        // CSV keeps the geometry as WKT rather than dropping it.
        const char* csv_options[] = {"GEOMETRY=AS_WKT", nullptr};
        OGRLayer* layer = dataset->CreateLayer(output.layer_name.c_str(), &srs, wkbMultiPolygon,
                                               driver_name == "CSV" ? const_cast<char**>(csv_options) : nullptr);
        if (layer == nullptr)
            throw OutputError("cannot create layer '" + output.layer_name + "' in '" + output.path +
                              "': " + capture.last_error());
        for (const auto& field : fields) {
            OGRFieldDefn defn(field.name.c_str(), ogr_type(field.type));
            if (layer->CreateField(&defn) != OGRERR_NONE)
                throw OutputError("cannot create field '" + field.name + "': " + capture.last_error());
        }
        const bool transactions = dataset->StartTransaction() == OGRERR_NONE;
        for (const auto& item : features) {
            OGRFeature feature(layer->GetLayerDefn());
            for (std::size_t i = 0; i < fields.size(); ++i) {
                const int index = static_cast<int>(i);
                if (const auto* text = std::get_if<std::string>(&item.values[i]))
                    text->empty() ? feature.SetFieldNull(index) : feature.SetField(index, text->c_str());
                else if (const auto* whole = std::get_if<long long>(&item.values[i]))
                    feature.SetField(index, static_cast<GIntBig>(*whole));
                else
                    feature.SetField(index, std::get<double>(item.values[i]));
            }
            OGRGeometry* geometry = OGRGeometryFactory::createFromGEOS(ctx, const_cast<GEOSGeometry*>(item.geom));
            if (geometry == nullptr) throw OutputError("cannot convert a geometry for writing");
            feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(geometry));
            if (layer->CreateFeature(&feature) != OGRERR_NONE)
                throw OutputError("cannot write to '" + output.path + "': " + capture.last_error());
        }
        if (transactions && dataset->CommitTransaction() != OGRERR_NONE)
            throw OutputError("cannot write to '" + output.path + "': " + capture.last_error());
        dataset.reset(); // flushes
        if (!capture.last_error().empty())
            throw OutputError("cannot write to '" + output.path + "': " + capture.last_error());
    }
    // Sidecars (.shx, .dbf, .prj) travel with the main file.
    const std::string directory = directory_of(output.path);
    for (const auto& name : temp.files()) {
        const std::string target = directory + "/" + name;
        if (name != base_of(output.path)) check_writable(target, output.overwrite);
    }
    for (const auto& name : temp.files()) {
        const std::string target = directory + "/" + name;
        if (std::rename((temp.path() + "/" + name).c_str(), target.c_str()) != 0)
            throw OutputError("cannot move the result into place at '" + target + "'");
    }
    return capture.warnings();
}

} // namespace fp
