// The strict configuration reader: both formats give the same settings, and
// every mistake in a file is a ConfigError naming the file and line.
#include "fixtures.hpp"
#include "footprint/check/config.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/text_file.hpp"

namespace {

const fp::ConfigSchema schema = {{"footprints", fp::ConfigKind::value},
                                 {"min-population", fp::ConfigKind::value},
                                 {"code-pattern", fp::ConfigKind::value},
                                 {"allow-split", fp::ConfigKind::list},
                                 {"warnings-as-errors", fp::ConfigKind::flag}};

fp::ConfigFile read(const fpt::TempDir& dir, const std::string& name, const std::string& text) {
    fpt::write_bytes(dir.file(name), text);
    return fp::read_config_file(dir.file(name), schema);
}

std::string error_of(const fpt::TempDir& dir, const std::string& name, const std::string& text) {
    try {
        read(dir, name, text);
    } catch (const fp::ConfigError& e) {
        CHECK(e.file() == dir.file(name));
        return std::string(e.what()).substr(dir.file(name).size());
    }
    FAIL_CHECK("no ConfigError for " << text);
    return {};
}

} // namespace

TEST_CASE("INI and TOML give the same settings, with their lines") {
    fpt::TempDir dir;
    const auto ini = read(dir, "c.ini",
                          "# comment\n; comment\n[default]\nfootprints = \"a.gpkg|layer=x\"\n"
                          "min-population = 300000 # inline\ncode-pattern = 'E#[0-9]'\n"
                          "allow-split = [\"A\", B]\nallow-split = C\nwarnings-as-errors = true\n");
    const auto toml = read(dir, "c.toml",
                           "# comment\n[default]\nfootprints = \"a.gpkg|layer=x\"\n\nmin-population = 300000\n"
                           "code-pattern = 'E#[0-9]'\nallow-split = [\"A\", \"B\"]\nwarnings-as-errors = true\n");
    REQUIRE(ini.settings.size() == 6);
    REQUIRE(toml.settings.size() == 5);
    CHECK(ini.settings[0].values == std::vector<std::string>{"a.gpkg|layer=x"});
    CHECK(ini.settings[0].line == 4);
    CHECK(ini.settings[1].values == std::vector<std::string>{"300000"});
    CHECK(ini.settings[2].values == std::vector<std::string>{"E#[0-9]"});
    CHECK(ini.settings[3].values == std::vector<std::string>{"A", "B"});
    CHECK(ini.settings[4].values == std::vector<std::string>{"C"});
    CHECK(ini.settings[5].values == std::vector<std::string>{"true"});
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(toml.settings[i].values == ini.settings[i].values);
    CHECK(toml.settings[1].line == 5);
    CHECK(toml.settings[4].values == std::vector<std::string>{"true"});
}

TEST_CASE("TOML numbers keep their written value") {
    fpt::TempDir dir;
    const auto file = read(dir, "c.toml", "min-population = 0.1\nallow-split = [12, 3.5e6]\n");
    CHECK(file.settings[0].values == std::vector<std::string>{"0.1"});
    REQUIRE(file.settings[1].values.size() == 2);
    CHECK(file.settings[1].values[0] == "12");
    CHECK(std::stod(file.settings[1].values[1]) == 3.5e6); // round-trips exactly
}

