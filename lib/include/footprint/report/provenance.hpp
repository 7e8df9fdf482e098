// Writing provenance (core/provenance.hpp) into reports, with the versions
// of footprint, GDAL, GEOS and PROJ. Every JSON output carries it as
// "provenance"; the HTML report and text headers show it too.
#pragma once

#include "footprint/core/provenance.hpp"
#include "footprint/report/json.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fp {

// footprint, GDAL, GEOS and PROJ, with their versions, in that order.
std::vector<std::pair<std::string, std::string>> software_versions();

// Writes the key "provenance" and its object into an open JSON object:
// {"tool", "versions": {...}, "settings": {...}}.
void write_provenance(JsonWriter& json, const Provenance& provenance);

// A JSON report document, opened: {"schema": SCHEMA, "provenance": ...
// (when given), ready for the report's own members.
JsonWriter begin_json_report(std::string_view schema, const Provenance* provenance);

// The same as lines "PREFIXkey  value", for text headers.
std::string provenance_text(const Provenance& provenance, const std::string& prefix = "");

} // namespace fp
