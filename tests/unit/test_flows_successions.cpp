// Code successions (trust mergers): chains, cycles and splits.
#include "flows_fixtures.hpp"

using namespace flows_test;

TEST_SUITE("flows: code successions") {

    TEST_CASE("chains are followed to the newest code") {
        fpt::TempDir dir;
        const std::string path = write_table_csv(dir, "successions.csv",
                                                 "old_code,new_code,date\n"
                                                 "RA,RB,2017-04-01\n"
                                                 "RB,RC,2019-04-01\n"
                                                 "RS,RT,2018-04-01\n"
                                                 "RS,RT,2018-04-01\n"   // repeated: not ambiguous
                                                 "RQ,RQ,2018-04-01\n"); // to itself: ignored
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(path));
        CHECK(s.resolve("RA") == "RC");
        CHECK(s.resolve("RB") == "RC");
        CHECK(s.resolve("RC") == "RC");
        CHECK(s.resolve("RS") == "RT");
        CHECK(s.resolve("RQ") == "RQ");
        CHECK(s.resolve("ZZZ") == "ZZZ");
        CHECK(s.size() == 3);
        CHECK(s.ambiguous.empty());
    }

    TEST_CASE("a cycle is refused, naming its codes and no others") {
        fpt::TempDir dir;
        FPT_CHECK_THROWS_CONTAINING(fp::Successions::read(fp::parse_layer_spec(
                                        write_table_csv(dir, "cycle3.csv", "old_code,new_code\nX,A\nA,B\nB,C\nC,A\n"))),
                                    fp::InputError, "cycle of 3 codes", "'A' -> 'B' -> 'C' -> 'A'");
        FPT_CHECK_THROWS_CONTAINING(fp::Successions::read(fp::parse_layer_spec(
                                        write_table_csv(dir, "cycle2.csv", "old_code,new_code\nP,Q\nQ,P\n"))),
                                    fp::InputError, "cycle of 2 codes", "'P' -> 'Q' -> 'P'");
    }

    TEST_CASE("a chain of any length is followed to its end, in linear time") {
        fpt::TempDir dir;
        constexpr int length = 100000; // quadratic work would take minutes
        std::string table = "old_code,new_code\n";
        for (int i = length - 1; i >= 0; --i)
            table += "C" + std::to_string(i) + ",C" + std::to_string(i + 1) + "\n";
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(write_table_csv(dir, "chain.csv", table)));
        CHECK(s.resolve("C0") == "C100000");
        CHECK(s.resolve("C77777") == "C100000");
        CHECK(s.resolve("C100000") == "C100000");
        CHECK(s.size() == length);
    }

    TEST_CASE("an old code with several successors is left as it is and listed") {
        fpt::TempDir dir;
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(
            write_table_csv(dir, "split.csv", "old_code,new_code\nRW6,R0A\nRW6,RM3\nOLD,RW6\nRA,RB\n")));
        CHECK(s.ambiguous == std::vector<std::string>{"RW6"});
        CHECK(s.resolve("RW6") == "RW6");
        CHECK(s.resolve("OLD") == "RW6"); // followed as far as it is unambiguous
        CHECK(s.resolve("RA") == "RB");
    }

    TEST_CASE("successions with other column names") {
        fpt::TempDir dir;
        const std::string path = write_table_csv(dir, "named.csv", "from,to\nRA,RB\n");
        FPT_CHECK_THROWS_CONTAINING(fp::Successions::read(fp::parse_layer_spec(path)), fp::UsageError, "old_code");
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(path + "|member=from|group=to"));
        CHECK(s.resolve("RA") == "RB");
    }

    TEST_CASE("the real trust successions: a merger chain and a split") {
        const std::string path = std::string(FOOTPRINT_TEST_SHARED_DATA) + "/lookups/trust_successions.csv";
        if (!fpt::have_real_data(path)) return;
        const fp::Successions s = fp::Successions::read(fp::parse_layer_spec(path));
        CHECK(s.resolve("RJH") == "RRK"); // via RR1, Heart of England, merged into RRK in 2018
        CHECK(s.resolve("RR1") == "RRK");
        CHECK(s.resolve("RJF") == "RTG");
        // Pennine Acute (RW6) went to two trusts.
        CHECK(s.resolve("RW6") == "RW6");
        CHECK(std::find(s.ambiguous.begin(), s.ambiguous.end(), "RW6") != s.ambiguous.end());
    }

} // TEST_SUITE
