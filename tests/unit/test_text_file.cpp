// Bounded reading of text inputs (fp::read_text_file, the CSV readers'
// field and record bounds), their refusal of devices, NUL bytes and UTF-16
// or UTF-32, and fp::quote_value, which every message quoting data uses.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/flows/flows.hpp"
#include "footprint/io/csv_reader.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/io/text_file.hpp"

#include <unistd.h>

namespace {

// Every record, to the end (or the first error).
void read_all(const std::string& path) {
    fp::CsvReader reader(path);
    std::vector<std::string> fields;
    while (reader.next(fields)) {
    }
}

} // namespace

TEST_SUITE("text files: quote_value") {

    TEST_CASE("a short value is quoted whole") {
        CHECK(fp::quote_value("E54000001") == "'E54000001'");
        CHECK(fp::quote_value("") == "''");
    }

    TEST_CASE("a long value is cut at 60 bytes, with its length") {
        const std::string value(300000, '9');
        CHECK(fp::quote_value(value) == "'" + std::string(60, '9') + "...' (300000 bytes)");
        CHECK(fp::quote_value(std::string(60, 'a')) == "'" + std::string(60, 'a') + "'");
    }

    TEST_CASE("the cut never splits a UTF-8 character") {
        const std::string value = std::string(59, 'a') + "\xC3\xA9" + std::string(10, 'b');
        CHECK(fp::quote_value(value) == "'" + std::string(59, 'a') + "...' (71 bytes)");
    }

    TEST_CASE("control characters and NUL are shown, so no message stops at a NUL") {
        const std::string quoted = fp::quote_value(std::string("A\0B\tC", 5));
        CHECK(quoted == "'A\\x00B\\x09C'");
        CHECK(quoted.find('\0') == std::string::npos);
    }
}

TEST_SUITE("text files: read_text_file") {

    TEST_CASE("a small UTF-8 file is read whole, without its byte-order mark") {
        fpt::TempDir dir;
        fpt::write_bytes(dir.file("a.ini"), "\xEF\xBB\xBFkey = 1\n");
        CHECK(fp::read_text_file(dir.file("a.ini"), 100) == "key = 1\n");
    }

    TEST_CASE("a file over the bound is refused, naming it") {
        fpt::TempDir dir;
        fpt::write_bytes(dir.file("big.ini"), std::string(101, '#'));
        FPT_CHECK_THROWS_CONTAINING(fp::read_text_file(dir.file("big.ini"), 100), fp::InputError, dir.file("big.ini"),
                                    "larger than 100 bytes");
        fpt::write_bytes(dir.file("exact.ini"), std::string(100, '#'));
        CHECK(fp::read_text_file(dir.file("exact.ini"), 100).size() == 100);
    }

    TEST_CASE("devices, and symlinks to them, are refused without reading") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(fp::read_text_file("/dev/zero", fp::max_config_bytes), fp::InputError,
                                    "'/dev/zero'", "not a regular file");
        REQUIRE(symlink("/dev/zero", dir.file("zero.ini").c_str()) == 0);
        FPT_CHECK_THROWS_CONTAINING(fp::read_text_file(dir.file("zero.ini"), fp::max_config_bytes), fp::InputError,
                                    "zero.ini", "not a regular file");
        FPT_CHECK_THROWS_CONTAINING(fp::read_text_file(dir.file("."), fp::max_config_bytes), fp::InputError,
                                    "a directory");
    }

    TEST_CASE("a NUL byte is refused, naming its line") {
        fpt::TempDir dir;
        fpt::write_bytes(dir.file("nul.ini"), std::string("a = 1\nb = 2\nc = \0\n", 18));
        FPT_CHECK_THROWS_CONTAINING(fp::read_text_file(dir.file("nul.ini"), 100), fp::InputError, "nul.ini' line 3",
                                    "NUL byte");
    }

    TEST_CASE("UTF-16 and UTF-32 byte-order marks name their encoding") {
        fpt::TempDir dir;
        const std::pair<std::string, std::string> marks[] = {{std::string("\xFF\xFE\0\0", 4), "UTF-32LE"},
                                                             {std::string("\0\0\xFE\xFF", 4), "UTF-32BE"},
                                                             {"\xFF\xFE", "UTF-16LE"},
                                                             {"\xFE\xFF", "UTF-16BE"}};
        for (const auto& [mark, encoding] : marks) {
            CAPTURE(encoding);
            CHECK(fp::byte_order_mark_encoding(mark + std::string("a\0", 2)) == encoding);
            fpt::write_bytes(dir.file("t.csv"), mark + std::string("a\0,\0b\0\n\0", 8));
            FPT_CHECK_THROWS_CONTAINING(fp::read_text_file(dir.file("t.csv"), 100), fp::InputError,
                                        "is " + encoding + " ", "iconv -f " + encoding + " -t UTF-8");
            FPT_CHECK_THROWS_CONTAINING(read_all(dir.file("t.csv")), fp::InputError, "is " + encoding + " ");
        }
        CHECK(fp::byte_order_mark_encoding("\xEF\xBB\xBF"
                                           "a") == "");
        CHECK(fp::byte_order_mark_encoding("a,b") == "");
    }
}

