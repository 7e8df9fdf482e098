#include "cli.hpp"

#include "footprint/check/config.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/output.hpp"
#include "footprint/io/vector_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <iostream>
#include <iterator>
#include <map>
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
    writes(
        app.add_option("-o,--output", options.output, "Write the result to FILE instead of stdout")->type_name("FILE"));
    app.add_flag("--overwrite", options.overwrite, "Replace an existing output file");
}

namespace {

std::vector<const CLI::Option*>& output_options() {
    static std::vector<const CLI::Option*> options;
    return options;
}

bool is_output(const CLI::Option* option) {
    const auto& outputs = output_options();
    return std::find(outputs.begin(), outputs.end(), option) != outputs.end();
}

// The file a command-line value names: a layer or table source before its
// '|' options; the shipped dataset for an empty source.
std::string file_named_by(const std::string& value) {
    std::string source = value.substr(0, value.find('|'));
    if (source.empty()) {
        try {
            return shipped_dataset_path();
        } catch (const Error&) {
            return {};
        }
    }
    return source;
}

// Before any work: every output can be written, and none is another
// output or an input.
void check_outputs(const CLI::App& app) {
    std::vector<NamedFile> outputs, inputs;
    for (const CLI::Option* option : app.get_options()) {
        const bool output = is_output(option);
        const std::string type = option->get_type_name();
        if (!output && !option->get_positional() && type != "LAYER" && type != "TABLE" && type != "FILE") continue;
        const std::string role = option->get_name(option->get_positional());
        for (const auto& value : option->results()) {
            if (output)
                outputs.push_back({value, role});
            else
                inputs.push_back({file_named_by(value), role});
        }
    }
    try {
        inputs.push_back({shipped_dataset_path(), "the shipped dataset"});
    } catch (const Error&) {
        // no shipped dataset, so none to protect
    }
    refuse_clashing_files(outputs, inputs);
    const CLI::Option* overwrite = app.get_option_no_throw("--overwrite");
    for (const auto& output : outputs)
        if (output.path != "-" && !is_postgis_output(output.path))
            check_writable(output.path, overwrite != nullptr && overwrite->count() > 0);
}

} // namespace

CLI::Option* writes(CLI::Option* option) {
    output_options().push_back(option);
    return option;
}

void add_verbosity_options(CLI::App& app, CommonOptions& options) {
    auto* quiet = app.add_flag("-q,--quiet", options.quiet, "No progress and no warnings on stderr");
    app.add_flag("--progress", options.progress, "Show progress on stderr even when it is not a terminal")
        ->excludes(quiet);
}

std::string flag_for(Setting setting) {
    // In the order fp::Setting declares them.
    static const char* const flags[] = {"--overwrite", "--code-field", "--name-field", "--srs", "--strict"};
    static_assert(std::size(flags) == static_cast<std::size_t>(Setting::strict) + 1, "a flag for every setting");
    return flags[static_cast<std::size_t>(setting)];
}

std::string message_of(const std::exception& error) {
    if (const auto* ours = dynamic_cast<const Error*>(&error)) return ours->message(flag_for);
    return error.what();
}

