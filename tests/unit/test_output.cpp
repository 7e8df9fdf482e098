#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/output.hpp"

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
                                    fp::setting_words(fp::Setting::overwrite));
        try {
            fp::write_file_atomically(path, "new\n", false);
        } catch (const fp::OutputError& e) {
            // The setting that settles it, for a tool to name by its flag.
            CHECK(e.setting() == fp::Setting::overwrite);
            CHECK(e.message([](fp::Setting) { return std::string("--overwrite"); }) ==
                  "'" + path + "' exists; use --overwrite to replace it");
        }
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
        fp::write_file_atomically(dir.file("out.gpkg.tmp.ghijkl"), "partial", false);
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

    TEST_CASE("write_files_atomically writes all the files or none") {
        fpt::TempDir dir;
        fp::write_file_atomically(dir.file("b.txt"), "old", false);
        CHECK_THROWS_AS(fp::write_files_atomically({{dir.file("a.txt"), "new a"}, {dir.file("b.txt"), "new b"}}, false),
                        fp::OutputError);
        CHECK(dir.entries() == std::vector<std::string>{"b.txt"});
        CHECK(fpt::read_bytes(dir.file("b.txt")) == "old");
        fp::write_files_atomically({{dir.file("a.txt"), "new a"}, {dir.file("b.txt"), "new b"}}, true);
        CHECK(fpt::read_bytes(dir.file("a.txt")) == "new a");
        CHECK(fpt::read_bytes(dir.file("b.txt")) == "new b");
        CHECK(temporaries(dir).empty());
    }

    TEST_CASE("an output never goes through a symlink planted at its name") {
        fpt::TempDir dir;
        fp::write_file_atomically(dir.file("victim.txt"), "precious", false);
        std::filesystem::create_symlink(dir.file("victim.txt"), dir.file("out.txt"));
        CHECK_THROWS_AS(fp::write_file_atomically(dir.file("out.txt"), "result", false), fp::OutputError);
        std::filesystem::remove(dir.file("victim.txt"));
        // a dangling symlink is an existing name too
        CHECK_THROWS_AS(fp::check_writable(dir.file("out.txt"), false), fp::OutputError);
        fp::write_file_atomically(dir.file("out.txt"), "result", true);
        CHECK(std::filesystem::is_regular_file(std::filesystem::symlink_status(dir.file("out.txt"))));
        CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
    }

    TEST_CASE("a device is written directly, never replaced") {
        CHECK(fp::is_stream("/dev/null"));
        fp::write_file_atomically("/dev/null", "discarded", true);
        CHECK(std::filesystem::is_character_file("/dev/null"));
    }

    TEST_CASE("temporary names fit in a directory entry") {
        const std::string long_name(250, 'x');
        const std::string pattern = fp::temporary_pattern("/some/dir/" + long_name + ".csv");
        const std::string name = pattern.substr(pattern.rfind('/') + 1);
        CHECK(name.size() <= 255);
        CHECK(fpt::contains(name, ".tmp.XXXXXX"));
        CHECK(pattern.rfind("/some/dir/", 0) == 0);
        fpt::TempDir dir;
        const std::string path = dir.file(std::string(254, 'y'));
        fp::write_file_atomically(path, "long", false);
        CHECK(fpt::read_bytes(path) == "long");
    }

    TEST_CASE("an output that is an input or another output is refused") {
        fpt::TempDir dir;
        fp::write_file_atomically(dir.file("in.csv"), "a,b\n", false);
        std::filesystem::create_symlink(dir.file("in.csv"), dir.file("link.csv"));
        std::filesystem::create_hard_link(dir.file("in.csv"), dir.file("hard.csv"));
        const std::vector<fp::NamedFile> inputs{{dir.file("in.csv"), "the flow table"}};
        for (const std::string name : {"in.csv", "link.csv", "hard.csv"})
            CHECK_THROWS_AS(fp::refuse_clashing_files({{dir.file(name), "-o"}}, inputs), fp::UsageError);
        CHECK_THROWS_AS(fp::refuse_clashing_files({{dir.file("new.csv"), "-o"}, {dir.file("new.csv"), "--matrix"}}, {}),
                        fp::UsageError);
        CHECK_NOTHROW(
            fp::refuse_clashing_files({{dir.file("new.csv"), "-o"}, {dir.file("other.csv"), "--matrix"}}, inputs));
        CHECK_NOTHROW(fp::refuse_clashing_files({{"/dev/null", "-o"}, {"/dev/null", "--matrix"}}, {}));
        CHECK_NOTHROW(fp::refuse_clashing_files({{"-", "-o"}}, {{"-", "the flow table"}}));
    }

} // TEST_SUITE