TEST_SUITE("text files: the CSV reader's bounds") {

    TEST_CASE("a field over max_field_bytes is refused, naming the line") {
        fpt::TempDir dir;
        fpt::write_bytes(dir.file("f.csv"), "a,b\n1,2\n3," + std::string(fp::max_field_bytes + 1, '9') + "\n");
        FPT_CHECK_THROWS_CONTAINING(read_all(dir.file("f.csv")), fp::InputError, "f.csv' line 3",
                                    "a field longer than 4194304 bytes");
        fpt::write_bytes(dir.file("ok.csv"), "a\n" + std::string(fp::max_field_bytes, '9') + "\n");
        read_all(dir.file("ok.csv"));
    }

    TEST_CASE("a record over max_record_bytes is refused, naming the line") {
        fpt::TempDir dir;
        const std::string third(fp::max_record_bytes / 3 + 1, '1');
        fpt::write_bytes(dir.file("r.csv"), "a,b,c\n" + third + "," + third + "," + third + "\n");
        FPT_CHECK_THROWS_CONTAINING(read_all(dir.file("r.csv")), fp::InputError, "r.csv' line 2",
                                    "a record longer than 8388608 bytes");
    }

    TEST_CASE("a NUL byte is refused on its own line, in or out of quotes") {
        fpt::TempDir dir;
        fpt::write_bytes(dir.file("n.csv"), std::string("a,b\nx\0y,1\n", 11));
        FPT_CHECK_THROWS_CONTAINING(read_all(dir.file("n.csv")), fp::InputError, "n.csv' line 2", "NUL byte");
        fpt::write_bytes(dir.file("q.csv"), std::string("a,b\n\"x\n\ny\0\",1\n", 14));
        FPT_CHECK_THROWS_CONTAINING(read_all(dir.file("q.csv")), fp::InputError, "q.csv' line 4", "NUL byte");
    }

    TEST_CASE("a device or a symlink to one is refused before reading") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(fp::CsvReader("/dev/zero"), fp::InputError, "not a regular file");
        REQUIRE(symlink("/dev/zero", dir.file("zero.csv").c_str()) == 0);
        FPT_CHECK_THROWS_CONTAINING(fp::CsvReader(dir.file("zero.csv")), fp::InputError, "zero.csv",
                                    "not a regular file");
        FPT_CHECK_THROWS_CONTAINING(fp::read_flows(fp::parse_layer_spec(dir.file("zero.csv")), {}), fp::InputError,
                                    "not a regular file");
    }
}

TEST_SUITE("flows: reconciliation") {

    TEST_CASE("fractional counts summed in different orders still reconcile (the fuzz input)") {
        fpt::TempDir dir;
        fpt::write_bytes(dir.file("f.csv"), "a,b,c\nx,x,1\nx,y,2E-05\nx,y,2E-1\nx,z,0.1\nx,z,0.2\nx,x,0.3\n");
        const fp::FlowCounts counts = fp::read_flows(fp::parse_layer_spec(dir.file("f.csv")), {});
        const fp::FlowResult result = fp::compute_flows(counts, fp::FlowMapping{}, fp::FlowOptions{});
        CHECK(fp::same_total(result.total, counts.total));
        CHECK(result.reconciles());
        CHECK(std::fabs(result.difference()) <= fp::reconciliation_tolerance * result.total);
    }

    TEST_CASE("a lost count is seen") {
        CHECK(fp::same_total(1e8, 1e8 + 0.05));
        CHECK_FALSE(fp::same_total(1e8, 1e8 + 1));
        CHECK_FALSE(fp::same_total(0, 1e-6));
        CHECK(fp::same_total(0, 1e-10));
    }
}