LoadOptions load_options(const std::string& tool, const CommonOptions& options) {
    LoadOptions load;
    load.warn = [tool, options](const std::string& message) { warn(tool, options, message); };
    load.note = [tool, options](const std::string& message) {
        if (!options.quiet) std::cerr << tool << ": note: " << message << "\n";
    };
    load.working_crs = options.working_crs;
    load.assume_srs = options.srs;
    load.code_field = options.code_field;
    load.name_field = options.name_field;
    load.strict = options.strict;
    load.setting_names = flag_for;
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

CLI::Validator whole_number(long long min, long long max) {
    const std::string bounds = std::to_string(min) + " to " + std::to_string(max);
    return CLI::Validator(
        [bounds, min, max](std::string& input) -> std::string {
            const std::size_t sign = !input.empty() && (input[0] == '-' || input[0] == '+') ? 1 : 0;
            if (input.size() == sign || input.find_first_not_of("0123456789", sign) != std::string::npos)
                return "Value " + input + " must be a whole number from " + bounds;
            long long value = 0;
            const char* first = input.data() + (input[0] == '+' ? 1 : 0);
            const auto [end, error] = std::from_chars(first, input.data() + input.size(), value);
            if (error != std::errc() || end != input.data() + input.size() || value < min || value > max)
                return "Value " + input + " not in range " + bounds;
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
        errno = 0;
        std::cout << content << std::flush;
        if (!std::cout)
            throw OutputError(std::string("cannot write to standard output: ") +
                              (errno != 0 ? std::strerror(errno) : "unknown error"));
        return;
    }
    write_file_atomically(options.output, content, options.overwrite);
}

void emit_all(const CommonOptions& options, const std::string& content, const std::vector<FileContent>& side_files) {
    std::vector<FileContent> files = side_files;
    const bool to_stdout = options.output.empty() || options.output == "-";
    if (!to_stdout) files.push_back({options.output, content});
    write_files_atomically(files, options.overwrite);
    if (to_stdout) emit(options, content);
}

void warn(const std::string& tool, const CommonOptions& options, const std::string& message) {
    if (!options.quiet) std::cerr << tool << ": warning: " << message << "\n";
}

CLI::Option* add_flow_source_options(CLI::App& app, FlowSourceOptions& options) {
    app.add_flag("--wide", options.table.wide,
                 "The flow table is a matrix: one row per origin, one column per destination");
    app.add_option("--period", options.table.period, "Keep only flow rows of this period")->type_name("VALUE");
    app.add_flag("--sum-repeats", options.table.sum_repeats,
                 "Rows repeating an origin and destination with other values in other columns are parts of one "
                 "flow (by month, age, sex): add them up instead of refusing the table as stacked tables");
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

// The library's refusal in the words of the flow options above.
[[noreturn]] void rethrow_naming_flags(const FlowOptionError& e) {
    switch (e.problem) {
    case FlowOptionProblem::period_in_wide_table:
        throw UsageError("--period applies to long tables, not --wide ones");
    case FlowOptionProblem::no_period_column:
        throw UsageError("'" + e.source + "': --period needs a period column; name it with '|period=COL'");
    case FlowOptionProblem::no_origin_mapping:
        throw UsageError("name how origins map to footprints: --origin-map TABLE or --origin-layer LAYER");
    case FlowOptionProblem::no_destination_mapping:
        throw UsageError(
            "name how destinations map to footprints: --destination-map TABLE or --destination-points LAYER");
    }
    throw;
}

} // namespace

void check_flow_sources(const FlowSources& sources) {
    try {
        fp::check_flow_sources(sources);
    } catch (const FlowOptionError& e) {
        rethrow_naming_flags(e);
    }
}

FlowResult map_flows(const std::string& tool, const CommonOptions& common, GeosContext& ctx, const FlowSources& sources,
                     const PolygonLayer* footprints, const LoadOptions& load, const FlowOptions& options,
                     const std::function<void(const std::string&)>& stage) {
    FlowResult result;
    try {
        result = fp::map_flows(ctx, sources, footprints, load, options, stage);
    } catch (const FlowOptionError& e) {
        rethrow_naming_flags(e);
    } catch (const StackedFlowsError& e) {
        throw StackedFlowsError(std::string(e.what()) +
                                "; or, if the rows are parts of one flow to add up (by month, age or sex), give "
                                "--sum-repeats");
    }
    for (const auto& note : result.notes) {
        switch (note.kind) {
        case FlowNoteKind::derived_origins:
            warn(tool, common, note.text + "; give --origin-map or --origin-layer to map origins otherwise");
            break;
        case FlowNoteKind::population_weights:
            warn(tool, common, note.text + "; --weights names other points, --no-weights shares by area");
            break;
        case FlowNoteKind::area_shares:
            warn(tool, common,
                 note.text + "; give population points with --weights, or --no-weights to share by area "
                             "without this warning");
            break;
        case FlowNoteKind::no_population:
            warn(tool, common, note.text);
            break;
        }
    }
    return result;
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

namespace {

const char* const config_option = "--config";

// The keys a config file may set: every long option name but the ones that
// act at once (help, version) and the config option itself.
std::map<std::string, CLI::Option*> configurable_options(CLI::App& app) {
    std::map<std::string, CLI::Option*> options;
    for (CLI::Option* option : app.get_options()) {
        if (option == app.get_help_ptr() || option == app.get_help_all_ptr() || option == app.get_version_ptr() ||
            option->check_name(config_option))
            continue;
        for (const auto& name : option->get_lnames())
            options.emplace(name, option);
    }
    return options;
}

ConfigKind kind_of(const CLI::Option& option) {
    if (option.get_expected_max() == 0) return ConfigKind::flag;
    return option.get_items_expected_max() > 1 ? ConfigKind::list : ConfigKind::value;
}

// Gives `option` the values of `settings` and runs its validators and
// callback, blaming the line of the setting a value came from.
void apply_settings(const std::string& path, CLI::Option& option, const std::string& key,
                    const std::vector<const ConfigSetting*>& settings) {
    const auto assign = [&](const std::vector<const ConfigSetting*>& from, std::size_t line) {
        option.clear();
        for (const ConfigSetting* setting : from)
            for (const auto& value : setting->values)
                option.add_result(value);
        try {
            option.run_callback();
        } catch (const CLI::Error& e) {
            // CLI11 names the option as on the command line; the file names the key.
            std::string message = e.what();
            const std::string prefix = option.get_name() + ": ";
            if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
            throw ConfigError(path, line, "'" + key + "': " + message);
        }
    };
    // Each line alone first, so that a bad value is blamed on its own line.
    for (const ConfigSetting* setting : settings)
        assign({setting}, setting->line);
    if (settings.size() > 1) assign(settings, settings.front()->line);
}

void apply_config_file(CLI::App& app, const std::string& path) {
    const auto options = configurable_options(app);
    ConfigSchema schema;
    for (const auto& [name, option] : options)
        schema.emplace(name, kind_of(*option));
    const ConfigFile file = read_config_file(path, schema);

    std::map<CLI::Option*, std::vector<const ConfigSetting*>> by_option;
    std::vector<CLI::Option*> order;
    for (const auto& setting : file.settings) {
        CLI::Option* option = options.at(setting.key);
        if (by_option[option].empty()) order.push_back(option);
        by_option[option].push_back(&setting);
    }
    std::vector<std::pair<CLI::Option*, const ConfigSetting*>> applied;
    for (CLI::Option* option : order) {
        if (option->count() > 0) continue; // the command line takes precedence, lists included
        const auto& settings = by_option[option];
        apply_settings(path, *option, settings.front()->key, settings);
        applied.emplace_back(option, settings.front());
    }
    // The command line's parser checked only its own options' exclusions.
    for (const auto& [option, setting] : applied) {
        for (const CLI::Option* other : option->get_excludes())
            if (other->count() > 0)
                throw ConfigError(path, setting->line,
                                  "'" + setting->key + "' cannot be combined with " + other->get_name());
        for (const CLI::Option* other : option->get_needs())
            if (other->count() == 0)
                throw ConfigError(path, setting->line, "'" + setting->key + "' needs " + other->get_name());
    }
}

} // namespace

void add_config_option(CLI::App& app, const std::string& description) {
    app.add_option(config_option, description)->type_name("FILE");
}

Provenance provenance(const CLI::App& app) {
    Provenance result;
    result.tool = app.get_name();
    for (const CLI::Option* option : app.get_options()) {
        const std::string name =
            option->get_lnames().empty() ? to_lower(option->get_name()) : option->get_lnames().front();
        // What only changes how the run looks or where it goes, not what it
        // finds: the same run written elsewhere records the same provenance.
        if (name == "help" || name == "version" || name == "quiet" || name == "progress" || name == "overwrite" ||
            is_output(option))
            continue;
        std::vector<std::string> values = option->results();
        if (option->count() == 0) {
            if (option->get_default_str().empty()) continue;
            values = {option->get_default_str()};
        }
        const bool layer =
            option->get_type_name() == "LAYER" || option->get_type_name() == "TABLE" || option->get_lnames().empty();
        for (const auto& value : values) {
            std::string shown = without_password(value);
            if (layer) try {
                    shown = parse_layer_spec(value).text();
                } catch (const std::exception&) {
                    // Not a layer spec after all: shown as given.
                }
            result.settings.emplace_back(name, shown);
        }
    }
    return result;
}

int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
    const std::string name = app.get_name();
    remove_temporaries_when_interrupted();
    try {
        app.parse(argc, argv);
        if (const CLI::Option* config = app.get_option_no_throw(config_option); config && config->count() > 0)
            apply_config_file(app, config->as<std::string>());
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
        std::cerr << name << ": " << e.what() << "\nRun '" << name << " --help' for usage.\n";
        return static_cast<int>(ExitCode::usage);
    } catch (const ConfigError& e) {
        std::cerr << name << ": " << e.what() << "\nRun '" << name << " --help' for usage.\n";
        return static_cast<int>(ExitCode::usage);
    } catch (const Error& e) { // a config file that cannot be read
        std::cerr << name << ": " << message_of(e) << "\n";
        return static_cast<int>(exit_code_for(e));
    }
    try {
        check_outputs(app);
        return body();
    } catch (const std::exception& e) {
        std::cerr << name << ": " << message_of(e) << "\n";
        return static_cast<int>(exit_code_for(e));
    }
}

} // namespace fp::cli
