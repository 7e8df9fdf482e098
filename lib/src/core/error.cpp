#include "footprint/core/error.hpp"

namespace fp {

std::string setting_words(Setting setting) {
    switch (setting) {
    case Setting::overwrite:
        return "the overwrite setting";
    case Setting::code_field:
        return "the code field setting";
    case Setting::name_field:
        return "the name field setting";
    case Setting::srs:
        return "the source CRS setting";
    case Setting::strict:
        return "the strict setting";
    }
    return "a setting";
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
