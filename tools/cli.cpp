#include "cli.hpp"

#include "footprint/error.hpp"
#include "footprint/output.hpp"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <initializer_list>
#include <iostream>
#include <unistd.h>

namespace fp::cli {

void describe_tool(CLI::App& app, bool checks) {
    const std::string name = app.get_name();
    app.set_version_flag("--version", std::string(name) + " (footprint) " FOOTPRINT_VERSION);
    app.footer(std::string("Exit status: 0 ok; 1 runtime error (I/O, GDAL, GEOS); 2 usage error") +
               (checks ? "; 3 the check ran and found problems in the data." : ".") + "\nSee " + name +
               "(1) and footprint(7).");
}

void add_load_options(CLI::App& app, CommonOptions& options, bool strict_geometry) {
    app.add_option("--crs", options.working_crs, "Projected CRS that areas are computed in")
        ->capture_default_str()
        ->type_name("CRS");
    app.add_option("--srs", options.srs, "CRS of layers that declare none, e.g. EPSG:4326")->type_name("CRS");
    app.add_option("--code-field", options.code_field, "Code field of every layer (default: detected from ONS naming)")
        ->type_name("FIELD");
    app.add_option("--name-field", options.name_field, "Name field of every layer (default: detected from ONS naming)")
        ->type_name("FIELD");
    if (strict_geometry) app.add_flag("--strict", options.strict, "Refuse invalid geometry instead of repairing it");
}

void add_output_options(CLI::App& app, CommonOptions& options) {
    app.add_option("-o,--output", options.output, "Write the result to FILE instead of stdout")->type_name("FILE");
    app.add_flag("--overwrite", options.overwrite, "Replace an existing output file");
}

void add_verbosity_options(CLI::App& app, CommonOptions& options) {
    auto* quiet = app.add_flag("-q,--quiet", options.quiet, "No progress and no warnings on stderr");
    app.add_flag("--progress", options.progress, "Show progress on stderr even when it is not a terminal")
        ->excludes(quiet);
}

LoadOptions load_options(const std::string& tool, const CommonOptions& options) {
    LoadOptions load;
    load.warn = [tool, options](const std::string& message) { warn(tool, options, message); };
    load.working_crs = options.working_crs;
    load.assume_srs = options.srs;
    load.code_field = options.code_field;
    load.name_field = options.name_field;
    load.strict = options.strict;
    return load;
}

CLI::Validator range(double min, double max) {
    const auto shortest = [](double v) {
        char text[32];
        std::snprintf(text, sizeof text, "%.15g", v);
        return std::string(text);
    };
    const std::string bounds = shortest(min) + " to " + shortest(max);
    return CLI::Validator(
        [bounds, min, max](std::string& input) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(input, value)) return "Value " + input + " is not a number";
            // NaN compares false with both bounds: refused explicitly.
            if (!(value >= min && value <= max)) return "Value " + input + " not in range " + bounds;
            return {};
        },
        CLI::Range(min, max).get_description());
}

Progress::Progress(std::string tool, const CommonOptions& options)
    : tool_(std::move(tool)), terminal_(::isatty(STDERR_FILENO) == 1) {
    enabled_ = !options.quiet && (options.progress || terminal_);
}

Progress::~Progress() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
}

void Progress::stage(const std::string& what) {
    stage_ = what;
    if (enabled_ && !terminal_) std::cerr << tool_ << ": " << what << "\n";
    draw(stage_);
}

void Progress::count(std::size_t done, std::size_t total) {
    draw(stage_ + ": " + std::to_string(done) + (total ? "/" + std::to_string(total) : ""));
}

void Progress::draw(const std::string& text) {
    if (!enabled_ || !terminal_) return;
    std::cerr << "\r\033[K" << tool_ << ": " << text << std::flush;
    drawn_ = true;
}

void emit(const CommonOptions& options, const std::string& content) {
    if (options.output.empty() || options.output == "-") {
        std::cout << content << std::flush;
        if (!std::cout) throw OutputError("cannot write to standard output");
        return;
    }
    write_file_atomically(options.output, content, options.overwrite);
}

void warn(const std::string& tool, const CommonOptions& options, const std::string& message) {
    if (!options.quiet) std::cerr << tool << ": warning: " << message << "\n";
}

CLI::Option* add_flow_source_options(CLI::App& app, FlowSourceOptions& options) {
    app.add_flag("--wide", options.table.wide,
                 "The flow table is a matrix: one row per origin, one column per destination");
    app.add_option("--period", options.table.period, "Keep only flow rows of this period")->type_name("VALUE");
    auto* by_table = app.add_option("--origin-map", options.origin_map, "Table: origin code -> footprint [share]")
                         ->type_name("TABLE");
    auto* by_layer = app.add_option("--origin-layer", options.origin_layer,
                                    "Origin polygons, shared among footprints by the population of the --weights "
                                    "points, or by area")
                         ->type_name("LAYER")
                         ->excludes(by_table);
    auto* dest_table =
        app.add_option("--destination-map", options.destination_map, "Table: destination code -> footprint [share]")
            ->type_name("TABLE");
    app.add_option("--destination-points", options.destination_points,
                   "Provider points placed in footprints by location, e.g. 'trusts.csv|srs=EPSG:4326'")
        ->type_name("LAYER")
        ->excludes(dest_table);
    app.add_option("--successions", options.successions,
                   "Table of code successions, old -> new (default columns old_code, new_code)")
        ->type_name("TABLE");
    return by_layer;
}

FlowSources flow_sources(const std::string& flows, const FlowSourceOptions& options,
                         const std::optional<LayerSpec>& origin_weights, const std::string& origin_weight_field) {
    const auto spec_of = [](const std::string& text) {
        return text.empty() ? std::optional<LayerSpec>() : parse_layer_spec(text);
    };
    FlowSources sources;
    sources.flows = spec_of(flows);
    sources.table = options.table;
    sources.origin_map = spec_of(options.origin_map);
    sources.origin_layer = spec_of(options.origin_layer);
    sources.origin_weights = origin_weights;
    sources.origin_weight_field = origin_weight_field;
    sources.destination_map = spec_of(options.destination_map);
    sources.destination_points = spec_of(options.destination_points);
    sources.successions = spec_of(options.successions);
    return sources;
}

namespace {

// Removes the temporary outputs, then ends the tool by the same signal, so
// that the shell sees 128+N. The library's worker threads block these
// signals, so this runs on the main thread and nothing races it.
extern "C" void end_on_interrupt(int signal) {
    remove_temporaries();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

void remove_temporaries_when_interrupted() {
    struct sigaction action {};
    action.sa_handler = end_on_interrupt;
    sigemptyset(&action.sa_mask);
    for (const int s : {SIGINT, SIGTERM, SIGHUP})
        sigaddset(&action.sa_mask, s);
    for (const int s : {SIGINT, SIGTERM, SIGHUP})
        sigaction(s, &action, nullptr);
}

} // namespace

int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
    const std::string name = app.get_name();
    remove_temporaries_when_interrupted();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
        std::cerr << name << ": " << e.what() << "\nRun '" << name << " --help' for usage.\n";
        return static_cast<int>(ExitCode::usage);
    }
    try {
        return body();
    } catch (const std::exception& e) {
        std::cerr << name << ": " << e.what() << "\n";
        return static_cast<int>(exit_code_for(e));
    }
}

} // namespace fp::cli
