#include "footprint/report/vector_layers.hpp"

#include <cmath>

namespace fp {

std::vector<std::string> write_pieces(GeosContext& ctx, const VectorOutput& output,
                                      const std::vector<Overlay>& overlays) {
    const std::vector<OutputField> fields = {{"layer", FieldType::string},
                                             {"footprint", FieldType::string},
                                             {"unit", FieldType::string},
                                             {"relation", FieldType::string},
                                             {"sliver", FieldType::integer},
                                             {"area_m2", FieldType::real},
                                             {"share_of_footprint", FieldType::real},
                                             {"share_of_unit", FieldType::real},
                                             {"population", FieldType::real}};
    std::vector<OutputFeature> features;
    for (const auto& o : overlays)
        for (const auto& p : o.pieces)
            if (p.geom)
                features.push_back({{o.b.source, o.a.codes[p.a], o.b.codes[p.b], std::string(to_string(p.relation)),
                                     static_cast<long long>(p.sliver), p.area_m2, p.share_of_a, p.share_of_b,
                                     std::isnan(p.weight) ? 0.0 : p.weight},
                                    p.geom.get()});
    return write_polygons(ctx, output, fields, features);
}

std::vector<std::string> write_footprints(GeosContext& ctx, const VectorOutput& output, const BuildResult& result) {
    const std::vector<OutputField> fields = {{output.layer_name + "cd", FieldType::string},
                                             {output.layer_name + "nm", FieldType::string},
                                             {"members", FieldType::integer},
                                             {"parts", FieldType::integer},
                                             {"area_km2", FieldType::real}};
    std::vector<OutputFeature> features;
    for (const auto& f : result.footprints)
        features.push_back(
            {{f.code, f.name, static_cast<long long>(f.members), static_cast<long long>(f.parts), f.area_m2 / 1e6},
             f.geom.get()});
    return write_polygons(ctx, output, fields, features);
}

} // namespace fp
