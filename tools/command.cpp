#include "command.hpp"

namespace fp::cli {

Run::Run(const CLI::App& app, const CommonOptions& options)
    : tool(app.get_name()), common(options), provenance(cli::provenance(app)), progress(tool, common),
      load(load_options(tool, common)) {
    load.progress = [this](std::size_t done, std::size_t total) { progress.count(done, total); };
}

std::function<void(const std::string&)> Run::stages() {
    return [this](const std::string& what) { progress.stage(what); };
}

int check_status(bool problems) {
    return problems ? static_cast<int>(ExitCode::check_failed) : static_cast<int>(ExitCode::ok);
}

Command::Command(const std::string& name, const std::string& description, bool checks) : app(description, name) {
    describe_tool(app, checks);
}

int Command::run(int argc, char** argv, const std::function<int(Run&)>& job) {
    return cli::run(app, argc, argv, [&] {
        Run run(app, common);
        return job(run);
    });
}

} // namespace fp::cli
