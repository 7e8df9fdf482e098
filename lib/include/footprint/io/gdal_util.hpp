// GDAL plumbing shared by the loaders: opening sources read-only, choosing a
// layer, and turning GDAL's error stack into typed exceptions.
#pragma once

#include "footprint/io/layer_spec.hpp"

#include <gdal_priv.h>
#include <memory>
#include <ogrsf_frmts.h>
#include <string>
#include <vector>

namespace fp {

// Captures GDAL errors and warnings raised on this thread while alive, so
// that library code never lets GDAL print.
class GdalErrorCapture {
  public:
    GdalErrorCapture();
    ~GdalErrorCapture();
    GdalErrorCapture(const GdalErrorCapture&) = delete;
    GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

    const std::vector<std::string>& warnings() const { return warnings_; }
    // The most recent error message, or an empty string.
    const std::string& last_error() const { return last_error_; }
    // How many errors were raised so far: tells which read raised one.
    std::size_t error_count() const { return error_count_; }

  private:
    static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number, const char* message);
    std::vector<std::string> warnings_;
    std::string last_error_;
    std::size_t error_count_ = 0;
};

// Call with each feature a layer returned. When GDAL reported an error
// while reading it (capture.error_count() grew past `errors_before`), as
// for a corrupt geometry ("Unable to read geometry"), throws InputError
// naming the feature's FID and, where it can be read, its code in field
// `code_index` (-1: none).
void check_feature_read(const GdalErrorCapture& capture, std::size_t errors_before, const OGRFeature& feature,
                        int code_index, const std::string& context);

// GDAL takes the first row of an XLSX or ODS sheet for column names only
// when a later row holds a number, so an all-text table (LSOA11CD, STP17CD)
// would be read with its header as data. Tables always have a header row:
// this forces it on this thread while alive, unless the user set the option.
class SpreadsheetHeaders {
  public:
    SpreadsheetHeaders();
    ~SpreadsheetHeaders();
    SpreadsheetHeaders(const SpreadsheetHeaders&) = delete;
    SpreadsheetHeaders& operator=(const SpreadsheetHeaders&) = delete;

  private:
    const char* keys_[2] = {"OGR_XLSX_HEADERS", "OGR_ODS_HEADERS"};
    bool forced_[2] = {false, false};
};

// Opens a vector source read-only. CSV files get open options so that WKT
// and longitude/latitude columns become geometry. Throws InputError.
GDALDatasetUniquePtr open_vector(const std::string& source);

// Opens a CSV file as open_vector does, but keeping the columns that hold
// geometry as fields too, to read their text. Null when GDAL cannot.
GDALDatasetUniquePtr open_csv_keeping_geometry_columns(const std::string& source);

// The layer the spec names (or the only layer), with the spec's attribute
// filter applied. Throws UsageError for an unknown or missing layer name.
OGRLayer& select_layer(GDALDataset& dataset, const LayerSpec& spec);

// Names of the fields of a layer definition, in order.
std::vector<std::string> field_names(OGRFeatureDefn& defn);

} // namespace fp
