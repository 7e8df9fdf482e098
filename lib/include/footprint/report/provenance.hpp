// What shaped a saved report: the tool, every option and layer as it was
// used (layer specs in full, passwords hidden), and the versions of
// footprint, GDAL, GEOS and PROJ. Every JSON output carries it as
// "provenance"; the HTML report and text headers show it too.
#pragma once

#include "footprint/report/json.hpp"

#include <string>
#include <utility>
#include <vector>

namespace fp {

struct Provenance {
    std::string tool;
    // Option name (long, without dashes) -> value as used, in the order the
    // tool declares them; layer specs rendered by LayerSpec::text().
    std::vector<std::pair<std::string, std::string>> settings;
};

// footprint, GDAL, GEOS and PROJ, with their versions, in that order.
std::vector<std::pair<std::string, std::string>> software_versions();

// Writes the key "provenance" and its object into an open JSON object:
// {"tool", "versions": {...}, "settings": {...}}.
void write_provenance(JsonWriter& json, const Provenance& provenance);

// The same as lines "PREFIXkey  value", for text headers.
std::string provenance_text(const Provenance& provenance, const std::string& prefix = "");

} // namespace fp
