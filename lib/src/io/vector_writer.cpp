#include "footprint/io/vector_writer.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/gdal_util.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/io/output.hpp"

#include <algorithm>
#include <atomic>
#include <cpl_vsi.h>
#include <memory>
#include <ogr_spatialref.h>
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

// The file called `name` in the directory of `path`.
std::string sibling_of(const std::string& path, const std::string& name) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? name : path.substr(0, slash + 1) + name;
}

std::string base_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A directory in GDAL's memory file system, removed with what is in it.
// GDAL writes datasets there, never to disk: it ignores some failed writes
// (a full disk leaves a truncated GeoJSON file and no error), so the bytes
// go to disk through write_files_atomically, which checks every write.
class MemoryDirectory {
  public:
    MemoryDirectory() {
        static std::atomic<unsigned> serial{0};
        path_ = "/vsimem/footprint-output-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
        VSIMkdir(path_.c_str(), 0755);
    }
    ~MemoryDirectory() { VSIRmdirRecursive(path_.c_str()); }
    MemoryDirectory(const MemoryDirectory&) = delete;
    MemoryDirectory& operator=(const MemoryDirectory&) = delete;
    const std::string& path() const { return path_; }

    std::vector<std::string> files() const {
        std::vector<std::string> names;
        char** list = VSIReadDir(path_.c_str());
        for (char** entry = list; entry != nullptr && *entry != nullptr; ++entry)
            if (std::string(*entry) != "." && std::string(*entry) != "..") names.push_back(*entry);
        CSLDestroy(list);
        std::sort(names.begin(), names.end());
        return names;
    }

    // The bytes of one file, owned by the memory file system.
    std::string_view content(const std::string& name) const {
        vsi_l_offset length = 0;
        GByte* data = VSIGetMemFileBuffer((path_ + "/" + name).c_str(), &length, FALSE);
        return data == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), length);
    }

  private:
    std::string path_;
};

// GDAL's last error, or a reason all the same: a message never ends in an
// empty reason.
std::string gdal_reason(const GdalErrorCapture& capture) {
    return capture.last_error().empty() ? std::string("GDAL gave no reason") : capture.last_error();
}

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
    const std::string name = !driver.empty()           ? driver
                             : is_postgis_output(path) ? std::string("PostgreSQL")
                                                       : driver_for_extension(path);
    GdalErrorCapture capture;
    GDALDriver* found = GetGDALDriverManager()->GetDriverByName(name.c_str());
    if (found == nullptr || found->GetMetadataItem(GDAL_DCAP_VECTOR) == nullptr)
        throw UsageError("unknown GDAL vector driver '" + name + "'");
    if (found->GetMetadataItem(GDAL_DCAP_CREATE) == nullptr)
        throw UsageError("GDAL driver '" + name + "' cannot create files");
    return name;
}

namespace {

OGRSpatialReference output_srs(const VectorOutput& output) {
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(output.crs.c_str()) != OGRERR_NONE)
        throw UsageError("invalid output CRS '" + output.crs + "'");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

// Creates the fields and writes the features to `layer`; `where` names the
// output in messages.
void write_features(GeosContext& ctx, OGRLayer& layer, const std::vector<OutputField>& fields,
                    const std::vector<OutputFeature>& features, const std::string& where,
                    const GdalErrorCapture& capture) {
    for (const auto& field : fields) {
        OGRFieldDefn defn(field.name.c_str(), ogr_type(field.type));
        if (layer.CreateField(&defn) != OGRERR_NONE)
            throw OutputError("cannot create field '" + field.name + "' in " + where + ": " + capture.last_error());
    }
    for (const auto& item : features) {
        OGRFeature feature(layer.GetLayerDefn());
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
        if (layer.CreateFeature(&feature) != OGRERR_NONE)
            throw OutputError("cannot write to " + where + ": " + gdal_reason(capture));
    }
}

// A PostGIS target: the connection and the schema-qualified table.
struct PostgisTarget {
    std::string connection;
    std::string schema; // empty: the search path's first schema
    std::string table;

