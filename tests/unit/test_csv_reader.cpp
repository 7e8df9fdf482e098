// The streaming CSV reader that fp-flows reads flow tables with: RFC 4180
// quoting, byte-order marks, CRLF and LF, line numbers that stay right
// across quoted newlines, and the 1 MiB read buffer's boundaries (files
// larger than the buffer, with the awkward byte placed on each side of it).
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/csv_reader.hpp"

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

namespace {

constexpr std::size_t buffer_size = std::size_t{1} << 20; // the reader's read buffer

struct Record {
    std::vector<std::string> fields;
    std::size_t line;
};

// Every record of the file with the line it began on.
std::vector<Record> read_all(const std::string& path) {
    fp::CsvReader reader(path);
    std::vector<Record> records;
    std::vector<std::string> fields;
    while (reader.next(fields))
        records.push_back({fields, reader.line()});
    CHECK_FALSE(reader.next(fields)); // the end stays the end
    CHECK(fields.empty());
    return records;
}

// The reader may also hand out views into its own buffer (the overload
// read_flows uses); when it does, they must agree with the copies.
template <typename Reader, typename = void> struct has_view_next : std::false_type {};
template <typename Reader>
struct has_view_next<
    Reader, std::void_t<decltype(std::declval<Reader&>().next(std::declval<std::vector<std::string_view>&>()))>>
    : std::true_type {};

template <typename Reader = fp::CsvReader>
void check_views_agree(const std::string& path, const std::vector<Record>& expected) {
    if constexpr (has_view_next<Reader>::value) {
        Reader reader(path);
        std::vector<std::string_view> views;
        std::size_t i = 0;
        while (reader.next(views)) {
            REQUIRE(i < expected.size());
            CAPTURE(i);
            CHECK(std::vector<std::string>(views.begin(), views.end()) == expected[i].fields);
            CHECK(reader.line() == expected[i].line);
            ++i;
        }
        CHECK(i == expected.size());
    }
}

void check_records(const std::vector<Record>& got, const std::vector<Record>& expected) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i].fields == expected[i].fields);
        CHECK(got[i].line == expected[i].line);
    }
}

void check_file(const std::string& path, const std::vector<Record>& expected) {
    check_records(read_all(path), expected);
    check_views_agree(path, expected);
}

std::string write_csv(const fpt::TempDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.file(name);
    fpt::write_bytes(path, bytes);
    return path;
}

// A one-field padding record (line 1) followed by `tail`, sized so that
// tail[at] is the byte at offset buffer_size - 1 + shift: the last byte of
// the first buffer when shift is 0, the first of the second when it is 1.
std::string padded(const std::string& tail, std::size_t at, int shift) {
    const auto target = static_cast<std::size_t>(static_cast<long>(buffer_size) - 1 + shift);
    const std::size_t pad = target - at - 1; // padding bytes before its '\n'
    std::string bytes(pad, 'p');
    bytes += '\n';
    bytes += tail;
    REQUIRE(bytes[target] == tail[at]);
    return bytes;
}

// Reads `tail` with its byte `at` placed on and around the buffer boundary;
// every placement must give the padding record and then `expected`.
void check_across_boundary(const std::string& tail, std::size_t at, std::vector<Record> expected) {
    fpt::TempDir dir;
    expected.insert(expected.begin(), Record{{std::string()}, 1});
    for (int shift = -2; shift <= 2; ++shift) {
        CAPTURE(shift);
        const std::string bytes = padded(tail, at, shift);
        expected.front().fields.front() = bytes.substr(0, bytes.find('\n'));
        check_file(write_csv(dir, "boundary.csv", bytes), expected);
    }
}

} // namespace

