#include "footprint/report/provenance.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <ogr_srs_api.h>

namespace fp {

std::vector<std::pair<std::string, std::string>> software_versions() {
    int major = 0, minor = 0, patch = 0;
    OSRGetPROJVersion(&major, &minor, &patch);
    return {{"footprint", FOOTPRINT_VERSION},
            {"gdal", GDALVersionInfo("RELEASE_NAME")},
            {"geos", GEOSversion()},
            {"proj", std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch)}};
}

void write_provenance(JsonWriter& json, const Provenance& provenance) {
    json.key("provenance").begin_object();
    json.key("tool").value(provenance.tool);
    json.key("versions").begin_object();
    for (const auto& [name, version] : software_versions())
        json.key(name).value(version);
    json.end_object();
    // A repeated option is one key with a list of its values.
    json.key("settings").begin_object();
    const auto& settings = provenance.settings;
    for (std::size_t i = 0; i < settings.size();) {
        std::size_t end = i + 1;
        while (end < settings.size() && settings[end].first == settings[i].first)
            ++end;
        json.key(settings[i].first);
        if (end - i == 1) {
            json.value(settings[i].second);
        } else {
            std::vector<std::string> values;
            for (std::size_t k = i; k < end; ++k)
                values.push_back(settings[k].second);
            json.strings(values);
        }
        i = end;
    }
    json.end_object();
    json.end_object();
}

std::string provenance_text(const Provenance& provenance, const std::string& prefix) {
    std::string versions;
    for (const auto& [name, version] : software_versions())
        versions += (versions.empty() ? "" : ", ") + name + " " + version;
    std::string text = prefix + provenance.tool + " (" + versions + ")\n";
    for (const auto& [name, value] : provenance.settings)
        text += prefix + "  --" + name + " " + value + "\n";
    return text;
}

JsonWriter begin_json_report(std::string_view schema, const Provenance* provenance) {
    JsonWriter json;
    json.begin_object();
    json.key("schema").value(schema);
    if (provenance) write_provenance(json, *provenance);
    return json;
}

} // namespace fp
