// Strict reader of configuration files (INI or TOML): every syntax error,
// unknown key or ill-typed value is refused with the file and line, so that
// a mistake cannot silently drop a setting (and a check with it).
#pragma once

#include "footprint/core/error.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace fp {

// What a key takes: true or false, one value, or values that accumulate
// over repeated keys and arrays.
enum class ConfigKind { flag, value, list };

// The keys a file may set, with what each takes.
using ConfigSchema = std::map<std::string, ConfigKind>;

// One occurrence of a key: its values as text (a flag's is "true" or
// "false") and the line it is on.
struct ConfigSetting {
    std::string key;
    std::vector<std::string> values;
    std::size_t line = 0;
};

struct ConfigFile {
    std::string path;
    std::vector<ConfigSetting> settings; // in file order
};

// A configuration file that cannot be read or is wrong; what() is
// "FILE:LINE: message" (or "FILE: message" with no line).
class ConfigError : public UsageError {
  public:
    ConfigError(std::string file, std::size_t line, const std::string& message);
    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; } // 0 when none
  private:
    std::string file_;
    std::size_t line_;
};

// Reads `path` as TOML when its name ends in .toml, otherwise as INI (the
// INI dialect is described in fp-check(1)). Both accept keys at the top level
// or under [default] only. A key not in `schema`, a value of the wrong kind, a
// key that is not a list given twice, a file larger than fp::max_config_bytes and a file
// that sets nothing all throw ConfigError.
ConfigFile read_config_file(const std::string& path, const ConfigSchema& schema);

// The key of `schema` nearest to `key` by edit distance, or "" when none is
// close enough to be a likely misspelling.
std::string nearest_key(const std::string& key, const ConfigSchema& schema);

} // namespace fp
