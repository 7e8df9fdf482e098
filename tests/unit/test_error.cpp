#include "fixtures.hpp"
#include "footprint/core/error.hpp"

TEST_SUITE("error") {

    TEST_CASE("exit codes: usage errors 2, runtime errors 1") {
        CHECK(fp::exit_code_for(fp::UsageError("u")) == fp::ExitCode::usage);
        CHECK(static_cast<int>(fp::exit_code_for(fp::UsageError("u"))) == 2);
        CHECK(static_cast<int>(fp::exit_code_for(fp::InputError("i"))) == 1);
        CHECK(static_cast<int>(fp::exit_code_for(fp::GeometryError("g"))) == 1);
        CHECK(static_cast<int>(fp::exit_code_for(fp::OutputError("o"))) == 1);
        CHECK(static_cast<int>(fp::exit_code_for(fp::Error("e"))) == 1);
        CHECK(static_cast<int>(fp::exit_code_for(std::runtime_error("r"))) == 1);
    }

    TEST_CASE("a usage error caught as the base class still maps to 2") {
        try {
            throw fp::UsageError("bad option");
        } catch (const std::exception& e) {
            CHECK(fp::exit_code_for(e) == fp::ExitCode::usage);
            CHECK(std::string(e.what()) == "bad option");
        }
    }

    TEST_CASE("every typed error is an fp::Error") {
        CHECK_THROWS_AS(throw fp::UsageError("x"), fp::Error);
        CHECK_THROWS_AS(throw fp::InputError("x"), fp::Error);
        CHECK_THROWS_AS(throw fp::GeometryError("x"), fp::Error);
        CHECK_THROWS_AS(throw fp::OutputError("x"), fp::Error);
    }

} // TEST_SUITE
