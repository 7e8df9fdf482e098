#include "fixtures.hpp"
#include "footprint/error.hpp"
#include "footprint/output.hpp"

#include <filesystem>

namespace {

std::vector<std::string> temporaries(const fpt::TempDir& dir) {
    std::vector<std::string> found;
    for (const auto& name : dir.entries())
        if (fpt::contains(name, ".tmp.")) found.push_back(name);
    return found;
}

} // namespace

TEST_SUITE("output") {

    TEST_CASE("write_file_atomically writes the content") {
        fpt::TempDir dir;
        const std::string path = dir.file("report.json");
        fp::write_file_atomically(path, "{}\n", false);
        CHECK(fpt::read_bytes(path) == "{}\n");
        CHECK(dir.entries() == std::vector<std::string>{"report.json"});
        const auto perms = std::filesystem::status(path).permissions();
        CHECK((perms & std::filesystem::perms::owner_read) != std::filesystem::perms::none);
        CHECK((perms & std::filesystem::perms::others_read) != std::filesystem::perms::none);
    }

    TEST_CASE("write_file_atomically writes empty and binary content") {
        fpt::TempDir dir;
        fp::write_file_atomically(dir.file("empty"), "", false);
        CHECK(fpt::read_bytes(dir.file("empty")).empty());
        const std::string binary("a\0b\xFF\n", 5);
        fp::write_file_atomically(dir.file("binary"), binary, false);
        CHECK(fpt::read_bytes(dir.file("binary")) == binary);
        CHECK(temporaries(dir).empty());
    }

    TEST_CASE("an existing file is refused without overwrite and left intact") {
        fpt::TempDir dir;
        const std::string path = dir.file("out.txt");
        fpt::write_bytes(path, "old content\n");
        FPT_CHECK_THROWS_CONTAINING(fp::write_file_atomically(path, "new\n", false), fp::OutputError, path,
                                    "--overwrite");
        CHECK(fpt::read_bytes(path) == "old content\n");
        CHECK(temporaries(dir).empty());
        CHECK_THROWS_AS(fp::check_writable(path, false), fp::OutputError);
        CHECK_NOTHROW(fp::check_writable(path, true));
        CHECK_NOTHROW(fp::check_writable(dir.file("absent"), false));
    }

    TEST_CASE("overwrite replaces an existing file") {
        fpt::TempDir dir;
        const std::string path = dir.file("out.txt");
        fpt::write_bytes(path, "old content that is longer than the new one\n");
        fp::write_file_atomically(path, "new\n", true);
        CHECK(fpt::read_bytes(path) == "new\n");
        CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
    }

    TEST_CASE("a directory is never overwritten") {
        fpt::TempDir dir;
        std::filesystem::create_directory(dir.file("sub"));
        FPT_CHECK_THROWS_CONTAINING(fp::write_file_atomically(dir.file("sub"), "x", true), fp::OutputError,
                                    "directory");
        CHECK(std::filesystem::is_directory(dir.file("sub")));
        CHECK(temporaries(dir).empty());
    }

    TEST_CASE("writing into a missing directory is an output error") {
        fpt::TempDir dir;
        const std::string path = dir.file("no/such/dir/out.txt");
        FPT_CHECK_THROWS_CONTAINING(fp::write_file_atomically(path, "x", false), fp::OutputError, path);
        CHECK_THROWS_AS(fp::write_file_atomically(path, "x", true), fp::OutputError);
        CHECK(dir.entries().empty());
    }

    TEST_CASE("many writes leave no temporary files behind") {
        fpt::TempDir dir;
        for (int i = 0; i < 20; ++i)
            fp::write_file_atomically(dir.file("out.txt"), std::to_string(i), true);
        CHECK(fpt::read_bytes(dir.file("out.txt")) == "19");
        CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
    }

    TEST_CASE("check_writable finds a missing or non-directory parent before any work") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(fp::check_writable(dir.file("missing/out.txt"), false), fp::OutputError,
                                    "No such file or directory");
        fp::write_file_atomically(dir.file("plain"), "x", false);
        FPT_CHECK_THROWS_CONTAINING(fp::check_writable(dir.file("plain/out.txt"), false), fp::OutputError,
                                    "is not a directory");
        CHECK_NOTHROW(fp::check_writable(dir.file("new.txt"), false));
    }

    TEST_CASE("remove_temporaries removes what is remembered, and only that") {
        fpt::TempDir dir;
        fp::write_file_atomically(dir.file("out.txt.tmp.abcdef"), "partial", false);
        std::filesystem::create_directory(dir.file("out.gpkg.tmp.ghijkl"));
        fp::write_file_atomically(dir.file("out.gpkg.tmp.ghijkl/out.gpkg"), "partial", false);
        fp::write_file_atomically(dir.file("kept.tmp.mnopqr"), "forgotten", false);
        fp::remember_temporary(dir.file("out.txt.tmp.abcdef"));
        fp::remember_temporary(dir.file("out.gpkg.tmp.ghijkl"));
        fp::remember_temporary(dir.file("kept.tmp.mnopqr"));
        fp::forget_temporary(dir.file("kept.tmp.mnopqr"));
        fp::remove_temporaries();
        CHECK(dir.entries() == std::vector<std::string>{"kept.tmp.mnopqr"});
        fp::remove_temporaries(); // nothing left to do
        CHECK(dir.entries() == std::vector<std::string>{"kept.tmp.mnopqr"});
    }

} // TEST_SUITE