TEST_SUITE("csv reader") {

    TEST_CASE("LF line ends, a header and records with their line numbers") {
        fpt::TempDir dir;
        const std::string path =
            write_csv(dir, "lf.csv", "origin,destination,count\nE02000001,RAL,12\nE02000002,R1H,3\n");
        check_file(
            path,
            {{{"origin", "destination", "count"}, 1}, {{"E02000001", "RAL", "12"}, 2}, {{"E02000002", "R1H", "3"}, 3}});
        fp::CsvReader reader(path);
        CHECK(reader.path() == path);
        CHECK(reader.line() == 0); // nothing returned yet
    }

    TEST_CASE("CRLF line ends leave no carriage return in the last field") {
        fpt::TempDir dir;
        check_file(write_csv(dir, "crlf.csv", "a,b\r\n1,2\r\n3,4\r\n"),
                   {{{"a", "b"}, 1}, {{"1", "2"}, 2}, {{"3", "4"}, 3}});
    }

    TEST_CASE("a UTF-8 byte-order mark is not part of the first column's name") {
        fpt::TempDir dir;
        check_file(write_csv(dir, "bom.csv", "\xEF\xBB\xBFmsoa11cd,trustcd\r\nE02000001,RAL\r\n"),
                   {{{"msoa11cd", "trustcd"}, 1}, {{"E02000001", "RAL"}, 2}});
        // Before a quoted header, too.
        check_file(write_csv(dir, "bom-quoted.csv", "\xEF\xBB\xBF\"a\",\"b\"\n1,2\n"),
                   {{{"a", "b"}, 1}, {{"1", "2"}, 2}});
        // Only at the start of the file: later it is data.
        check_file(write_csv(dir, "bom-later.csv",
                             "a\n\xEF\xBB\xBF"
                             "b\n"),
                   {{{"a"}, 1},
                    {{"\xEF\xBB\xBF"
                      "b"},
                     2}});
    }

    TEST_CASE("a broken byte-order mark is an error naming line 1") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "broken.csv", "\xEF\xBBx,y\n");
        fp::CsvReader reader(path);
        std::vector<std::string> fields;
        FPT_CHECK_THROWS_CONTAINING(reader.next(fields), fp::InputError, path, "line 1", "byte-order mark");
    }

    TEST_CASE("no newline after the last record") {
        fpt::TempDir dir;
        check_file(write_csv(dir, "lf.csv", "a,b\n1,2"), {{{"a", "b"}, 1}, {{"1", "2"}, 2}});
        check_file(write_csv(dir, "crlf.csv", "a,b\r\n1,2"), {{{"a", "b"}, 1}, {{"1", "2"}, 2}});
        check_file(write_csv(dir, "quoted.csv", "a,b\r\n1,\"2\""), {{{"a", "b"}, 1}, {{"1", "2"}, 2}});
        check_file(write_csv(dir, "one.csv", "x"), {{{"x"}, 1}});
    }

    TEST_CASE("an empty file has no records") {
        fpt::TempDir dir;
        check_file(write_csv(dir, "empty.csv", ""), {});
        check_file(write_csv(dir, "bom-only.csv", "\xEF\xBB\xBF"), {});
    }

    TEST_CASE("quoted fields: commas, doubled quotes, empty quotes") {
        fpt::TempDir dir;
        check_file(write_csv(dir, "quoted.csv",
                             "name,code\n"
                             "\"Bath and North East Somerset, Swindon and Wiltshire\",E54000040\n"
                             "\"The \"\"Royal\"\" Trust\",\"R\"\"X\"\n"
                             "\"\",\"\"\"\"\n"
                             "\",\",\",,\"\n"),
                   {{{"name", "code"}, 1},
                    {{"Bath and North East Somerset, Swindon and Wiltshire", "E54000040"}, 2},
                    {{"The \"Royal\" Trust", "R\"X"}, 3},
                    {{"", "\""}, 4},
                    {{",", ",,"}, 5}});
    }

    TEST_CASE("empty fields: between commas, leading, trailing, and blank lines") {
        fpt::TempDir dir;
        check_file(write_csv(dir, "empty.csv", "a,,c\n,,\n,x\nx,\n\nlast\n"),
                   {{{"a", "", "c"}, 1},
                    {{"", "", ""}, 2},
                    {{"", "x"}, 3},
                    {{"x", ""}, 4},
                    {{""}, 5}, // a blank line is a record of one empty field
                    {{"last"}, 6}});
    }

    TEST_CASE("quoted newlines: the field keeps them and the next record's line is right") {
        fpt::TempDir dir;
        check_file(
            write_csv(dir, "lf.csv", "a,b\n\"one\ntwo\nthree\",x\nnext,y\n\"\n\",z\nend,w\n"),
            {{{"a", "b"}, 1}, {{"one\ntwo\nthree", "x"}, 2}, {{"next", "y"}, 5}, {{"\n", "z"}, 6}, {{"end", "w"}, 8}});
        // CRLF inside quotes is kept as it is and counts as one line.
        check_file(write_csv(dir, "crlf.csv", "a,b\r\n\"one\r\ntwo\",x\r\nnext,y\r\n"),
                   {{{"a", "b"}, 1}, {{"one\r\ntwo", "x"}, 2}, {{"next", "y"}, 4}});
    }

    TEST_CASE("an unbalanced quote is an error naming the line where it opened") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "open.csv", "a,b\n1,2\n3,\"never closed\n4,5\n6,7\n");
        fp::CsvReader reader(path);
        std::vector<std::string> fields;
        REQUIRE(reader.next(fields));
        REQUIRE(reader.next(fields));
        FPT_CHECK_THROWS_CONTAINING(reader.next(fields), fp::InputError, path, "line 3:", "never closed");

        // At the very end of the file, with nothing after the quote.
        const std::string at_end = write_csv(dir, "at-end.csv", "a,b\n1,\"");
        fp::CsvReader end_reader(at_end);
        REQUIRE(end_reader.next(fields));
        FPT_CHECK_THROWS_CONTAINING(end_reader.next(fields), fp::InputError, "line 2:");
    }

    // Not the line the record began on: an earlier quoted field of the same
    // record spans lines 2 and 3, and the quote left open opened on line 3.
    TEST_CASE("an unbalanced quote after a quoted newline names its own line") {
        fpt::TempDir dir;
        const std::string path = write_csv(dir, "open.csv", "a,b,c\n\"two\nlines\",\"open\nx\ny\n");
        fp::CsvReader reader(path);
        std::vector<std::string> fields;
        REQUIRE(reader.next(fields));
        FPT_CHECK_THROWS_CONTAINING(reader.next(fields), fp::InputError, "line 3:");
    }

    TEST_CASE("a file that cannot be opened") {
        fpt::TempDir dir;
        const std::string path = dir.file("missing.csv");
        FPT_CHECK_THROWS_CONTAINING(fp::CsvReader(path), fp::InputError, "cannot open", path);
    }

    TEST_CASE("a line of more than 1 MB") {
        fpt::TempDir dir;
        const std::string big(1'500'000, 'x');
        const std::string quoted_big = std::string(600'000, 'q') + "\"\"" + std::string(600'000, 'r') + "\n,";
        check_file(write_csv(dir, "long.csv", "a,b\n" + big + ",1\n\"" + quoted_big + "\",2\r\nshort,3\n"),
                   {{{"a", "b"}, 1},
                    {{big, "1"}, 2},
                    {{std::string(600'000, 'q') + "\"" + std::string(600'000, 'r') + "\n,", "2"}, 3},
                    {{"short", "3"}, 5}});
    }

    // A file of about 5 MB: "E0<2000000 + i>,"R<i % 97>",<i>" CRLF per record,
    // after a header; offsets[i] is where record i begins (offsets[rows] the end).
    struct ManyRecords {
        std::string bytes;
        std::vector<std::uint64_t> offsets;
    };

    ManyRecords many_records(std::size_t rows) {
        ManyRecords m;
        m.bytes = "origin,destination,count\r\n";
        for (std::size_t i = 0; i < rows; ++i) {
            m.offsets.push_back(m.bytes.size());
            m.bytes += "E0" + std::to_string(2000000 + i) + ",\"R" + std::to_string(i % 97) + "\"," +
                       std::to_string(i) + "\r\n";
        }
        m.offsets.push_back(m.bytes.size());
        return m;
    }

    bool is_record(const std::vector<std::string>& fields, std::size_t i) {
        return fields.size() == 3 && fields[0] == "E0" + std::to_string(2000000 + i) &&
               fields[1] == "R" + std::to_string(i % 97) && fields[2] == std::to_string(i);
    }

    TEST_CASE("many records over several buffers, with each record's offset") {
        fpt::TempDir dir;
        const std::size_t rows = 250'000;
        const ManyRecords m = many_records(rows);
        REQUIRE(m.bytes.size() > 4 * buffer_size);
        const std::string path = write_csv(dir, "many.csv", m.bytes);
        fp::CsvReader reader(path);
        std::vector<std::string> fields;
        REQUIRE(reader.next(fields));
        CHECK(reader.offset() == m.offsets[0]);
        CHECK(reader.next_line() == 2);
        std::size_t seen = 0;
        bool all_good = true;
        while (reader.next(fields)) {
            const std::size_t i = seen++;
            const bool good = is_record(fields, i) && reader.line() == i + 2 && reader.offset() == m.offsets[i + 1] &&
                              reader.next_line() == i + 3;
            if (!good && all_good) {
                CAPTURE(i);
                CAPTURE(reader.line());
                CAPTURE(reader.offset());
                CHECK(good);
            }
            all_good = all_good && good;
        }
        CHECK(all_good);
        CHECK(seen == rows);
    }

    TEST_CASE("a range of a file: the records that begin in it, with their lines") {
        fpt::TempDir dir;
        const std::string bytes = "\xEF\xBB\xBFh1,h2\r\nA,1\r\n\"B\r\nb\",2\r\nC,3\r\nD,4\r\n";
        const std::string path = write_csv(dir, "range.csv", bytes);
        const auto at = [&](const char* text) { return static_cast<std::uint64_t>(bytes.find(text)); };
        const auto read_range = [&](std::uint64_t begin, std::uint64_t end, std::size_t line) {
            fp::CsvReader reader(path, begin, end, line);
            std::vector<Record> records;
            std::vector<std::string> fields;
            while (reader.next(fields))
                records.push_back({fields, reader.line()});
            return records;
        };
        // From the start of the file the byte-order mark is still skipped.
        check_records(read_range(0, at("A,1"), 1), {{{"h1", "h2"}, 1}});
        check_records(read_range(at("\"B"), at("D,4"), 3), {{{"B\r\nb", "2"}, 3}, {{"C", "3"}, 5}});
        check_records(read_range(at("C,3"), ~std::uint64_t{0}, 5), {{{"C", "3"}, 5}, {{"D", "4"}, 6}});
        // A record that begins before the end of the range is read whole.
        check_records(read_range(at("A,1"), at("b\","), 2), {{{"A", "1"}, 2}, {{"B\r\nb", "2"}, 3}});
        check_records(read_range(at("D,4"), at("D,4"), 6), {});
    }

    TEST_CASE("a range of a large file, across buffers") {
        fpt::TempDir dir;
        const ManyRecords m = many_records(250'000);
        const std::string path = write_csv(dir, "many.csv", m.bytes);
        const std::size_t first = 30'000, last = 150'000; // records [first, last)
        REQUIRE(m.offsets[last] - m.offsets[first] > 2 * buffer_size);
        fp::CsvReader reader(path, m.offsets[first], m.offsets[last], first + 2);
        std::vector<std::string> fields;
        std::size_t i = first;
        bool all_good = true;
        while (reader.next(fields)) {
            const bool good = i < last && is_record(fields, i) && reader.line() == i + 2;
            if (!good && all_good) {
                CAPTURE(i);
                CHECK(good);
            }
            all_good = all_good && good;
            ++i;
        }
        CHECK(all_good);
        CHECK(i == last);
    }

    TEST_CASE("buffer boundary: CRLF split between two reads") {
        // "\r" as the last byte of one read and "\n" as the first of the next
        // must end one record, not two.
        const std::string tail = "a,b\r\nc,d\r\n";
        check_across_boundary(tail, 3, {{{"a", "b"}, 2}, {{"c", "d"}, 3}});
        check_across_boundary(tail, 8, {{{"a", "b"}, 2}, {{"c", "d"}, 3}});
    }

    TEST_CASE("buffer boundary: the file ends with CR, CRLF or nothing at the boundary") {
        // The last byte of the file is the last byte of the first read (shift 0)
        // or the first byte of a second, one-byte read (shift 1).
        check_across_boundary("a,b\r", 3, {{{"a", "b"}, 2}});
        check_across_boundary("a,b\r\n", 4, {{{"a", "b"}, 2}});
        check_across_boundary("a,b\r\n", 3, {{{"a", "b"}, 2}});
        check_across_boundary("a,b", 2, {{{"a", "b"}, 2}});
        check_across_boundary("a,\"b\"", 4, {{{"a", "b"}, 2}});
    }

    TEST_CASE("buffer boundary: a lone CR ends a record wherever it falls") {
        // A carriage return not followed by a line feed ends the record as it
        // does in the middle of a buffer; the byte after it is not lost.
        check_across_boundary("a\rb\rc\n", 1, {{{"a"}, 2}, {{"b"}, 3}, {{"c"}, 4}});
        check_across_boundary("a\r\"b\"\n", 1, {{{"a"}, 2}, {{"b"}, 3}});
    }

    TEST_CASE("buffer boundary: doubled and closing quotes split between two reads") {
        const std::string tail = "\"x\"\"y\",\"z\"\nnext,1\n";
        for (std::size_t at : {std::size_t{0}, std::size_t{2}, std::size_t{3}, std::size_t{5}, std::size_t{6},
                               std::size_t{9}, std::size_t{10}})
            check_across_boundary(tail, at, {{{"x\"y", "z"}, 2}, {{"next", "1"}, 3}});
    }

    TEST_CASE("buffer boundary: a quoted CRLF split between two reads") {
        const std::string tail = "\"multi\r\nline\",q\r\nnext,r\r\n";
        check_across_boundary(tail, 6, {{{"multi\r\nline", "q"}, 2}, {{"next", "r"}, 4}});
        check_across_boundary(tail, 7, {{{"multi\r\nline", "q"}, 2}, {{"next", "r"}, 4}});
    }

    TEST_CASE("buffer boundary: an unbalanced quote opened just before the boundary") {
        fpt::TempDir dir;
        for (int shift = -1; shift <= 1; ++shift) {
            CAPTURE(shift);
            const std::string path = write_csv(dir, "open.csv", padded("1,\"open\nmore\n", 2, shift));
            fp::CsvReader reader(path);
            std::vector<std::string> fields;
            REQUIRE(reader.next(fields));
            FPT_CHECK_THROWS_CONTAINING(reader.next(fields), fp::InputError, "line 2:");
        }
    }

} // TEST_SUITE
