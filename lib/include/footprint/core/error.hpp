// Typed errors thrown by libfootprint. Tools map them to exit codes:
// UsageError -> 2 (the call was wrong), any other Error -> 1 (runtime failure).
#pragma once

#include <stdexcept>
#include <string>

namespace fp {

enum class ExitCode : int { ok = 0, runtime = 1, usage = 2, check_failed = 3 };

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
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
