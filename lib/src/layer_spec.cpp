#include "footprint/layer_spec.hpp"

#include "footprint/dataset.hpp"
#include "footprint/error.hpp"
#include "footprint/text.hpp"

#include <vector>

namespace fp {

namespace {

constexpr const char* spec_keys =
    "layer, where, code, name, srs, member, group, share, group_name, weight, origin, destination, count, period";

std::vector<std::string_view> split_on_bar(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t bar = text.find('|', start);
        parts.push_back(text.substr(start, bar - start));
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    return parts;
}

} // namespace

LayerSpec parse_layer_spec(std::string_view text) {
    const auto parts = split_on_bar(text);
    LayerSpec spec;
    spec.source = std::string(parts.front());
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string_view part = parts[i];
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos)
            throw UsageError("layer '" + std::string(text) + "': '" + std::string(part) +
                             "' is not key=value (keys: " + std::string(spec_keys) + ")");
        const std::string_view key = part.substr(0, eq);
        std::string value(part.substr(eq + 1));
        std::string* target = key == "layer"         ? &spec.layer
                              : key == "where"       ? &spec.where
                              : key == "code"        ? &spec.code_field
                              : key == "name"        ? &spec.name_field
                              : key == "srs"         ? &spec.srs
                              : key == "member"      ? &spec.member_field
                              : key == "group"       ? &spec.group_field
                              : key == "share"       ? &spec.share_field
                              : key == "group_name"  ? &spec.group_name_field
                              : key == "weight"      ? &spec.weight_field
                              : key == "origin"      ? &spec.origin_field
                              : key == "destination" ? &spec.destination_field
                              : key == "count"       ? &spec.count_field
                              : key == "period"      ? &spec.period_field
                                                     : nullptr;
        if (target == nullptr)
            throw UsageError("layer '" + std::string(text) + "': unknown key '" + std::string(key) +
                             "' (keys: " + std::string(spec_keys) + ")");
        *target = std::move(value);
    }
    if (spec.source.empty()) {
        if (spec.layer.empty())
            throw UsageError("layer '" + std::string(text) +
                             "': with no source before '|', name a layer of the shipped dataset with |layer=");
        spec.source = shipped_dataset_path();
    }
    return spec;
}

std::string LayerSpec::display() const {
    std::string text = without_password(source);
    if (!layer.empty()) text += "|layer=" + layer;
    if (!where.empty()) text += "|where=" + where;
    return text;
}

} // namespace fp
