// How a user names a layer: SOURCE[|key=value]...
//
//   lsoa.gpkg|layer=lsoa11|where=LSOA11CD LIKE 'E01%'
//   PG:dbname=nhs host=/run/postgresql|layer=public.stp16|code=stp16cd
//   trusts.csv|srs=EPSG:4326
//   lookup.xlsx|layer=Sheet1|member=LSOA11CD|group=STP17CD
//   |layer=stp16            (no source: a layer of the shipped dataset)
//
// '|' cannot occur in a file name we care about, and it keeps PG strings
// (which contain spaces, ':' and '=') intact; in a PG: string a '|' inside a
// single-quoted value belongs to the value.
#pragma once

#include <string>
#include <string_view>

namespace fp {

struct LayerSpec {
    // File path, directory or GDAL connection string, exactly as GDAL must
    // open it: it may hold a password, so only the code that opens it reads
    // it. Messages and outputs show shown_source() or display().
    std::string source;
    std::string layer; // layer name; empty: the only layer of the source
    std::string where; // OGR SQL attribute filter
    std::string code_field;
    std::string name_field;
    std::string srs; // CRS to assume when the source declares none
    // Membership tables: member code, group (footprint) code, optional share.
    std::string member_field;
    std::string group_field;
    std::string share_field;
    std::string group_name_field;
    std::string weight_field; // member weight (population) tables
    // Flow tables: origin, destination, count and optional period columns.
    std::string origin_field;
    std::string destination_field;
    std::string count_field;
    std::string period_field;

    // The source for messages and outputs, password hidden (without_password).
    std::string shown_source() const;
    // The spec as the user would write it, for messages; password hidden.
    std::string display() const;
    // The spec in full, every key given, as outputs record it (provenance,
    // "source" fields); password hidden.
    std::string text() const;
};

// An empty source means the shipped dataset. Throws UsageError on an
// unknown key or an empty source without |layer=, InputError when the
// shipped dataset is needed and cannot be found.
LayerSpec parse_layer_spec(std::string_view text);

} // namespace fp