TEST_CASE("INI mistakes name the line") {
    fpt::TempDir dir;
    CHECK(error_of(dir, "c.ini", "footprints = x\nmin-population 5\n") ==
          ":2: expected KEY = VALUE, found 'min-population 5'");
    CHECK(error_of(dir, "c.ini", "\n\nmin_population = 5\n") ==
          ":3: unknown key 'min_population'; did you mean 'min-population'?");
    CHECK(error_of(dir, "c.ini", "Code-Patern = x\n") == ":1: unknown key 'Code-Patern'; did you mean 'code-pattern'?");
    CHECK(error_of(dir, "c.ini", "colour = red\n") == ":1: unknown key 'colour'");
    CHECK(error_of(dir, "c.ini", "[rules]\nfootprints = x\n") ==
          ":1: unknown section 'rules': keys go at the top level or under [default]");
    CHECK(error_of(dir, "c.ini", "allow-split = [\"A\", \"B\"\nfootprints = x\n") ==
          ":1: unterminated array: no closing ']' on this line");
    CHECK(error_of(dir, "c.ini", "allow-split = [\"A\" \"B\"]\n") == ":1: expected ',' or ']' in array");
    CHECK(error_of(dir, "c.ini", "allow-split = [A,,B]\n") == ":1: empty item in array");
    CHECK(error_of(dir, "c.ini", "footprints = \"a\" b\n") == ":1: unexpected text after the closing quote");
    CHECK(error_of(dir, "c.ini", "footprints =\n") == ":1: no value after '='; write \"\" for an empty text");
    CHECK(error_of(dir, "c.ini", "= x\n") == ":1: no key before '='");
    CHECK(error_of(dir, "c.ini", "footprints = a\nfootprints = b\n") ==
          ":2: 'footprints' is already set on line 1 and takes one value");
    CHECK(error_of(dir, "c.ini", "footprints = [a, b]\n") == ":1: 'footprints' takes one value, not a list");
    CHECK(error_of(dir, "c.ini", "warnings-as-errors = 1\n") ==
          ":1: 'warnings-as-errors' takes true or false, not '1'");
    // A NUL byte is refused as the file is read, as in every text input.
    FPT_CHECK_THROWS_CONTAINING(read(dir, "nul.ini", std::string("footprints = a\0b\n", 17)), fp::InputError,
                                "nul.ini' line 1: a NUL byte");
    CHECK(error_of(dir, "c.ini", "") == ":1: the file sets nothing: an empty configuration is taken for a mistake");
}

TEST_CASE("TOML mistakes name the line") {
    fpt::TempDir dir;
    CHECK(error_of(dir, "c.toml", "footprints = 'x'\nfootprints = 'y'\n").rfind(":2: ", 0) == 0);
    CHECK(error_of(dir, "c.toml", "allow-split = ['A',\nfootprints = 'x'\n").rfind(":2: ", 0) == 0);
    CHECK(error_of(dir, "c.toml", "min-population = true\n") ==
          ":1: 'min-population' takes a string or a number, not a boolean");
    CHECK(error_of(dir, "c.toml", "allow-split = [['A']]\n") ==
          ":1: 'allow-split' takes strings or numbers, not an array");
    CHECK(error_of(dir, "c.toml", "warnings-as-errors = 'true'\n") ==
          ":1: 'warnings-as-errors' takes true or false, not a string");
    CHECK(error_of(dir, "c.toml", "\n[check]\nfootprints = 'x'\n") ==
          ":2: unknown section 'check': keys go at the top level or under [default]");
    CHECK(error_of(dir, "c.toml", "default.footprint = 'x'\n") ==
          ":1: unknown key 'footprint'; did you mean 'footprints'?");
    CHECK(error_of(dir, "c.toml", "# nothing\n") ==
          ":1: the file sets nothing: an empty configuration is taken for a mistake");
}

TEST_CASE("unreadable and oversized files") {
    fpt::TempDir dir;
    // Read by read_text_file, as every small text input: a file that cannot
    // be read is a runtime error (exit 1), not a mistake in its content.
    FPT_CHECK_THROWS_CONTAINING(fp::read_config_file(dir.file("none.ini"), schema), fp::InputError,
                                "cannot open '" + dir.file("none.ini") + "': No such file or directory");
    FPT_CHECK_THROWS_CONTAINING(read(dir, "big.ini", std::string(fp::max_config_bytes + 1, '#')), fp::InputError,
                                "big.ini' is larger than 1000000 bytes");
}

TEST_CASE("nearest_key suggests only likely misspellings") {
    CHECK(fp::nearest_key("min_population", schema) == "min-population");
    CHECK(fp::nearest_key("allow-splits", schema) == "allow-split");
    CHECK(fp::nearest_key("footprint", schema) == "footprints");
    CHECK(fp::nearest_key("colour", schema).empty());
    CHECK(fp::nearest_key("x", schema).empty());
}
