#include "footprint/io/dataset.hpp"

#include "footprint/core/error.hpp"
#include "footprint/io/gdal_util.hpp"

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace fp {

namespace {

bool is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// share/footprint beside the running program's bin/, so that an install
// moved to another prefix still finds its data.
std::string beside_executable() {
    char path[4096];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0) return {};
    std::string exe(path, static_cast<std::size_t>(length));
    const auto slash = exe.find_last_of('/');
    if (slash == std::string::npos) return {};
    return exe.substr(0, slash) + "/../share/footprint/" + shipped_dataset_name;
}

} // namespace

std::string shipped_dataset_path() {
    if (const char* env = std::getenv("FOOTPRINT_DATA"); env != nullptr && *env != '\0') {
        if (!is_file(env)) throw InputError(std::string("FOOTPRINT_DATA names '") + env + "', which is not a file");
        return env;
    }
    std::vector<std::string> places = {
        std::string(FOOTPRINT_SOURCE_DATA_DIR) + "/" + shipped_dataset_name,
        std::string(FOOTPRINT_INSTALL_DATA_DIR) + "/" + shipped_dataset_name,
    };
    if (const std::string relocated = beside_executable(); !relocated.empty()) places.push_back(relocated);
    std::string looked;
    for (const auto& place : places) {
        if (is_file(place)) return place;
        looked += (looked.empty() ? "" : ", ") + place;
    }
    throw InputError("the shipped dataset " + std::string(shipped_dataset_name) + " is missing (looked in " + looked +
                     "); name layers explicitly or set FOOTPRINT_DATA");
}

LayerSpec shipped_layer(const std::string& layer) {
    LayerSpec spec;
    spec.source = shipped_dataset_path();
    spec.layer = layer;
    return spec;
}

std::vector<LayerSpec> shipped_boundary_layers() {
    std::vector<LayerSpec> layers = {shipped_layer(shipped_footprint_layer)};
    for (const char* layer : shipped_comparison_layers)
        layers.push_back(shipped_layer(layer));
    return layers;
}

std::optional<LayerSpec> shipped_layer_holding(const std::set<std::string>& codes) {
    if (codes.empty()) return std::nullopt;
    std::string path;
    try {
        path = shipped_dataset_path();
    } catch (const InputError&) {
        return std::nullopt; // no shipped dataset: nothing to guess from
    }
    GDALDatasetUniquePtr dataset = open_vector(path);
    std::string best;
    std::size_t best_found = 0;
    for (int i = 0; i < dataset->GetLayerCount(); ++i) {
        OGRLayer* layer = dataset->GetLayer(i);
        const OGRwkbGeometryType type = wkbFlatten(layer->GetGeomType());
        if (type != wkbPolygon && type != wkbMultiPolygon) continue;
        // Only the codes are needed: skip reading the geometry.
        layer->SetIgnoredFields(std::vector<const char*>{"OGR_GEOMETRY", nullptr}.data());
        layer->ResetReading();
        std::set<std::string> found;
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (auto& feature : *layer)
            for (int f = 0; f < defn->GetFieldCount(); ++f)
                if (defn->GetFieldDefn(f)->GetType() == OFTString && feature->IsFieldSetAndNotNull(f)) {
                    const std::string value = feature->GetFieldAsString(f);
                    if (codes.count(value)) found.insert(value);
                }
        layer->SetIgnoredFields(nullptr);
        if (found.size() > best_found) {
            best_found = found.size();
            best = layer->GetName();
        }
    }
    if (best_found * 2 <= codes.size()) return std::nullopt;
    LayerSpec spec;
    spec.source = path;
    spec.layer = best;
    return spec;
}

} // namespace fp
