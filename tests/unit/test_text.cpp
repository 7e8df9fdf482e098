#include "fixtures.hpp"
#include "footprint/core/text.hpp"

TEST_SUITE("text") {

    TEST_CASE("xml_escape leaves no way out of element text or a quoted attribute") {
        CHECK(fp::xml_escape("F1<script>alert(1)</script>") == "F1&lt;script&gt;alert(1)&lt;/script&gt;");
        CHECK(fp::xml_escape("\"><img src=x onerror=alert(1)>") == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        CHECK(fp::xml_escape("'a' & ]]>") == "&#39;a&#39; &amp; ]]&gt;");
        CHECK(fp::xml_escape("&amp;") == "&amp;amp;");
        // Control characters XML 1.0 forbids become spaces; tab and newline stay.
        CHECK(fp::xml_escape(std::string("a\0b\x01\tc\n", 7)) == "a b \tc\n");
    }

    TEST_CASE("xml_escape writes U+FFFD for invalid UTF-8 and XML non-characters") {
        CHECK(fp::xml_escape("Caf\xe9") == "Caf\xef\xbf\xbd");
        CHECK(fp::xml_escape("Caf\xc3\xa9 \xe2\x80\xa8") == "Caf\xc3\xa9 \xe2\x80\xa8"); // valid: kept
        CHECK(fp::xml_escape("\xef\xbf\xbe\xef\xbf\xbf") == "\xef\xbf\xbd\xef\xbf\xbd");
        CHECK(fp::xml_escape("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); // a surrogate
        CHECK(fp::xml_escape("\xc3") == "\xef\xbf\xbd");                                 // cut short
    }

    TEST_CASE("valid_utf8 replaces each invalid byte, keeps valid text as it is") {
        CHECK(fp::valid_utf8("plain") == "plain");
        CHECK(fp::valid_utf8("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
        CHECK(fp::valid_utf8("U\xff\xfe"
                             "1") == "U\xef\xbf\xbd\xef\xbf\xbd"
                                     "1");
        CHECK(fp::valid_utf8("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd"); // overlong '/'
        CHECK(fp::valid_utf8("<\xe9>") == "<\xef\xbf\xbd>");             // not escaped: that is xml_escape's
    }

    TEST_CASE("Utf8Repair fixes values and words one warning for the layer") {
        fp::Utf8Repair repair("'fp.csv'");
        std::string good = "F1", bad = "F\xe9", worse = "Caf\xe9";
        repair.fix(good, 1, "FPCD");
        CHECK(repair.warning().empty());
        repair.fix(bad, 2, "FPCD");
        repair.fix(worse, 3, "FPNM");
        CHECK(good == "F1");
        CHECK(bad == "F\xef\xbf\xbd");
        CHECK(worse == "Caf\xef\xbf\xbd");
        CHECK(repair.warning() ==
              "'fp.csv' has 2 values that are not valid UTF-8 (first: feature 2, field FPCD); replaced with U+FFFD");
        CHECK(repair.warning("row") ==
              "'fp.csv' has 2 values that are not valid UTF-8 (first: row 2, field FPCD); replaced with U+FFFD");
    }
}
