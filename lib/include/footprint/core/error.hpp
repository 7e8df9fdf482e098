// Typed errors thrown by libfootprint. Tools map them to exit codes:
// UsageError -> 2 (the call was wrong), any other Error -> 1 (runtime failure).
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace fp {

enum class ExitCode : int { ok = 0, runtime = 1, usage = 2, check_failed = 3 };

// A choice of the library's caller that settles a problem. The library
// names it in words (setting_words); a tool names it by its own option,
// so that the library never names a command-line flag.
enum class Setting { overwrite, code_field, name_field, srs, strict };

// How a caller names settings in the messages it shows.
using SettingNames = std::function<std::string(Setting)>;

// The library's own words for a setting, e.g. "the overwrite setting".
std::string setting_words(Setting setting);

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
    // A message that names the setting that settles it: `before`, the
    // setting, then `after`. what() names the setting in words.
    Error(const std::string& before, Setting setting, const std::string& after);

    // The setting the message names, if any.
    std::optional<Setting> setting() const { return setting_; }
    // The message with its setting, if any, named by `names`.
    std::string message(const SettingNames& names) const;

  private:
    std::string before_, after_;
    std::optional<Setting> setting_;
};

// The arguments name something that does not exist or cannot be combined:
// an unknown layer or field, an ambiguous field, an out-of-range tolerance.
class UsageError : public Error {
  public:
    using Error::Error;
};

// The input could not be read or does not have the shape a tool needs:
// missing or corrupt file, no CRS, non-polygon geometry, empty codes.
class InputError : public Error {
  public:
    using Error::Error;
};

// GEOS or GDAL failed on data that was readable.
class GeometryError : public Error {
  public:
    using Error::Error;
};

// Writing a result failed or would overwrite an existing file.
class OutputError : public Error {
  public:
    using Error::Error;
};

ExitCode exit_code_for(const std::exception& error) noexcept;

} // namespace fp
