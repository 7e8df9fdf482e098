// The preamble every fp-* tool shares, as osmium-tool's Command classes
// share theirs: a tool is a Command, declares its own options on `app`,
// adds the common ones, and hands its job to run(). The job receives a Run
// holding what every run starts with: the provenance, progress on stderr,
// the load options (counting progress), a GEOS context and the tool's
// ways to warn and to write its output.
#pragma once

#include "cli.hpp"
#include "footprint/geometry/geos.hpp"

#include <functional>
#include <string>
#include <vector>

namespace fp::cli {

class Run {
  public:
    Run(const CLI::App& app, const CommonOptions& options);

    const std::string tool;
    const CommonOptions& common;
    const Provenance provenance; // as the options were given
    Progress progress;
    LoadOptions load; // the common load options, counting progress
    GeosContext ctx;

    void stage(const std::string& what) { progress.stage(what); }
    // progress.stage, for the library's `stage` callbacks.
    std::function<void(const std::string&)> stages();
    // A warning on stderr as the tool's, unless --quiet.
    void warn(const std::string& message) const { cli::warn(tool, common, message); }
    // The output to -o/--output or stdout.
    void emit(const std::string& content) const { cli::emit(common, content); }
    // The same with the side files (--matrix, --png, ...), all or none.
    void emit_all(const std::string& content, const std::vector<FileContent>& side_files) const {
        cli::emit_all(common, content, side_files);
    }
};

// Exit status when a --check run found problems (or not).
int check_status(bool problems);

class Command {
  public:
    // `checks`: the tool can exit 3 because it found problems in the data.
    Command(const std::string& name, const std::string& description, bool checks = true);

    CLI::App app;
    CommonOptions common;

    // --crs, --srs, --code-field, --name-field, --strict (unless the tool
    // gives --strict its own meaning).
    void add_load_options(bool strict_geometry = true) { cli::add_load_options(app, common, strict_geometry); }
    // -o/--output, --overwrite
    void add_output_options() { cli::add_output_options(app, common); }
    // -q/--quiet, --progress
    void add_verbosity_options() { cli::add_verbosity_options(app, common); }
    // All three, in that order: what most tools take.
    void add_common_options() {
        add_load_options();
        add_output_options();
        add_verbosity_options();
    }

    // Parses the command line, then runs `job`; every failure becomes one
    // line on stderr and the documented exit status.
    int run(int argc, char** argv, const std::function<int(Run&)>& job);
};

} // namespace fp::cli
