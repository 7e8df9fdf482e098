#include "footprint/core/error.hpp"

#include <cstddef>
#include <iterator>

namespace fp {

std::string setting_words(Setting setting) {
    // In the order Setting declares them.
    static const char* const words[] = {"the overwrite setting", "the code field setting", "the name field setting",
                                        "the source CRS setting", "the strict setting"};
    static_assert(std::size(words) == static_cast<std::size_t>(Setting::strict) + 1, "a word for every setting");
    return words[static_cast<std::size_t>(setting)];
}

Error::Error(const std::string& before, Setting setting, const std::string& after)
    : std::runtime_error(before + setting_words(setting) + after), before_(before), after_(after), setting_(setting) {}

std::string Error::message(const SettingNames& names) const {
    if (!setting_) return what();
    return before_ + names(*setting_) + after_;
}

ExitCode exit_code_for(const std::exception& error) noexcept {
    if (dynamic_cast<const UsageError*>(&error) != nullptr) return ExitCode::usage;
    return ExitCode::runtime;
}

} // namespace fp
