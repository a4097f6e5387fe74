#pragma once
/// @file
/// @brief Deterministic fork-join loop over index ranges (std::thread; no OpenMP
/// needed).
///
/// emcf never starts threads unless the caller asks for them (`threads > 1`), so a Dask
/// or dolphin thread pool calling emcf kernels does not oversubscribe the machine. Work
/// is cut into fixed chunks handed out dynamically; every index is processed exactly as
/// it would be serially, so results do not depend on the thread count, provided `fn`
/// writes only to outputs owned by its indices (the contract of every emcf kernel).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>

EMCF_BEGIN_NAMESPACE

/// Number of worker threads to use for a request: `threads >= 1` is taken as is,
/// `threads == 0` means one per hardware thread.
/// @throws emcf::invalid_argument if `threads < 0`
[[nodiscard]] inline unsigned resolve_thread_count(int threads)
{
    detail::require(threads >= 0, "threads",
                    "must be >= 0 (0 = one per hardware thread), got " +
                            std::to_string(threads));
    if (threads == 0) {
        return std::max(1U, std::thread::hardware_concurrency());
    }
    return static_cast<unsigned>(threads);
}

/// Call `fn(begin, end, worker)` on consecutive chunks of `[0, n)` of at most `chunk`
/// indices, on `threads` workers (`worker` in `[0, threads)`, for per-worker scratch).
/// @param n       number of indices
/// @param threads worker count as for resolve_thread_count(); 1 runs inline
/// @param chunk   indices per task (>= 1)
/// @param fn      callable `(std::size_t begin, std::size_t end, unsigned worker)`
/// @throws whatever `fn` throws (the first exception, after all workers have stopped),
///         emcf::invalid_argument for `threads < 0`
template <class Fn>
void parallel_for(std::size_t n, int threads, std::size_t chunk, Fn&& fn)
{
    chunk = std::max<std::size_t>(chunk, 1);
    const std::size_t nchunks = (n + chunk - 1) / chunk;
    const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(
            resolve_thread_count(threads), std::max<std::size_t>(nchunks, 1)));
    if (workers <= 1) {
        for (std::size_t b = 0; b < n; b += chunk) {
            fn(b, std::min(n, b + chunk), 0U);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&](unsigned worker) {
        for (;;) {
            const std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
            if (c >= nchunks || failed.load(std::memory_order_relaxed)) {
                return;
            }
            try {
                fn(c * chunk, std::min(n, (c + 1) * chunk), worker);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) {
                    error = std::current_exception();
                }
                failed.store(true, std::memory_order_relaxed);
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) {
        pool.emplace_back(work, w);
    }
    work(0);
    for (auto& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

EMCF_END_NAMESPACE
