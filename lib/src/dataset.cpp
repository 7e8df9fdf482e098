#include "footprint/dataset.hpp"

#include "footprint/error.hpp"

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

} // namespace fp
