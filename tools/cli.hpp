// What every fp-* tool shares: the common options, the mapping from
// library errors to exit codes, progress on a terminal, and output.
#pragma once

#include "footprint/flows/flows.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/output.hpp"
#include "footprint/report/provenance.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

namespace fp::cli {

struct CommonOptions {
    std::string working_crs = default_working_crs;
    std::string srs;
    std::string code_field;
    std::string name_field;
    bool strict = false;
    bool quiet = false;
    bool progress = false;
    std::string output = "-";
    bool overwrite = false;
};

// Adds --version and the exit status table to a tool's App; `checks` when
// the tool can exit 3 because it found problems in the data.
void describe_tool(CLI::App& app, bool checks = true);

// --crs, --srs, --code-field, --name-field and, unless the tool gives
// --strict another meaning, --strict
void add_load_options(CLI::App& app, CommonOptions& options, bool strict_geometry = true);
// -o/--output, --overwrite
void add_output_options(CLI::App& app, CommonOptions& options);

// Marks an option whose values are files the tool writes. Before the tool
// does any work, run() refuses an output that is the same file as another
// output or as anything the tool reads: every positional argument, every
// LAYER, TABLE or FILE option not marked as an output, and the shipped
// dataset.
CLI::Option* writes(CLI::Option* option);
// The options that say how flows map to footprints, shared by fp-flows and
// fp-report, as given.
struct FlowSourceOptions {
    FlowTableOptions table;
    std::string origin_map, origin_layer, destination_map, destination_points, successions;
};
// --wide, --period, --sum-repeats, --origin-map, --origin-layer,
// --destination-map, --destination-points, --successions. Returns --origin-layer, which the
// tool's population points may need.
CLI::Option* add_flow_source_options(CLI::App& app, FlowSourceOptions& options);
// The library's sources for the flow table `flows` (empty: the shipped one)
// and these options; origin polygons are weighed by `origin_weights`.
FlowSources flow_sources(const std::string& flows, const FlowSourceOptions& options,
                         const std::optional<LayerSpec>& origin_weights, const std::string& origin_weight_field);

// fp::check_flow_sources, its refusal naming the options that settle it.
void check_flow_sources(const FlowSources& sources);

// fp::map_flows, with the option that settles each refusal added to its
// message, and each note on how origins were mapped told on stderr
// (unless --quiet) with the options that choose otherwise.
FlowResult map_flows(const std::string& tool, const CommonOptions& common, GeosContext& ctx, const FlowSources& sources,
                     const PolygonLayer* footprints, const LoadOptions& load, const FlowOptions& options,
                     const std::function<void(const std::string&)>& stage);

// --config FILE: options read from an INI or TOML file whose keys are the
// tool's long option names (footprint/config_file.hpp reads it strictly).
// run() applies the file after the command line, which takes precedence.
void add_config_option(CLI::App& app, const std::string& description);

// -q/--quiet, --progress
void add_verbosity_options(CLI::App& app, CommonOptions& options);

// The option of the tools that gives `setting`, e.g. "--overwrite".
std::string flag_for(Setting setting);
// The message of `error`, naming settings by the tools' options.
std::string message_of(const std::exception& error);

// The load options given; warnings about the data go to stderr as `tool`'s,
// unless --quiet.
LoadOptions load_options(const std::string& tool, const CommonOptions& options);

// CLI::Range(min, max) for a floating-point option that also refuses NaN,
// which compares false with both bounds and so passes CLI::Range.
CLI::Validator range(double min, double max);
// Every integer option: a whole number from min to max. "5.0" or "1e3" is
// refused as not a whole number, not as out of range.
CLI::Validator whole_number(long long min, long long max);

// Progress on stderr: only on a terminal unless --progress, never with --quiet.
class Progress {
  public:
    Progress(std::string tool, const CommonOptions& options);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void stage(const std::string& what);
    void count(std::size_t done, std::size_t total);
    bool enabled() const { return enabled_; }

  private:
    void draw(const std::string& text);
    std::string tool_;
    std::string stage_;
    bool enabled_;
    bool terminal_; // redraw one line; elsewhere (a log) one plain line a stage
    bool drawn_ = false;
};

// Writes `content` to stdout ("-") or atomically to a file.
void emit(const CommonOptions& options, const std::string& content);

// Writes the side outputs (--matrix, --junit, --png, ...) and `content`
// as emit() does, all or none: every file is on disk under a temporary
// name before any is renamed into place. Standard output comes last.
void emit_all(const CommonOptions& options, const std::string& content, const std::vector<FileContent>& side_files);

// A warning on stderr, unless --quiet.
void warn(const std::string& tool, const CommonOptions& options, const std::string& message);

// What shaped this run, for the outputs to record: every option given (on
// the command line or in --config) or with a default, by its long name;
// layers and tables in full (LayerSpec::text), passwords hidden. Call it
// inside run()'s body, once the options are parsed.
Provenance provenance(const CLI::App& app);

// Parses the command line and runs `body`, turning every failure into one
// line on stderr and the documented exit code.
int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

} // namespace fp::cli
