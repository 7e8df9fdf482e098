// Flat open-addressing tables keyed by an (origin id, destination id) pair
// packed in 64 bits, and the interner that gives codes those small ids: a
// flow table of 10^8 rows sums into them with no allocation per row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fp {

// Counts by 64-bit key in one flat open-addressing table: no allocation per
// pair, which dominates a node-based map at millions of pairs.
class PairCounts {
  public:
    // Adds `value` to `key`; true when the key was new.
    bool add(std::uint64_t key, double value);
    // Adds many at once, in order, prefetching their slots first: a table
    // of millions of pairs misses the cache on nearly every add. Returns how
    // many keys were new.
    std::size_t add_many(const std::uint64_t* keys, const double* values, std::size_t count);
    std::size_t size() const { return size_; }
    // The entries in no particular order.
    template <typename Visit> void for_each(Visit visit) const {
        for (const auto& slot : slots_)
            if (slot.key != empty_key) visit(slot.key, slot.value);
    }

  private:
    void grow();
    static constexpr std::uint64_t empty_key = ~std::uint64_t{0};
    struct Slot {
        std::uint64_t key = empty_key;
        double value = 0;
    };
    std::vector<Slot> slots_; // key and value side by side: one cache miss per add
    std::size_t size_ = 0;
};

// The signature of each pair's first row, by pair key: how a reader tells
// that a later row repeating the pair differs in another column.
class PairSignatures {
  public:
    // The bits that differ from the pair's first signature (0 for a new pair).
    std::uint64_t check(std::uint64_t key, std::uint64_t signature);
    template <typename Visit> void for_each(Visit visit) const {
        for (const auto& slot : slots_)
            if (slot.first != empty_key) visit(slot.first, slot.second);
    }

  private:
    void grow();
    static constexpr std::uint64_t empty_key = ~std::uint64_t{0};
    std::vector<std::pair<std::uint64_t, std::uint64_t>> slots_;
    std::size_t size_ = 0;
};

// Codes to small ids in order of first appearance, looked up by view so
// that a row costs no allocation. The codes are appended to `codes`.
class Interner {
  public:
    explicit Interner(std::vector<std::string>& codes) : codes_(codes) {}
    std::uint32_t id(std::string_view code);

  private:
    std::vector<std::string>& codes_;
    std::deque<std::string> store_; // stable storage behind the views
    std::unordered_map<std::string_view, std::uint32_t> ids_;
};

// The key of a pair of ids, and its two halves.
inline std::uint64_t pair_key(std::uint32_t origin, std::uint32_t destination) {
    return (std::uint64_t{origin} << 32) | destination;
}
inline std::uint32_t origin_of_key(std::uint64_t key) {
    return static_cast<std::uint32_t>(key >> 32);
}
inline std::uint32_t destination_of_key(std::uint64_t key) {
    return static_cast<std::uint32_t>(key);
}

} // namespace fp
