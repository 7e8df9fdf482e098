// What shaped a saved report: the tool and every option and layer as it was
// used (layer specs in full, passwords hidden). Results carry it so that
// report writers can say how they were made.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace fp {

struct Provenance {
    std::string tool;
    // Option name (long, without dashes) -> value as used, in the order the
    // tool declares them; layer specs rendered by LayerSpec::text().
    std::vector<std::pair<std::string, std::string>> settings;
};

} // namespace fp
