#include "fixtures.hpp"
#include "footprint/report/json.hpp"

#include <limits>

TEST_SUITE("json") {

    TEST_CASE("json_quote escapes quotes, backslashes and control characters") {
        CHECK(fp::json_quote("plain") == "\"plain\"");
        CHECK(fp::json_quote("") == "\"\"");
        CHECK(fp::json_quote("say \"hi\"") == "\"say \\\"hi\\\"\"");
        CHECK(fp::json_quote("C:\\data") == "\"C:\\\\data\"");
        CHECK(fp::json_quote("a\nb\rc\td") == "\"a\\nb\\rc\\td\"");
        CHECK(fp::json_quote(std::string("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
        CHECK(fp::json_quote(std::string("a\0b", 3)) == "\"a\\u0000b\"");
        CHECK(fp::json_quote("/ and \x7f stay") == "\"/ and \x7f stay\"");
    }

    TEST_CASE("json_quote keeps valid multibyte UTF-8") {
        // Ynys Môn, Pen-y-bont ar Ogwr, a euro sign and an emoji (2, 3 and 4 bytes).
        const std::string text = "Ynys M\xC3\xB4n \xE2\x82\xAC \xF0\x9F\x97\xBA";
        CHECK(fp::json_quote(text) == "\"" + text + "\"");
    }

    TEST_CASE("json_quote replaces invalid bytes with U+FFFD") {
        const std::string fffd = "\xEF\xBF\xBD";
        CHECK(fp::json_quote("caf\xE9") == "\"caf" + fffd + "\"");                            // Latin-1
        CHECK(fp::json_quote("\xFF") == "\"" + fffd + "\"");                                  // never valid
        CHECK(fp::json_quote("\xC0\xAF") == "\"" + fffd + fffd + "\"");                       // overlong '/'
        CHECK(fp::json_quote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");            // surrogate
        CHECK(fp::json_quote("x\xE2\x82") == "\"x" + fffd + fffd + "\"");                     // truncated at the end
        CHECK(fp::json_quote("\xE2\x82z") == "\"" + fffd + fffd + "z\"");                     // truncated mid-text
        CHECK(fp::json_quote("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\""); // > U+10FFFF
        CHECK(fp::json_quote("\x80") == "\"" + fffd + "\"");                                  // lone continuation
    }

    TEST_CASE("JsonWriter nests objects and arrays with commas and two-space indents") {
        fp::JsonWriter json;
        json.begin_object();
        json.key("a").value(1);
        json.key("b").begin_array().value("x").value(true).null().end_array();
        json.key("c").begin_object().end_object();
        json.key("d").begin_array().end_array();
        json.key("e").begin_object().key("f").value(false).key("g").strings({"p", "q"}).end_object();
        json.key("h").value(std::size_t{42});
        json.key("i").value(-7LL);
        json.end_object();
        CHECK(json.str() == "{\n"
                            "  \"a\": 1,\n"
                            "  \"b\": [\n"
                            "    \"x\",\n"
                            "    true,\n"
                            "    null\n"
                            "  ],\n"
                            "  \"c\": {},\n"
                            "  \"d\": [],\n"
                            "  \"e\": {\n"
                            "    \"f\": false,\n"
                            "    \"g\": [\n"
                            "      \"p\",\n"
                            "      \"q\"\n"
                            "    ]\n"
                            "  },\n"
                            "  \"h\": 42,\n"
                            "  \"i\": -7\n"
                            "}\n");
    }

    TEST_CASE("JsonWriter arrays of objects") {
        fp::JsonWriter json;
        json.begin_array();
        json.begin_object().key("k").value("v").end_object();
        json.begin_object().end_object();
        json.end_array();
        CHECK(json.str() == "[\n  {\n    \"k\": \"v\"\n  },\n  {}\n]\n");
    }

    TEST_CASE("JsonWriter escapes keys and values") {
        fp::JsonWriter json;
        json.begin_object().key("a\"b").value("c\\d\xFF").end_object();
        CHECK(json.str() == "{\n  \"a\\\"b\": \"c\\\\d\xEF\xBF\xBD\"\n}\n");
    }

    TEST_CASE("JsonWriter numbers: fixed decimals, non-finite as null") {
        fp::JsonWriter json;
        json.begin_array();
        json.value(1.26, 1);
        json.value(1234567.891, 2);
        json.value(std::numeric_limits<double>::quiet_NaN(), 2);
        json.value(std::numeric_limits<double>::infinity(), 2);
        json.value(-std::numeric_limits<double>::infinity(), 0);
        json.value(-0.0001, 2);
        json.end_array();
        CHECK(json.str() == "[\n  1.3,\n  1234567.89,\n  null,\n  null,\n  null,\n  0.00\n]\n");
    }

    TEST_CASE("format_fixed never writes a negative zero") {
        CHECK(fp::format_fixed(-0.0001, 2) == "0.00");
        CHECK(fp::format_fixed(-0.0, 0) == "0");
        CHECK(fp::format_fixed(-0.4, 0) == "0");
        CHECK(fp::format_fixed(-0.5001, 0) == "-1");
        CHECK(fp::format_fixed(-0.006, 2) == "-0.01");
        CHECK(fp::format_fixed(-12.5, 1) == "-12.5");
        CHECK(fp::format_fixed(3.14159, 3) == "3.142");
        CHECK(fp::format_fixed(1e6, 0) == "1000000");
    }

    TEST_CASE("format_fixed writes every digit of large numbers") {
        const std::string big = fp::format_fixed(1e70, 0);
        CHECK(big.size() == 71);
        CHECK(big.substr(0, 2) == "10");
        CHECK(fp::format_fixed(-1e300, 2).size() == 1 + 301 + 3);
        CHECK(fp::format_fixed(123456789012345.0, 3) == "123456789012345.000");
        fp::JsonWriter json;
        json.value(1e70, 1);
        CHECK(json.str().size() == 71 + 2 + 1);
    }

} // TEST_SUITE