    std::string display() const { return "table " + (schema.empty() ? table : schema + "." + table); }
};

PostgisTarget postgis_target(const VectorOutput& output) {
    const LayerSpec spec = parse_layer_spec(output.path);
    PostgisTarget target;
    target.connection = spec.source;
    const std::string name = spec.layer.empty() ? output.layer_name : spec.layer;
    const auto dot = name.find('.');
    target.schema = dot == std::string::npos ? "" : name.substr(0, dot);
    target.table = dot == std::string::npos ? name : name.substr(dot + 1);
    if (target.table.empty())
        throw UsageError("'" + without_password(output.path) + "' names no table; add |layer=TABLE");
    return target;
}

// GDAL's PostgreSQL errors repeat the whole statement before the server's
// answer; the answer is what a user needs.
std::string server_answer(const std::string& error) {
    std::size_t start = std::string::npos;
    for (const char* level : {"FATAL:", "ERROR:"})
        start = std::min(start, error.find(level));
    if (start == std::string::npos) return error;
    std::string answer = error.substr(start, error.find(" CONTEXT:", start) - start);
    if (error.find("server closed the connection") != std::string::npos) answer += "; the server closed the connection";
    return answer;
}

std::string quote_identifier(const std::string& name) {
    std::string quoted = "\"";
    for (const char c : name)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string quote_literal(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text)
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

GDALDatasetUniquePtr open_postgis(const PostgisTarget& target, const GdalErrorCapture& capture) {
    // Only the named table is listed, so opening does not scan the schema.
    const std::string tables = "tables=" + (target.schema.empty() ? "" : target.schema + ".") + target.table;
    const char* const options[] = {tables.c_str(), nullptr};
    GDALDatasetUniquePtr dataset(static_cast<GDALDataset*>(
        GDALOpenEx(target.connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, options, nullptr)));
    if (!dataset)
        throw OutputError("cannot connect to PostgreSQL: " +
                          (capture.last_error().empty() ? std::string("unknown error") : capture.last_error()));
    return dataset;
}

// Runs one SQL statement; a statement returning rows gives the first value.
std::string run_sql(GDALDataset& dataset, const std::string& sql, const GdalErrorCapture& capture,
                    const std::string& what) {
    OGRLayer* rows = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    std::string value;
    if (rows != nullptr) {
        if (auto feature = std::unique_ptr<OGRFeature>(rows->GetNextFeature())) value = feature->GetFieldAsString(0);
        dataset.ReleaseResultSet(rows);
    }
    if (!capture.last_error().empty()) throw OutputError(what + ": " + server_answer(capture.last_error()));
    return value;
}

bool table_exists(GDALDataset& dataset, const PostgisTarget& target, const GdalErrorCapture& capture) {
    const std::string qualified =
        (target.schema.empty() ? "" : quote_identifier(target.schema) + ".") + quote_identifier(target.table);
    return run_sql(dataset, "SELECT to_regclass(" + quote_literal(qualified) + ") IS NOT NULL", capture,
                   "cannot look for " + target.display()) == "1";
}

std::vector<std::string> write_postgis(GeosContext& ctx, const VectorOutput& output,
                                       const std::vector<OutputField>& fields,
                                       const std::vector<OutputFeature>& features) {
    const PostgisTarget target = postgis_target(output);
    OGRSpatialReference srs = output_srs(output);
    GdalErrorCapture capture;
    GDALDatasetUniquePtr dataset = open_postgis(target, capture);
    const std::string prefix = target.schema.empty() ? "" : quote_identifier(target.schema) + ".";
    const std::string temporary = target.table + "_fp_tmp_" + std::to_string(::getpid());
    if (dataset->StartTransaction() != OGRERR_NONE)
        throw OutputError("cannot start a transaction for " + target.display() + ": " +
                          server_answer(capture.last_error()));
    try {
        const bool exists = table_exists(*dataset, target, capture);
        if (exists && !output.overwrite)
            throw OutputError(target.display() + " exists; use ", Setting::overwrite, " to replace it");
        const std::string layer_name = (target.schema.empty() ? "" : target.schema + ".") + temporary;
        const char* const options[] = {"GEOMETRY_NAME=geom", "FID=fid", "LAUNDER=NO", "SPATIAL_INDEX=GIST", nullptr};
        OGRLayer* layer = dataset->CreateLayer(layer_name.c_str(), &srs, wkbMultiPolygon, const_cast<char**>(options));
        if (layer == nullptr)
            throw OutputError("cannot create " + target.display() + ": " + server_answer(capture.last_error()));
        try {
            write_features(ctx, *layer, fields, features, target.display(), capture);
        } catch (const OutputError&) {
            throw OutputError("cannot write to " + target.display() + ": " + server_answer(capture.last_error()));
        }
        if (layer->SyncToDisk() != OGRERR_NONE || !server_answer(capture.last_error()).empty())
            throw OutputError("cannot write to " + target.display() + ": " + server_answer(capture.last_error()));
        if (exists)
            run_sql(*dataset, "DROP TABLE " + prefix + quote_identifier(target.table), capture,
                    "cannot replace " + target.display());
        run_sql(*dataset,
                "ALTER TABLE " + prefix + quote_identifier(temporary) + " RENAME TO " + quote_identifier(target.table),
                capture, "cannot move the result into " + target.display());
        if (dataset->CommitTransaction() != OGRERR_NONE || !server_answer(capture.last_error()).empty())
            throw OutputError("cannot write to " + target.display() + ": " + server_answer(capture.last_error()));
    } catch (...) {
        // Nothing was committed: rolling back (or the server, when the
        // connection is gone) discards the temporary table.
        dataset->RollbackTransaction();
        throw;
    }
    return capture.warnings();
}

} // namespace

bool is_postgis_output(const std::string& path) {
    return path.size() >= 3 && to_lower(path.substr(0, 3)) == "pg:";
}

std::string prepare_vector_output(const VectorOutput& output) {
    const std::string driver = resolve_driver(output.path, output.driver);
    output_srs(output);
    if (!is_postgis_output(output.path)) {
        check_writable(output.path, output.overwrite);
        // A Shapefile's sidecars are replaced with it, so they are checked now too.
        if (driver == "ESRI Shapefile") {
            const std::size_t dot = output.path.find_last_of('.');
            const std::string stem = output.path.substr(0, dot);
            for (const char* extension : {".shx", ".dbf", ".prj", ".cpg"})
                check_writable(stem + extension, output.overwrite);
        }
        return driver;
    }
    const PostgisTarget target = postgis_target(output);
    GdalErrorCapture capture;
    GDALDatasetUniquePtr dataset = open_postgis(target, capture);
    if (!output.overwrite && table_exists(*dataset, target, capture))
        throw OutputError(target.display() + " exists; use ", Setting::overwrite, " to replace it");
    return driver;
}

std::vector<std::string> write_polygons(GeosContext& ctx, const VectorOutput& output,
                                        const std::vector<OutputField>& fields,
                                        const std::vector<OutputFeature>& features) {
    if (is_postgis_output(output.path)) return write_postgis(ctx, output, fields, features);
    const std::string driver_name = resolve_driver(output.path, output.driver);
    GdalErrorCapture capture;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    check_writable(output.path, output.overwrite);
    struct stat st {};
    if (::stat(output.path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw OutputError("cannot write '" + output.path + "': datasets are written only to regular files");
    OGRSpatialReference srs = output_srs(output);

    MemoryDirectory memory;
    const std::string memory_path = memory.path() + "/" + base_of(output.path);
    {
        GDALDatasetUniquePtr dataset(driver->Create(memory_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!dataset) throw OutputError("cannot create '" + output.path + "': " + gdal_reason(capture));
        // CSV keeps the geometry as WKT rather than dropping it.
        const char* csv_options[] = {"GEOMETRY=AS_WKT", nullptr};
        OGRLayer* layer = dataset->CreateLayer(output.layer_name.c_str(), &srs, wkbMultiPolygon,
                                               driver_name == "CSV" ? const_cast<char**>(csv_options) : nullptr);
        if (layer == nullptr)
            throw OutputError("cannot create layer '" + output.layer_name + "' in '" + output.path +
                              "': " + gdal_reason(capture));
        const bool transactions = dataset->StartTransaction() == OGRERR_NONE;
        write_features(ctx, *layer, fields, features, "'" + output.path + "'", capture);
        if (transactions && dataset->CommitTransaction() != OGRERR_NONE)
            throw OutputError("cannot write to '" + output.path + "': " + gdal_reason(capture));
        dataset.reset(); // flushes
        if (!capture.last_error().empty())
            throw OutputError("cannot write to '" + output.path + "': " + gdal_reason(capture));
    }
    // Sidecars (.shx, .dbf, .prj) travel with the main file, which goes
    // last, so that whoever sees it new also sees its sidecars new.
    std::vector<std::string> names = memory.files();
    std::stable_partition(names.begin(), names.end(), [&](const std::string& n) { return n != base_of(output.path); });
    std::vector<FileContent> files;
    for (const auto& name : names)
        files.push_back({sibling_of(output.path, name), memory.content(name)});
    write_files_atomically(files, output.overwrite);
    return capture.warnings();
}

} // namespace fp
