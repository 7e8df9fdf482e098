// A minimal work-sharing loop: items are handed out one chunk at a time from
// an atomic counter, so uneven item costs still balance across cores.
#pragma once

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstddef>
#include <exception>
#include <initializer_list>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <utility>
#include <vector>

namespace fp {

// How many worker threads geometry work may use: one per core.
inline unsigned worker_count() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

// A thread for the library's work. It starts with SIGINT, SIGTERM and SIGHUP
// blocked, so that a program's handler for them runs on its main thread
// and never beside it (the fp-* tools remove their temporary outputs there).
template <typename Function, typename... Args> std::thread worker_thread(Function&& function, Args&&... args) {
    sigset_t interrupts, before;
    sigemptyset(&interrupts);
    for (const int s : {SIGINT, SIGTERM, SIGHUP})
        sigaddset(&interrupts, s);
    pthread_sigmask(SIG_BLOCK, &interrupts, &before);
    std::thread thread(std::forward<Function>(function), std::forward<Args>(args)...);
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    return thread;
}

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
        threads.push_back(worker_thread(run, w));
    run(0);
    for (auto& t : threads)
        t.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace fp
