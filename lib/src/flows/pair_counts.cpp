#include "footprint/flows/pair_counts.hpp"

#include <algorithm>

namespace fp {

namespace {

std::size_t slot_of(std::uint64_t key, std::size_t mask) {
    key ^= key >> 33; // mix: ids are small and dense
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key) & mask;
}

} // namespace

bool PairCounts::add(std::uint64_t key, double value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.key == key) {
            slot.value += value;
            return false;
        }
        if (slot.key == empty_key) {
            slot.key = key;
            slot.value = value;
            ++size_;
            return true;
        }
    }
}

std::size_t PairCounts::add_many(const std::uint64_t* keys, const double* values, std::size_t count) {
    while (2 * (size_ + count) > slots_.size())
        grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = 0; k < count; ++k)
        __builtin_prefetch(&slots_[slot_of(keys[k], mask)], 1);
    std::size_t added = 0;
    for (std::size_t k = 0; k < count; ++k)
        added += add(keys[k], values[k]) ? 1 : 0;
    return added;
}

void PairCounts::grow() {
    std::vector<Slot> old(std::max<std::size_t>(1024, 2 * slots_.size()));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
        if (slot.key == empty_key) continue;
        std::size_t i = slot_of(slot.key, mask);
        while (slots_[i].key != empty_key)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

std::uint64_t PairSignatures::check(std::uint64_t key, std::uint64_t signature) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        auto& slot = slots_[i];
        if (slot.first == key) return slot.second ^ signature;
        if (slot.first == empty_key) {
            slot = {key, signature};
            ++size_;
            return 0;
        }
    }
}

void PairSignatures::grow() {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> old(std::max<std::size_t>(1024, 2 * slots_.size()),
                                                             {empty_key, 0});
    old.swap(slots_);
    size_ = 0;
    for (const auto& slot : old)
        if (slot.first != empty_key) check(slot.first, slot.second);
}

std::uint32_t Interner::id(std::string_view code) {
    const auto found = ids_.find(code);
    if (found != ids_.end()) return found->second;
    const auto id = static_cast<std::uint32_t>(codes_.size());
    store_.emplace_back(code);
    codes_.emplace_back(code);
    ids_.emplace(store_.back(), id);
    return id;
}

} // namespace fp
