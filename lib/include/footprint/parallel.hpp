// A minimal work-sharing loop: items are handed out one chunk at a time from
// an atomic counter, so uneven item costs still balance across cores.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fp {

// Calls body(worker_index, item_index) for every item in [0, count).
// make_state(worker_index) builds per-worker state passed as the first
// argument instead when given. The first exception thrown by any worker is
// rethrown after all workers stop.
template <typename Body> void parallel_for(std::size_t count, unsigned workers, std::size_t chunk, Body body) {
    workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(workers, count)));
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto run = [&](unsigned worker) {
        try {
            while (true) {
                const std::size_t begin = next.fetch_add(chunk);
                if (begin >= count) break;
                const std::size_t end = std::min(count, begin + chunk);
                for (std::size_t i = begin; i < end; ++i)
                    body(worker, i);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = count;
        }
    };
    std::vector<std::thread> threads;
    for (unsigned w = 1; w < workers; ++w)
        threads.emplace_back(run, w);
    run(0);
    for (auto& t : threads)
        t.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace fp
