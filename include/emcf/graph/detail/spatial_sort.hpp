#pragma once
/// @file
/// @brief Insertion order for incremental Delaunay triangulation: a biased randomized
///        insertion order (BRIO, Amenta, Choi & Rote 2003) whose rounds are each sorted
///        along a Hilbert curve.
///
/// Hilbert order keeps consecutive points close, so the point-location walk from the
/// previous insertion is short and the triangle arrays stay in cache; the random rounds
/// keep the expected cost of the insertions near the randomized optimum even for
/// adversarial inputs (points sorted along a line, lattices). The "randomness" is a
/// fixed hash of the point index: the order is deterministic.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

/// Index along a Hilbert curve of order `bits` (<= 16) of the cell (x, y),
/// x, y < 2^bits.
inline std::uint32_t hilbert_index(std::uint32_t x, std::uint32_t y,
                                   unsigned bits) noexcept
{
    std::uint32_t d = 0;
    for (std::uint32_t s = 1U << (bits - 1); s > 0; s >>= 1) {
        const std::uint32_t rx = (x & s) != 0 ? 1U : 0U;
        const std::uint32_t ry = (y & s) != 0 ? 1U : 0U;
        d += s * s * ((3U * rx) ^ ry);
        // Rotate the quadrant so that the curve inside it has the standard orientation.
        if (ry == 0) {
            if (rx == 1) {
                x = s - 1 - (x & (s - 1));
                y = s - 1 - (y & (s - 1));
            }
            const std::uint32_t t = x;
            x = y;
            y = t;
        }
        x &= s - 1;
        y &= s - 1;
    }
    return d;
}

/// SplitMix64 finaliser: a fixed, well-mixed hash of the point index.
inline std::uint64_t mix64(std::uint64_t z) noexcept
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// BRIO + Hilbert insertion order of n points with coordinates xy (x0, y0, x1, ...).
/// Rounds: a point belongs to round r >= 0 with probability 2^-(r+1) (last round =
/// about half the points); rounds are inserted from the smallest, each in Hilbert
/// order.
/// @note O(n) time (radix sort), 32 bytes per point of scratch.
inline std::vector<std::uint32_t> insertion_order(const std::vector<double>& xy,
                                                  std::size_t n)
{
    double xmin = xy[0];
    double xmax = xy[0];
    double ymin = xy[1];
    double ymax = xy[1];
    for (std::size_t p = 1; p < n; ++p) {
        xmin = std::min(xmin, xy[2 * p]);
        xmax = std::max(xmax, xy[2 * p]);
        ymin = std::min(ymin, xy[2 * p + 1]);
        ymax = std::max(ymax, xy[2 * p + 1]);
    }
    // One common scale keeps the curve's cells square (anisotropic data stay local).
    // About 4 cells per point (2^bits per side, bits <= 16) separate neighbours enough;
    // a finer curve only costs time.
    unsigned bits = 1;
    while (bits < 16 && (std::size_t{1} << (2 * bits)) < 4 * n) {
        ++bits;
    }
    const auto cells = static_cast<std::uint32_t>((1U << bits) - 1U);
    const double extent = std::max(xmax - xmin, ymax - ymin);
    const double to_cell = extent > 0 ? static_cast<double>(cells) / extent : 0.0;
    constexpr int kMaxRound = 30;
    // key = round (5 bits) above the 32-bit Hilbert index: 37 significant bits.
    std::vector<std::uint64_t> keys(n);
    for (std::size_t p = 0; p < n; ++p) {
        const auto cx = static_cast<std::uint32_t>((xy[2 * p] - xmin) * to_cell);
        const auto cy = static_cast<std::uint32_t>((xy[2 * p + 1] - ymin) * to_cell);
        // Trailing one bits of the hash: P(level >= r) = 2^-r. Points of high level
        // form the small early rounds.
        const std::uint64_t h = mix64(static_cast<std::uint64_t>(p));
        int level = 0;
        while (level < kMaxRound && ((h >> level) & 1U) != 0) {
            ++level;
        }
        const auto round = static_cast<std::uint64_t>(kMaxRound - level);
        keys[p] = (round << 32) |
                  hilbert_index(std::min(cx, cells), std::min(cy, cells), bits);
    }
    // Stable LSD radix sort, three passes of 13 bits (39 >= 37 bits): ties keep index
    // order, so the result equals a sort by (key, index).
    std::vector<std::uint32_t> order(n);
    std::vector<std::uint32_t> other(n);
    std::vector<std::uint64_t> other_keys(n);
    for (std::size_t p = 0; p < n; ++p) {
        order[p] = static_cast<std::uint32_t>(p);
    }
    constexpr unsigned kBits = 13;
    constexpr std::size_t kBuckets = std::size_t{1} << kBits;
    std::vector<std::size_t> count(kBuckets);
    for (unsigned shift = 0; shift < 39; shift += kBits) {
        std::fill(count.begin(), count.end(), 0);
        for (std::size_t k = 0; k < n; ++k) {
            ++count[(keys[k] >> shift) & (kBuckets - 1)];
        }
        std::size_t total = 0;
        for (auto& c : count) {
            const std::size_t here = c;
            c = total;
            total += here;
        }
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t slot = count[(keys[k] >> shift) & (kBuckets - 1)]++;
            other[slot] = order[k];
            other_keys[slot] = keys[k];
        }
        order.swap(other);
        keys.swap(other_keys);
    }
    return order;
}

} // namespace detail
EMCF_END_NAMESPACE
