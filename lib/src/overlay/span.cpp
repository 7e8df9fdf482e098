#include "footprint/overlay/span.hpp"

#include <algorithm>

namespace fp {

std::vector<SpanRow> spanning_units(const Overlay& o) {
    std::vector<SpanRow> rows;
    for (std::size_t b = 0; b < o.b.codes.size(); ++b) {
        const auto& u = o.units[b];
        if (u.pieces.size() < 2) continue;
        SpanRow row{b, {}, 0};
        for (std::size_t i : u.pieces) {
            const Piece& p = o.pieces[i];
            row.shares.push_back({p.a, o.weighted ? p.weight_share_of_b : p.share_of_b,
                                  o.membership_mode ? not_measured : p.share_of_b, p.weight_share_of_b});
        }
        std::stable_sort(row.shares.begin(), row.shares.end(),
                         [](const SpanShare& x, const SpanShare& y) { return x.share > y.share; });
        row.minority_share = row.shares[1].share;
        rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(), [&](const SpanRow& x, const SpanRow& y) {
        if (x.shares.size() != y.shares.size()) return x.shares.size() > y.shares.size();
        if (x.minority_share != y.minority_share) return x.minority_share > y.minority_share;
        return o.b.codes[x.unit] < o.b.codes[y.unit];
    });
    return rows;
}

} // namespace fp
