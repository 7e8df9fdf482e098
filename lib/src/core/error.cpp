#include "footprint/core/error.hpp"

namespace fp {

ExitCode exit_code_for(const std::exception& error) noexcept {
    if (dynamic_cast<const UsageError*>(&error) != nullptr) return ExitCode::usage;
    return ExitCode::runtime;
}

} // namespace fp
