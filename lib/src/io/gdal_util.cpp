#include "footprint/io/gdal_util.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/text_file.hpp"

#include <algorithm>
#include <cctype>
#include <cpl_vsi.h>
#include <cstring>
#include <mutex>

namespace fp {

namespace {

void register_drivers_once() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

thread_local GdalErrorCapture* active_capture = nullptr;

bool looks_like_connection_string(const std::string& source) {
    // "PG:...", "MSSQL:..." and friends; a Windows drive letter is never
    // seen here, so a prefix of two or more letters before ':' is a driver.
    const std::size_t colon = source.find(':');
    if (colon == std::string::npos || colon < 2) return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (!std::isalpha(static_cast<unsigned char>(source[i]))) return false;
    return true;
}

// A GeoPackage layer created without a CRS has srs_id 0 or -1, which GDAL
// reports as placeholder CRSs named "Undefined geographic SRS" and
// "Undefined cartesian SRS". They define nothing that can be transformed,
// so the layer is treated as having no CRS and |srs= can state it.
void drop_undefined_gpkg_crs(GDALDataset& dataset, OGRLayer& layer) {
    GDALDriver* driver = dataset.GetDriver();
    if (driver == nullptr || !EQUAL(driver->GetDescription(), "GPKG")) return;
    OGRFeatureDefn& defn = *layer.GetLayerDefn();
    for (int i = 0; i < defn.GetGeomFieldCount(); ++i) {
        OGRGeomFieldDefn& field = *defn.GetGeomFieldDefn(i);
        const OGRSpatialReference* srs = field.GetSpatialRef();
        if (srs == nullptr || srs->GetAuthorityName(nullptr) != nullptr) continue;
        const char* name = srs->GetName();
        if (name != nullptr && (EQUAL(name, "Undefined geographic SRS") || EQUAL(name, "Undefined cartesian SRS")))
            field.SetSpatialRef(nullptr);
    }
}

// GDAL's CSV reader reads on to the next line while a record holds an odd
// number of quotes, and takes any quote, even one in the middle of a field,
// as opening or closing a quoted part: a stray or missing quote silently
// swallows the rest of a record, or of the file, into one field. So every
// quote must open a field, be doubled inside it, or close it before a
// delimiter or the line end (RFC 4180, with spaces allowed around quoted
// fields). The delimiter is found as GDAL finds it, from the first line.
// The same pass refuses what CsvReader refuses: UTF-16 and UTF-32, NUL
// bytes, and fields and records beyond max_field_bytes and max_record_bytes.
void check_csv_quotes(const std::string& path) {
    VSILFILE* file = VSIFOpenL(path.c_str(), "rb");
    if (file == nullptr) return; // GDAL says why it cannot open it
    std::vector<char> buffer(1 << 20);
    {
        const std::size_t got = VSIFReadL(buffer.data(), 1, 4, file);
        try {
            check_not_utf16_or_utf32(path, std::string_view(buffer.data(), got));
        } catch (...) {
            (void)VSIFCloseL(file);
            throw;
        }
        (void)VSIFSeekL(file, 0, SEEK_SET);
    }

    // As GDAL's CSVDetectSeperator: the first of , ; and tab outside quotes
    // on the first line, ',' if they differ, else ' ' if it has spaces.
    char delimiter = 0;
    bool in_string = false, first = true, ended = false;
    std::size_t spaces = 0;
    while (!ended) {
        const std::size_t got = VSIFReadL(buffer.data(), 1, buffer.size(), file);
        if (got == 0) break;
        for (std::size_t i = first && got >= 3 && std::memcmp(buffer.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
             i < got && !ended; ++i) {
            const char c = buffer[i];
            if (c == '\n' || c == '\r')
                ended = true;
            else if (c == '"')
                in_string = !in_string; // a doubled quote toggles twice
            else if (!in_string && (c == ',' || c == ';' || c == '\t')) {
                if (delimiter == 0)
                    delimiter = c;
                else if (delimiter != c)
                    delimiter = ',', ended = true;
            } else if (!in_string && c == ' ')
                ++spaces;
        }
        first = false;
    }
    if (delimiter == 0) delimiter = spaces > 0 ? ' ' : ',';

    enum class State { start, unquoted, quoted, closing, after } state = State::start;
    std::size_t line = 1, quote_line = 1, record_line = 1;
    std::size_t field_bytes = 0, record_bytes = 0;
    std::string error;
    const std::string in_middle =
        "a quote in the middle of a field; quote the whole field and double the quotes inside it";
    const auto is_end = [&](char c) { return c == delimiter || c == '\n' || c == '\r'; };
    first = true;
    (void)VSIFSeekL(file, 0, SEEK_SET);
    while (error.empty()) {
        const std::size_t got = VSIFReadL(buffer.data(), 1, buffer.size(), file);
        if (got == 0) break;
        for (std::size_t i = first && got >= 3 && std::memcmp(buffer.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
             i < got && error.empty(); ++i) {
            const char c = buffer[i];
            if (c == '\0') {
                error = nul_byte_at(line);
                break;
            }
            if (++field_bytes > max_field_bytes || ++record_bytes > max_record_bytes) {
                error = too_long_at(record_line, field_bytes <= max_field_bytes);
                break;
            }
            switch (state) {
            case State::start:
                if (c == '"')
                    state = State::quoted, quote_line = line;
                else if (!is_end(c) && c != ' ' && c != '\t')
                    state = State::unquoted;
                break;
            case State::unquoted:
                if (c == '"')
                    error = "line " + std::to_string(line) + ": " + in_middle;
                else if (is_end(c))
                    state = State::start;
                break;
            case State::quoted:
                if (c == '"') state = State::closing;
                break;
            case State::closing:
            case State::after:
                if (c == '"' && state == State::closing)
                    state = State::quoted;
                else if (is_end(c))
                    state = State::start;
                else if (c == ' ' || c == '\t')
                    state = State::after;
                else if (quote_line == line)
                    error = "line " + std::to_string(line) + ": " + in_middle;
                else
                    error = "line " + std::to_string(quote_line) + ": a quote opened here closes on line " +
                            std::to_string(line) + " in the middle of a field; is a quote missing?";
                break;
            }
            if (c == '\n') ++line;
            if (state == State::start) {
                field_bytes = 0;
                if (c == '\n' || c == '\r') record_bytes = 0, record_line = line;
            }
        }
        first = false;
    }
    (void)VSIFCloseL(file);
    if (error.empty() && state == State::quoted)
        error = "line " + std::to_string(quote_line) + ": a quote opened here is never closed";
    if (!error.empty()) throw InputError("'" + path + "' " + error);
}

} // namespace

GdalErrorCapture::GdalErrorCapture() {
    register_drivers_once();
    CPLPushErrorHandlerEx(&GdalErrorCapture::handle, this);
    active_capture = this;
}

GdalErrorCapture::~GdalErrorCapture() {
    CPLPopErrorHandler();
    active_capture = nullptr;
}

void CPL_STDCALL GdalErrorCapture::handle(CPLErr level, CPLErrorNum, const char* message) {
    auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
    if (self == nullptr) return;
    // Some drivers (PostgreSQL) report several lines; diagnostics are one line.
    std::string text = message == nullptr ? "" : message;
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    const auto last = text.find_last_not_of(' ');
    text.erase(last == std::string::npos ? 0 : last + 1);
    std::string collapsed;
    for (char c : text)
        if (c != ' ' || collapsed.empty() || collapsed.back() != ' ') collapsed += c;
    if (level == CE_Warning)
        self->warnings_.push_back(std::move(collapsed));
    else if (level >= CE_Failure) {
        self->last_error_ = std::move(collapsed);
        ++self->error_count_;
    }
}

SpreadsheetHeaders::SpreadsheetHeaders() {
    for (std::size_t i = 0; i < 2; ++i) {
        forced_[i] = CPLGetConfigOption(keys_[i], nullptr) == nullptr;
        if (forced_[i]) CPLSetThreadLocalConfigOption(keys_[i], "FORCE");
    }
}

SpreadsheetHeaders::~SpreadsheetHeaders() {
    for (std::size_t i = 0; i < 2; ++i)
        if (forced_[i]) CPLSetThreadLocalConfigOption(keys_[i], nullptr);
}

namespace {

// Every column stays a string: codes such as "01234" keep their zeros.
const char* const* csv_open_options(bool keep_geometry_columns) {
    static const char* const options[2][5] = {
        {"GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom", "X_POSSIBLE_NAMES=longitude,lon,lng,long,x",
         "Y_POSSIBLE_NAMES=latitude,lat,y", "KEEP_GEOM_COLUMNS=NO", nullptr},
        {"GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom", "X_POSSIBLE_NAMES=longitude,lon,lng,long,x",
         "Y_POSSIBLE_NAMES=latitude,lat,y", "KEEP_GEOM_COLUMNS=YES", nullptr}};
    return options[keep_geometry_columns ? 1 : 0];
}

// GDAL 3.6's CSV driver reads out of bounds, and may crash, when more than
// one column could be the longitude or the latitude ("x" and "lon", or two
// columns named "x"). With several candidates, only the first, the one GDAL
// would take, is named in the open options; several columns of that very
// name are refused.
std::vector<std::string> csv_options_for(const std::string& source, bool keep_geometry_columns) {
    std::vector<std::string> options;
    for (const char* const* o = csv_open_options(keep_geometry_columns); *o != nullptr; ++o)
        options.emplace_back(*o);
    const char* const allowed[] = {"CSV", nullptr};
    const GDALDatasetUniquePtr plain(
        GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed, nullptr, nullptr));
    if (!plain || plain->GetLayerCount() != 1) return options; // the real open says why
    const std::vector<std::string> columns = field_names(*plain->GetLayer(0)->GetLayerDefn());
    for (auto& option : options) {
        const std::size_t eq = option.find('=');
        const std::string key = option.substr(0, eq);
        if (key != "X_POSSIBLE_NAMES" && key != "Y_POSSIBLE_NAMES") continue;
        const CPLStringList candidates(CSLTokenizeString2(option.c_str() + eq + 1, ",", 0));
        std::vector<std::string> matching;
        for (const auto& column : columns)
            if (candidates.FindString(column.c_str()) >= 0) matching.push_back(column);
        if (matching.size() < 2) continue;
        const std::size_t same =
            static_cast<std::size_t>(std::count_if(matching.begin(), matching.end(), [&](const std::string& c) {
                return EQUAL(c.c_str(), matching[0].c_str());
            }));
        if (same > 1)
            throw InputError("'" + source + "' has " + std::to_string(same) + " columns named '" + matching[0] +
                             "'; keep one, or rename the others");
        option = key + "=" + matching[0];
    }
    return options;
}

// The options as GDAL takes them: pointers into `options`, then null.
std::vector<const char*> option_list(const std::vector<std::string>& options) {
    std::vector<const char*> list;
    for (const auto& o : options)
        list.push_back(o.c_str());
    list.push_back(nullptr);
    return list;
}

} // namespace

GDALDatasetUniquePtr open_csv_keeping_geometry_columns(const std::string& source) {
    GdalErrorCapture capture;
    const char* const allowed[] = {"CSV", nullptr};
    const std::vector<std::string> options = csv_options_for(source, true);
    return GDALDatasetUniquePtr(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed,
                                                  option_list(options).data(), nullptr));
}

GDALDatasetUniquePtr open_vector(const std::string& source) {
    GdalErrorCapture capture;
    const std::string shown = without_password(source);
    if (!looks_like_connection_string(source)) {
        VSIStatBufL stat;
        if (VSIStatL(source.c_str(), &stat) != 0)
            throw InputError("cannot open '" + shown + "': no such file or directory");
        require_regular_file(source, true);
        if (!VSI_ISDIR(stat.st_mode) && stat.st_size == 0)
            throw InputError("cannot open '" + shown + "': the file is empty");
    }
    const char* allowed_csv[] = {"CSV", nullptr};
    const bool csv = GDALIdentifyDriverEx(source.c_str(), GDAL_OF_VECTOR, allowed_csv, nullptr) != nullptr;
    std::vector<std::string> csv_options;
    if (csv) {
        VSIStatBufL stat;
        if (VSIStatL(source.c_str(), &stat) == 0 && VSI_ISREG(stat.st_mode)) check_csv_quotes(source);
        csv_options = csv_options_for(source, false);
    }
    auto* dataset = GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                      csv ? option_list(csv_options).data() : nullptr, nullptr);
    if (dataset == nullptr) {
        // GDAL's reason can quote the connection string.
        std::string reason = without_password(capture.last_error());
        if (reason.empty()) reason = "not a vector format GDAL can read";
        VSIStatBufL stat;
        if (VSIStatL(source.c_str(), &stat) == 0 && VSI_ISDIR(stat.st_mode))
            reason = "a directory, and not one GDAL can read as a vector source";
        throw InputError("cannot open '" + shown + "': " + reason);
    }
    return GDALDatasetUniquePtr(dataset);
}

