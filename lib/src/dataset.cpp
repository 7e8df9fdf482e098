#include "footprint/dataset.hpp"

#include "footprint/error.hpp"

#include <cstdlib>
#include <sys/stat.h>
#include <vector>

namespace fp {

namespace {

bool is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

} // namespace

std::string shipped_dataset_path() {
    if (const char* env = std::getenv("FOOTPRINT_DATA"); env != nullptr && *env != '\0') {
        if (!is_file(env))
            throw InputError(std::string("FOOTPRINT_DATA names '") + env + "', which is not a file");
        return env;
    }
    const std::vector<std::string> places = {
        std::string(FOOTPRINT_SOURCE_DATA_DIR) + "/" + shipped_dataset_name,
        std::string(FOOTPRINT_INSTALL_DATA_DIR) + "/" + shipped_dataset_name,
    };
    for (const auto& place : places)
        if (is_file(place)) return place;
    throw InputError("the shipped dataset " + std::string(shipped_dataset_name) +
                     " is missing (looked in " + places[0] + " and " + places[1] +
                     "); name layers explicitly or set FOOTPRINT_DATA");
}

LayerSpec shipped_layer(const std::string& layer) {
    LayerSpec spec;
    spec.source = shipped_dataset_path();
    spec.layer = layer;
    return spec;
}

} // namespace fp
