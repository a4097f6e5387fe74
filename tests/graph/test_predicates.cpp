// Robust predicates (graph/detail/predicates.hpp) against exact integer arithmetic:
// every coordinate is an integer times 2^-20, so the determinants are exact in 128-bit
// integers. Cases are built to be degenerate or within a few units of degenerate,
// where the double filter cannot decide and the exact expansions must.
#include <cstdint>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/graph/detail/predicates.hpp>

namespace {

__extension__ typedef __int128 i128; // GCC/Clang extension, test-only

int sign(i128 v) { return (v > 0) - (v < 0); }
int sign(double v) { return (v > 0) - (v < 0); }

// Coordinates are integers times `unit`: 2^-20 exercises the expansion arithmetic,
// 1 (pixel coordinates) the 128-bit integer path of the in-circle test.
double unit = 1.0 / 1048576.0;

struct P {
    std::int64_t x, y; // in units of `unit`
    double dx() const { return static_cast<double>(x) * unit; }
    double dy() const { return static_cast<double>(y) * unit; }
};

i128 orient_exact(P a, P b, P c)
{
    return i128(a.x - c.x) * (b.y - c.y) - i128(a.y - c.y) * (b.x - c.x);
}

i128 incircle_exact(P a, P b, P c, P d)
{
    const i128 adx = a.x - d.x, ady = a.y - d.y, bdx = b.x - d.x, bdy = b.y - d.y,
               cdx = c.x - d.x, cdy = c.y - d.y;
    return (adx * adx + ady * ady) * (bdx * cdy - bdy * cdx) +
           (bdx * bdx + bdy * bdy) * (cdx * ady - cdy * adx) +
           (cdx * cdx + cdy * cdy) * (adx * bdy - ady * bdx);
}

double orient(P a, P b, P c)
{
    return emcf::detail::orient2d(a.dx(), a.dy(), b.dx(), b.dy(), c.dx(), c.dy());
}

double incircle(P a, P b, P c, P d)
{
    return emcf::detail::incircle(a.dx(), a.dy(), b.dx(), b.dy(), c.dx(), c.dy(),
                                  d.dx(), d.dy());
}

} // namespace

TEST_CASE("predicates: orientation sign is exact on (near-)collinear points")
{
    std::mt19937_64 gen(7);
    std::uniform_int_distribution<std::int64_t> coord(-(1LL << 24), 1LL << 24);
    std::uniform_int_distribution<std::int64_t> step(-1000, 1000);
    std::uniform_int_distribution<std::int64_t> jitter(-2, 2);
    int zeros = 0;
    int mismatches = 0;
    for (int k = 0; k < 20000; ++k) {
        const P a{coord(gen), coord(gen)};
        const P d{step(gen), step(gen)};
        const std::int64_t s = step(gen);
        const std::int64_t t = step(gen);
        // b and c on the line through a with direction d, then nudged by a few units
        const std::int64_t j = k % 2; // half exactly collinear, half nudged
        const P b{a.x + s * d.x + j * jitter(gen), a.y + s * d.y + j * jitter(gen)};
        const P c{a.x + t * d.x + j * jitter(gen), a.y + t * d.y + j * jitter(gen)};
        const int truth = sign(orient_exact(a, b, c));
        zeros += truth == 0;
        mismatches += sign(orient(a, b, c)) != truth;
        // the predicate is antisymmetric under a swap
        mismatches += sign(orient(b, a, c)) != -truth;
    }
    CHECK(mismatches == 0);
    CHECK(zeros > 5000); // the exactly degenerate case is well represented
}

TEST_CASE("predicates: in-circle sign is exact on (near-)co-circular points")
{
    for (const double u : {1.0 / 1048576.0, 1.0}) {
        unit = u;
        // Points on circles of radius 5·2^k·m around lattice centres (Pythagorean
        // directions), nudged by a few units.
        const std::vector<P> dirs{{5, 0},  {0, 5},  {-5, 0},  {0, -5},
                                  {3, 4},  {4, 3},  {-3, 4},  {-4, 3},
                                  {3, -4}, {4, -3}, {-3, -4}, {-4, -3}};
        std::mt19937_64 gen(11);
        std::uniform_int_distribution<std::int64_t> centre(-(1LL << 22), 1LL << 22);
        std::uniform_int_distribution<std::int64_t> scale(1, 1 << 14);
        std::uniform_int_distribution<std::size_t> pick(0, dirs.size() - 1);
        std::uniform_int_distribution<std::int64_t> jitter(-1, 1);
        int zeros = 0;
        int mismatches = 0;
        for (int k = 0; k < 20000; ++k) {
            const P o{centre(gen), centre(gen)};
            const std::int64_t m = scale(gen);
            P q[4];
            for (auto& p : q) {
                const P d = dirs[pick(gen)];
                p = {o.x + m * d.x, o.y + m * d.y};
            }
            if (k % 2 == 1) {
                q[3].x += jitter(gen);
                q[3].y += jitter(gen);
            }
            if (orient_exact(q[0], q[1], q[2]) <= 0) {
                continue; // the predicate's contract: a, b, c counter-clockwise
            }
            const int truth = sign(incircle_exact(q[0], q[1], q[2], q[3]));
            zeros += truth == 0;
            mismatches += sign(incircle(q[0], q[1], q[2], q[3])) != truth;
        }
        CHECK(mismatches == 0);
        CHECK(zeros > 1000);
    }
    unit = 1.0 / 1048576.0;
}

TEST_CASE("predicates: random and far-from-origin inputs")
{
    // Large offsets make the differences inexact in double: the general expansion path.
    std::mt19937_64 gen(3);
    std::uniform_int_distribution<std::int64_t> small(-64, 64);
    const std::int64_t base = (1LL << 40) + 12345;
    int mismatches = 0;
    for (int k = 0; k < 5000; ++k) {
        P q[4];
        for (auto& p : q) {
            p = {base + small(gen), base / 3 + small(gen)};
        }
        mismatches +=
                sign(orient(q[0], q[1], q[2])) != sign(orient_exact(q[0], q[1], q[2]));
        if (orient_exact(q[0], q[1], q[2]) > 0) {
            mismatches += sign(incircle(q[0], q[1], q[2], q[3])) !=
                          sign(incircle_exact(q[0], q[1], q[2], q[3]));
        }
    }
    CHECK(mismatches == 0);
}

namespace {
struct OrientCase {
    double ax, ay, bx, by, cx, cy;
    int sign;
};
struct IncircleCase {
    double ax, ay, bx, by, cx, cy, dx, dy;
    int sign;
};
#include "predicate_cases.inc"
} // namespace

TEST_CASE("predicates: filter-defeating cases with inexact differences (exact oracle)")
{
    int checked = 0;
    for (const auto& c : kOrientCases) {
        CHECK(sign(emcf::detail::orient2d(c.ax, c.ay, c.bx, c.by, c.cx, c.cy)) ==
              c.sign);
        ++checked;
    }
    for (const auto& c : kIncircleCases) {
        CHECK(sign(emcf::detail::incircle(c.ax, c.ay, c.bx, c.by, c.cx, c.cy, c.dx,
                                          c.dy)) == c.sign);
        ++checked;
    }
    CHECK(checked == 250);
}