OGRLayer& select_layer(GDALDataset& dataset, const LayerSpec& spec) {
    GdalErrorCapture capture;
    std::vector<std::string> names;
    for (int i = 0; i < dataset.GetLayerCount(); ++i)
        names.emplace_back(dataset.GetLayer(i)->GetName());
    OGRLayer* layer = nullptr;
    if (spec.layer.empty()) {
        if (names.empty()) throw InputError("'" + spec.shown_source() + "' has no layers");
        if (names.size() > 1)
            throw UsageError("'" + spec.shown_source() + "' has " + std::to_string(names.size()) +
                             " layers; name one with '|layer=NAME': " + list_for_message(names));
        layer = dataset.GetLayer(0);
    } else {
        layer = dataset.GetLayerByName(spec.layer.c_str());
        if (layer == nullptr)
            throw UsageError("'" + spec.shown_source() + "' has no layer '" + spec.layer +
                             "'; its layers are: " + (names.empty() ? "(none)" : list_for_message(names)));
    }
    drop_undefined_gpkg_crs(dataset, *layer);
    if (!spec.where.empty()) {
        // Some drivers (GeoPackage) only compile the filter on the first read.
        bool valid = layer->SetAttributeFilter(spec.where.c_str()) == OGRERR_NONE;
        if (valid) {
            layer->ResetReading();
            OGRFeatureUniquePtr first(layer->GetNextFeature());
            valid = capture.last_error().empty();
            layer->ResetReading();
        }
        if (!valid)
            throw UsageError("invalid attribute filter '" + spec.where + "' for '" + spec.shown_source() +
                             "': " + without_password(capture.last_error()));
    }
    return *layer;
}

void check_feature_read(const GdalErrorCapture& capture, std::size_t errors_before, const OGRFeature& feature,
                        int code_index, const std::string& context) {
    if (capture.error_count() == errors_before) return;
    const std::string code = code_index >= 0 && feature.IsFieldSetAndNotNull(code_index)
                                 ? std::string(trim(feature.GetFieldAsString(code_index)))
                                 : std::string();
    throw InputError(context + ": feature " + std::to_string(feature.GetFID()) +
                     (code.empty() ? "" : " (code " + code + ")") + ": " + capture.last_error());
}

std::vector<std::string> field_names(OGRFeatureDefn& defn) {
    std::vector<std::string> names;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    return names;
}

} // namespace fp
