// The flow metrics: the matrix, containment and the 75/75 test, providers
// and a reconciliation in which nothing is lost.
#include "flows_fixtures.hpp"

using namespace flows_test;

TEST_SUITE("flows: metrics") {

    TEST_CASE("three footprints: matrix, containment, the 75/75 test, top outflows, net flows") {
        fpt::TempDir dir;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), fp::FlowOptions{});
        // Sorted by code although met as F3, F1, F2.
        CHECK(r.footprint_codes == std::vector<std::string>{"F1", "F2", "F3"});
        CHECK(r.footprint_names == std::vector<std::string>{"Alpha", "Beta", "Gamma"});
        CHECK(r.matrix == std::vector<std::vector<double>>{{70, 25, 5}, {25, 75, 0}, {10, 0, 90}});
        REQUIRE(r.footprints.size() == 3);
        const std::vector<double> residents{100, 100, 100}, within{70, 75, 90}, provided{105, 100, 95};
        for (std::size_t f = 0; f < 3; ++f) {
            CAPTURE(f);
            CHECK(r.footprints[f].residents == residents[f]);
            CHECK(r.footprints[f].within == within[f]);
            CHECK(r.footprints[f].provided == provided[f]);
            CHECK(r.footprints[f].demand_containment == within[f] / residents[f]);
            CHECK(r.footprints[f].supply_containment == within[f] / provided[f]);
        }
        // F1 fails on supply (0.667); F2 passes at exactly 0.75 on both sides.
        CHECK_FALSE(r.footprints[0].passes);
        CHECK(r.footprints[1].passes);
        CHECK(r.footprints[2].passes);

        CHECK(r.total == 300);
        CHECK(r.mapped == 300);
        CHECK(r.unmapped_total() == 0);
        CHECK(r.unmapped_flows.empty());
        CHECK(r.rows == 7);

        // Top outflows: residents' activity at providers in other footprints,
        // largest first.
        REQUIRE(r.footprints[0].top_outflows.size() == 2);
        CHECK(r.footprints[0].top_outflows[0].provider == "P2");
        CHECK(r.footprints[0].top_outflows[0].footprint == 1);
        CHECK(r.footprints[0].top_outflows[0].count == 25);
        CHECK(r.footprints[0].top_outflows[1].provider == "P3");
        CHECK(r.footprints[0].top_outflows[1].footprint == 2);
        CHECK(r.footprints[0].top_outflows[1].count == 5);
        REQUIRE(r.footprints[1].top_outflows.size() == 1);
        CHECK(r.footprints[1].top_outflows[0].provider == "P1");
        CHECK(r.footprints[1].top_outflows[0].count == 25);
        REQUIRE(r.footprints[2].top_outflows.size() == 1);
        CHECK(r.footprints[2].top_outflows[0].count == 10);

        // Net flows between each pair of footprints with any flow between them.
        const fp::TextTable net = fp::flow_table(r, fp::FlowTable::net, false);
        CHECK(net.header == std::vector<std::string>{"footprint", "other", "outflow", "inflow", "net outflow"});
        CHECK(net.rows == std::vector<std::vector<std::string>>{{"F1", "F2", "25.00", "25.00", "0.00"},
                                                                {"F1", "F3", "5.00", "10.00", "-5.00"}});
        const fp::TextTable matrix = fp::flow_table(r, fp::FlowTable::matrix, false);
        CHECK(matrix.rows.at(2) == std::vector<std::string>{"F3", "10.00", "0.00", "90.00"});
    }

    TEST_CASE("three footprints: thresholds are inclusive, --top cuts the outflows") {
        fpt::TempDir dir;
        fp::FlowOptions options;
        options.demand_threshold = 0.7;
        options.supply_threshold = 0.6;
        options.top = 1;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), options);
        CHECK(r.footprints[0].passes); // demand exactly 0.7
        CHECK(r.footprints[1].passes);
        CHECK(r.footprints[2].passes);
        REQUIRE(r.footprints[0].top_outflows.size() == 1);
        CHECK(r.footprints[0].top_outflows[0].provider == "P2");

        options.top = 0;
        options.demand_threshold = 0.76;
        const fp::FlowResult none = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), options);
        for (const auto& ff : none.footprints)
            CHECK(ff.top_outflows.empty());
        CHECK_FALSE(none.footprints[1].passes); // demand 0.75 < 0.76
        CHECK(none.footprints[2].passes);
    }

    TEST_CASE("three footprints: providers, catchments and spanning at the threshold") {
        fpt::TempDir dir;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), fp::FlowOptions{});
        REQUIRE(r.providers.size() == 3);
        CHECK(r.providers[0].code == "P1");
        CHECK(r.providers[1].code == "P2");
        CHECK(r.providers[2].code == "P3");
        const fp::ProviderFlows& p1 = r.providers[0];
        CHECK(p1.activity == 105);
        CHECK(p1.footprint == 0);
        CHECK(p1.by_origin_footprint == std::vector<double>{70, 25, 10});
        CHECK(p1.from_unmapped_origins == 0);
        // Default 10%: F3 sends 10/105 = 9.5% of P1's activity.
        CHECK(spans(r, p1) == std::vector<std::string>{"F1", "F2"});
        CHECK(spans(r, r.providers[1]) == std::vector<std::string>{"F2", "F1"});
        CHECK(spans(r, r.providers[2]) == std::vector<std::string>{"F3"});

        // At 25%: F1 sends exactly 25/100 of P2's activity, and counts.
        fp::FlowOptions options;
        options.span_threshold = 0.25;
        const fp::FlowResult at = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), options);
        CHECK(spans(at, at.providers[0]) == std::vector<std::string>{"F1"}); // 25/105 < 0.25
        CHECK(spans(at, at.providers[1]) == std::vector<std::string>{"F2", "F1"});
        const fp::TextTable providers = fp::flow_table(at, fp::FlowTable::providers, false);
        REQUIRE(providers.rows.size() == 3);
        CHECK(providers.rows[0][4] == "no");
        CHECK(providers.rows[1][4] == "yes");
    }

    TEST_CASE("reconciliation: unknown origin, unknown destination and outside; total = mapped + unmapped exactly") {
        fpt::TempDir dir;
        auto flows = example_flows;
        flows.push_back({"O9", "P1", "7"});  // O9 maps nowhere
        flows.push_back({"O1", "PX", "11"}); // PX maps nowhere
        flows.push_back({"O5", "PX", "4"});
        flows.push_back({"O5", "P2", "6"}); // O5 is only half in a footprint
        fp::FlowMapping mapping = example_mapping();
        fp::map_by_table(mapping, fpt::make_membership("more origins", {{"O5", "F1", "0.5"}}), true);
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, flows), mapping, fp::FlowOptions{});

        CHECK(r.total == 328);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_origin) == 7);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_destination) == 15);
        CHECK(unmapped(r, fp::UnmappedReason::no_location) == 0);
        CHECK(unmapped(r, fp::UnmappedReason::outside) == 3);
        CHECK(r.mapped == 303);
        CHECK(r.total == r.mapped + r.unmapped_total()); // exactly, not approximately
        CHECK(r.matrix[0][1] == 28);                     // 25 + O5's mapped half of 6

        // Listed by reason, then largest first.
        REQUIRE(r.unmapped_flows.size() == 4);
        const auto check_flow = [](const fp::UnmappedFlow& u, const char* o, const char* d, double c,
                                   fp::UnmappedReason why) {
            CHECK(u.origin == o);
            CHECK(u.destination == d);
            CHECK(u.count == c);
            CHECK(u.reason == why);
        };
        check_flow(r.unmapped_flows[0], "O9", "P1", 7, fp::UnmappedReason::unknown_origin);
        check_flow(r.unmapped_flows[1], "O1", "PX", 11, fp::UnmappedReason::unknown_destination);
        check_flow(r.unmapped_flows[2], "O5", "PX", 4, fp::UnmappedReason::unknown_destination);
        check_flow(r.unmapped_flows[3], "O5", "P2", 3, fp::UnmappedReason::outside);

        // Providers count all their activity, and what came from no footprint.
        CHECK(provider(r, "P1").activity == 112);
        CHECK(provider(r, "P1").from_unmapped_origins == 7);
        CHECK(provider(r, "P2").activity == 106);
        CHECK(provider(r, "P2").from_unmapped_origins == 3);
        CHECK(provider(r, "PX").footprint == -1);
        CHECK(provider(r, "PX").activity == 15);

        const fp::TextTable table = fp::flow_table(r, fp::FlowTable::unmapped, false);
        CHECK(table.header == std::vector<std::string>{"origin", "destination", "count", "reason"});
        CHECK(table.rows.at(0) == std::vector<std::string>{"O9", "P1", "7.00", "unknown origin code"});
        const std::string text = fp::reconciliation_text(r);
        CHECK(fpt::contains(text, "total in 328.00 = mapped 303.00 + unmapped 25.00 (difference 0.00)"));
    }

    TEST_CASE("reconciliation: destinations placed by location, with no location or outside every footprint") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        const fp::PolygonLayer footprints = two_footprints_and_a_far_one(ctx);
        fp::FlowMapping mapping;
        fp::map_by_table(mapping, fpt::make_membership("origins", {{"O1", "F1"}}), true);
        fp::map_by_points(ctx, mapping, footprints,
                          trust_points({{"P1", "Trust one", 5000, 5000},
                                        {"P2", "Trust two", 15000, 5000},
                                        {"PB", "On the border", 10000, 5000},
                                        {"P3", "Far away", 90000, 90000}}));
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, {{{"O1", "P1", "10"}},
                                                                   {{"O1", "P2", "20"}},
                                                                   {{"O1", "P3", "30"}},
                                                                   {{"O1", "PX", "40"}},
                                                                   {{"O1", "PB", "1"}},
                                                                   {{"O7", "P1", "5"}}}),
                                                   mapping, fp::FlowOptions{});
        CHECK(r.footprint_codes == std::vector<std::string>{"F1", "F2", "F3"}); // F3 has no flows but shows
        CHECK(r.matrix[0][0] == 11);
        CHECK(r.matrix[0][1] == 20);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_origin) == 5);
        CHECK(unmapped(r, fp::UnmappedReason::unknown_destination) == 0);
        CHECK(unmapped(r, fp::UnmappedReason::no_location) == 40);
        CHECK(unmapped(r, fp::UnmappedReason::outside) == 30);
        CHECK(r.total == 106);
        CHECK(r.total == r.mapped + r.unmapped_total());
        CHECK(provider(r, "P1").name == "Trust one");
        CHECK(provider(r, "P3").footprint == -1);
        CHECK(r.footprints[2].residents == 0);
        CHECK(r.footprints[2].demand_containment == 0);
        CHECK_FALSE(r.footprints[2].passes);
    }

    TEST_CASE("successions apply to the codes of the flows and of the maps") {
        fpt::TempDir dir;
        fp::FlowMapping mapping;
        mapping.successions = fp::Successions::read(
            fp::parse_layer_spec(write_table_csv(dir, "s.csv", "old_code,new_code\nRA,RB\nRB,P3\nOX,O2\n")));
        fp::map_by_table(mapping, fpt::make_membership("destinations", {{"P3", "F3"}, {"P1", "F1"}, {"P2", "F2"}}),
                         false);
        fp::map_by_table(mapping, fpt::make_membership("origins", {{"O1", "F1"}, {"O2", "F2"}, {"O3", "F3"}}), true);
        auto flows = example_flows;
        flows.push_back({"O1", "RA", "10"});
        flows.push_back({"O1", "RB", "5"});
        flows.push_back({"OX", "P2", "4"});
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, flows), mapping, fp::FlowOptions{});
        CHECK(r.unmapped_total() == 0);
        CHECK(r.matrix[0][2] == 20);
        CHECK(r.matrix[1][1] == 79);
        REQUIRE(r.providers.size() == 3); // RA and RB are P3
        CHECK(provider(r, "P3").activity == 110);
    }

    TEST_CASE("a destination shared between footprints has no footprint of its own") {
        fpt::TempDir dir;
        fp::FlowMapping mapping = example_mapping();
        fp::map_by_table(mapping, fpt::make_membership("split", {{"PS", "F1", "0.5"}, {"PS", "F2", "0.5"}}), false);
        const fp::FlowResult r =
            fp::compute_flows(counts_of(dir, {{{"O1", "PS", "10"}}, {{"O3", "PS", "2"}}}), mapping, {});
        CHECK(r.matrix[0][0] == 5);
        CHECK(r.matrix[0][1] == 5);
        CHECK(r.matrix[2][0] == 1);
        CHECK(r.matrix[2][1] == 1);
        CHECK(provider(r, "PS").footprint == -1);
        CHECK(r.total == r.mapped);
    }

    // A top outflow to a destination shared between footprints names where the
    // outflow went (the largest share that is not the origin's own footprint):
    // F1's residents' outflow to PS went to F2.
    TEST_CASE("an outflow to a shared destination never lands in the origin's own footprint") {
        fpt::TempDir dir;
        fp::FlowMapping mapping = example_mapping();
        fp::map_by_table(mapping, fpt::make_membership("split", {{"PS", "F1", "0.5"}, {"PS", "F2", "0.5"}}), false);
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, {{{"O1", "PS", "10"}}}), mapping, {});
        REQUIRE(r.footprints[0].top_outflows.size() == 1);
        CHECK(r.footprints[0].top_outflows[0].provider == "PS");
        CHECK(r.footprints[0].top_outflows[0].count == 5);
        CHECK(r.footprints[0].top_outflows[0].footprint == 1);
    }

    // A provider's footprint is where the mapping puts it, whatever its flows.
    TEST_CASE("a mapped provider keeps its footprint when all its flows come from unknown origins") {
        fpt::TempDir dir;
        fp::FlowMapping mapping = example_mapping();
        const fp::FlowResult r =
            fp::compute_flows(counts_of(dir, {{{"O9", "P3", "4"}}, {{"O1", "P1", "1"}}}), mapping, {});
        CHECK(provider(r, "P1").footprint == 0);
        CHECK(provider(r, "P3").footprint == 2);
    }

    TEST_CASE("the order footprints are met in does not change the result") {
        fpt::TempDir dir;
        fp::FlowMapping forwards;
        forwards.footprint("F1", "Alpha");
        forwards.footprint("F2", "Beta");
        forwards.footprint("F3", "Gamma");
        fp::map_by_table(forwards, fpt::make_membership("origins", {{"O1", "F1"}, {"O2", "F2"}, {"O3", "F3"}}), true);
        fp::map_by_table(forwards, fpt::make_membership("destinations", {{"P1", "F1"}, {"P2", "F2"}, {"P3", "F3"}}),
                         false);
        const fp::FlowCounts counts = counts_of(dir, example_flows);
        const fp::FlowResult a = fp::compute_flows(counts, forwards, {});
        const fp::FlowResult b = fp::compute_flows(counts, example_mapping(), {});
        CHECK(a.footprint_codes == b.footprint_codes);
        CHECK(a.footprint_names == b.footprint_names);
        CHECK(a.matrix == b.matrix);
        CHECK(fp::flows_json(a) == fp::flows_json(b));
        CHECK(fp::flows_text(a) == fp::flows_text(b));
    }

    TEST_CASE("the JSON report: schema and reconciliation") {
        fpt::TempDir dir;
        const fp::FlowResult r = fp::compute_flows(counts_of(dir, example_flows), example_mapping(), {});
        const std::string json = fp::flows_json(r);
        CHECK(fpt::contains(json, "\"schema\": \"footprint-flows/1\""));
        for (const char* key : {"\"reconciliation\"", "\"unmapped_by_reason\"", "\"unknown origin code\"",
                                "\"thresholds\"", "\"footprints\"", "\"demand_containment\"", "\"top_outflows\"",
                                "\"outflows\"", "\"providers\"", "\"catchment\"", "\"from_unmapped_origins\""})
            CHECK_MESSAGE(fpt::contains(json, key), key);
    }

} // TEST_SUITE
