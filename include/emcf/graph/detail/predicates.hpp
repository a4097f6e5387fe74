#pragma once
/// @file
/// @brief Robust geometric predicates: orientation and in-circle tests whose sign is
///        exact for any finite double input (no overflow or underflow assumed).
///
/// Each predicate first evaluates the determinant in double precision with the static
/// error bounds of Shewchuk (1997), "Adaptive precision floating-point arithmetic and
/// fast robust geometric predicates", Discrete Comput. Geom. 18:305-363. When the
/// rounding error could flip the sign, the determinant is re-evaluated exactly with
/// floating-point expansions (sums of non-overlapping doubles, same paper, §2): exact
/// differences, exact products through fused multiply-add, and zero-eliminating
/// expansion sums. Expansions shrink to what the data need; when the coordinate
/// differences are exact, a short path computes the in-circle determinant from them
/// (Shewchuk's stage B), in 128-bit integers for integer differences below 2^30 where
/// the compiler offers them. Pixel grids, the common degenerate case, stay cheap.
///
/// Requirements: IEEE-754 double with round-to-nearest-even (the C++ default); the
/// exact path uses `std::fma`, which is exact whether or not the CPU has an FMA unit.
/// Exactness holds as long as no intermediate product overflows or underflows: with
/// coordinates below 1e60 in magnitude and non-zero coordinate differences above
/// 1e-60, it always does.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {
namespace exact {

/// x + y = a + b exactly, x = fl(a + b) (Knuth's two-sum; any magnitudes).
inline void two_sum(double a, double b, double& x, double& y) noexcept
{
    x = a + b;
    const double bv = x - a;
    const double av = x - bv;
    y = (a - av) + (b - bv);
}

/// x + y = a + b exactly when |a| >= |b| (or a == 0) (Dekker's fast two-sum).
inline void fast_two_sum(double a, double b, double& x, double& y) noexcept
{
    x = a + b;
    y = b - (x - a);
}

/// x + y = a * b exactly, x = fl(a * b). std::fma is correctly rounded by contract,
/// so this holds with or without an FMA unit and under any contraction setting.
inline void two_product(double a, double b, double& x, double& y) noexcept
{
    x = a * b;
    y = std::fma(a, b, -x);
}

// An expansion is a sum of doubles stored by increasing magnitude, non-overlapping,
// zeros eliminated; its sign is the sign of the last (largest) component. Functions
// take raw buffers whose capacities the callers size for the worst case.

/// a - b as an exact expansion of at most two components; returns the length.
inline std::size_t difference(double a, double b, double* h) noexcept
{
    double x = 0;
    double y = 0;
    two_sum(a, -b, x, y);
    std::size_t n = 0;
    if (y != 0.0) {
        h[n++] = y;
    }
    if (x != 0.0) {
        h[n++] = x;
    }
    return n;
}

/// h = e + f (Shewchuk's fast-expansion-sum with zero elimination, Theorem 13; needs
/// round-to-even). Capacity of h: ne + nf. Returns the length of h.
inline std::size_t sum(const double* e, std::size_t ne, const double* f, std::size_t nf,
                       double* h) noexcept
{
    if (ne == 0 || nf == 0) {
        const double* src = ne == 0 ? f : e;
        const std::size_t len = ne == 0 ? nf : ne;
        for (std::size_t k = 0; k < len; ++k) {
            h[k] = src[k];
        }
        return len;
    }
    // Merge by increasing magnitude, then accumulate from the smallest.
    std::size_t i = 0;
    std::size_t j = 0;
    auto next = [&]() -> double {
        if (j >= nf || (i < ne && std::fabs(e[i]) < std::fabs(f[j]))) {
            return e[i++];
        }
        return f[j++];
    };
    std::size_t n = 0;
    double q = next();
    double hh = 0;
    fast_two_sum(next(), q, q, hh);
    if (hh != 0.0) {
        h[n++] = hh;
    }
    while (i < ne || j < nf) {
        two_sum(q, next(), q, hh);
        if (hh != 0.0) {
            h[n++] = hh;
        }
    }
    if (q != 0.0) {
        h[n++] = q;
    }
    return n;
}

/// h = e * b (Shewchuk's scale-expansion with zero elimination). Capacity of h: 2 ne.
inline std::size_t scale(const double* e, std::size_t ne, double b, double* h) noexcept
{
    if (ne == 0 || b == 0.0) {
        return 0;
    }
    std::size_t n = 0;
    double q = 0;
    double hh = 0;
    two_product(e[0], b, q, hh);
    if (hh != 0.0) {
        h[n++] = hh;
    }
    for (std::size_t i = 1; i < ne; ++i) {
        double p1 = 0;
        double p0 = 0;
        two_product(e[i], b, p1, p0);
        double s = 0;
        two_sum(q, p0, s, hh);
        if (hh != 0.0) {
            h[n++] = hh;
        }
        fast_two_sum(p1, s, q, hh);
        if (hh != 0.0) {
            h[n++] = hh;
        }
    }
    if (q != 0.0) {
        h[n++] = q;
    }
    return n;
}

/// h = e * f exactly. Capacity of h: 2 ne nf; `scratch` needs 2 ne nf + 2 ne.
inline std::size_t product(const double* e, std::size_t ne, const double* f,
                           std::size_t nf, double* h, double* scratch) noexcept
{
    double* term = scratch;
    double* acc = h;
    double* other = scratch + 2 * ne;
    std::size_t n = 0;
    for (std::size_t k = 0; k < nf; ++k) {
        const std::size_t nt = scale(e, ne, f[k], term);
        n = sum(acc, n, term, nt, other);
        double* swap = acc;
        acc = other;
        other = swap;
    }
    if (acc != h) {
        for (std::size_t k = 0; k < n; ++k) {
            h[k] = acc[k];
        }
    }
    return n;
}

inline void negate(double* e, std::size_t n) noexcept
{
    for (std::size_t k = 0; k < n; ++k) {
        e[k] = -e[k];
    }
}

/// x1 * y2 - y1 * x2 for 2-component factors; capacity of h: 16.
inline std::size_t cross(const double* x1, std::size_t n1, const double* y2,
                         std::size_t n2, const double* y1, std::size_t n3,
                         const double* x2, std::size_t n4, double* h) noexcept
{
    std::array<double, 8> p;        // written before read
    std::array<double, 8> q;        // written before read
    std::array<double, 12> scratch; // written before read
    const std::size_t np = product(x1, n1, y2, n2, p.data(), scratch.data());
    const std::size_t nq = product(y1, n3, x2, n4, q.data(), scratch.data());
    negate(q.data(), nq);
    return sum(p.data(), np, q.data(), nq, h);
}

/// Exact orient2d; returns the largest component (its sign is the result's sign).
inline double orient2d_exact(double ax, double ay, double bx, double by, double cx,
                             double cy) noexcept
{
    std::array<double, 2> acx; // written before read
    std::array<double, 2> acy; // written before read
    std::array<double, 2> bcx; // written before read
    std::array<double, 2> bcy; // written before read
    const auto n1 = difference(ax, cx, acx.data());
    const auto n2 = difference(ay, cy, acy.data());
    const auto n3 = difference(bx, cx, bcx.data());
    const auto n4 = difference(by, cy, bcy.data());
    std::array<double, 16> det; // written before read
    const auto n = cross(acx.data(), n1, bcy.data(), n4, acy.data(), n2, bcx.data(), n3,
                         det.data());
    return n == 0 ? 0.0 : det[n - 1];
}

/// lift * (x1 y2 - y1 x2) with lift = dx^2 + dy^2, for exact 1-component differences
/// (Shewchuk's stage B, exact in that case); capacity of h: 32.
inline std::size_t lifted_cross(double dx, double dy, double x1, double y2, double y1,
                                double x2, double* h) noexcept
{
    std::array<double, 2> p;   // written before read
    std::array<double, 2> q;   // written before read
    std::array<double, 4> c;   // written before read
    std::array<double, 8> t8;  // written before read
    std::array<double, 16> tx; // written before read
    std::array<double, 16> ty; // written before read
    two_product(x1, y2, p[1], p[0]);
    two_product(y1, x2, q[1], q[0]);
    q[0] = -q[0];
    q[1] = -q[1];
    // p and q as zero-eliminated expansions
    std::size_t np = 0;
    std::size_t nq = 0;
    for (std::size_t k = 0; k < 2; ++k) {
        if (p[k] != 0.0) {
            p[np++] = p[k];
        }
        if (q[k] != 0.0) {
            q[nq++] = q[k];
        }
    }
    const auto nc = sum(p.data(), np, q.data(), nq, c.data());
    auto n = scale(c.data(), nc, dx, t8.data());
    const auto nx = scale(t8.data(), n, dx, tx.data());
    n = scale(c.data(), nc, dy, t8.data());
    const auto ny = scale(t8.data(), n, dy, ty.data());
    return sum(tx.data(), nx, ty.data(), ny, h);
}

/// Exact incircle; returns the largest component (its sign is the result's sign).
inline double incircle_exact(double ax, double ay, double bx, double by, double cx,
                             double cy, double dx, double dy) noexcept
{
    // d[0..5] = adx, ady, bdx, bdy, cdx, cdy as exact 2-component expansions.
    std::array<std::array<double, 2>, 6> d{};
    std::array<std::size_t, 6> nd{};
    const std::array<double, 6> from{ax, ay, bx, by, cx, cy};
    const std::array<double, 6> to{dx, dy, dx, dy, dx, dy};
    bool exact_differences = true;
    for (std::size_t k = 0; k < 6; ++k) {
        nd[k] = difference(from[k], to[k], d[k].data());
        exact_differences = exact_differences && nd[k] <= 1;
    }
    if (exact_differences) { // common for grids: short expansions, no generic products
        std::array<double, 6> v{};
        for (std::size_t k = 0; k < 6; ++k) {
            v[k] = nd[k] == 0 ? 0.0 : d[k][0];
        }
#if defined(__SIZEOF_INT128__)
        // Pixel coordinates: integer differences below 2^30 make every term of the
        // determinant an integer below 2^122, exact in 128 bits (GCC and Clang).
        bool small_integers = true;
        for (const double x : v) {
            small_integers = small_integers && std::fabs(x) < 1073741824.0 &&
                             x == std::nearbyint(x);
        }
        if (small_integers) {
            __extension__ typedef __int128 wide;
            std::array<wide, 6> q{};
            for (std::size_t k = 0; k < 6; ++k) {
                q[k] = static_cast<wide>(static_cast<std::int64_t>(v[k]));
            }
            const wide det = (q[0] * q[0] + q[1] * q[1]) * (q[2] * q[5] - q[3] * q[4]) +
                             (q[2] * q[2] + q[3] * q[3]) * (q[4] * q[1] - q[5] * q[0]) +
                             (q[4] * q[4] + q[5] * q[5]) * (q[0] * q[3] - q[1] * q[2]);
            return det > 0 ? 1.0 : (det < 0 ? -1.0 : 0.0);
        }
#endif
        std::array<double, 32> ta;  // written before read
        std::array<double, 32> tb;  // written before read
        std::array<double, 32> tc;  // written before read
        std::array<double, 64> tab; // written before read
        std::array<double, 96> all; // written before read
        const auto na = lifted_cross(v[0], v[1], v[2], v[5], v[3], v[4], ta.data());
        const auto nb = lifted_cross(v[2], v[3], v[4], v[1], v[5], v[0], tb.data());
        const auto nc = lifted_cross(v[4], v[5], v[0], v[3], v[1], v[2], tc.data());
        const auto nab = sum(ta.data(), na, tb.data(), nb, tab.data());
        const auto n = sum(tab.data(), nab, tc.data(), nc, all.data());
        return n == 0 ? 0.0 : all[n - 1];
    }
    auto lift = [&](std::size_t ix, std::size_t iy, double* h) {
        std::array<double, 8> xx;       // written before read
        std::array<double, 8> yy;       // written before read
        std::array<double, 12> scratch; // written before read
        const auto nx = product(d[ix].data(), nd[ix], d[ix].data(), nd[ix], xx.data(),
                                scratch.data());
        const auto ny = product(d[iy].data(), nd[iy], d[iy].data(), nd[iy], yy.data(),
                                scratch.data());
        return sum(xx.data(), nx, yy.data(), ny, h);
    };
    auto crossd = [&](std::size_t a, std::size_t b, std::size_t c, std::size_t e,
                      double* h) {
        return cross(d[a].data(), nd[a], d[b].data(), nd[b], d[c].data(), nd[c],
                     d[e].data(), nd[e], h);
    };
    // det = alift (bdx cdy - bdy cdx) + blift (cdx ady - cdy adx)
    //     + clift (adx bdy - ady bdx)
    std::array<double, 16> lifted;   // written before read
    std::array<double, 16> crossed;  // written before read
    std::array<double, 544> scratch; // written before read
    auto term = [&](std::size_t ix, std::size_t iy, std::size_t a, std::size_t b,
                    std::size_t c, std::size_t e, double* h) {
        const auto nl = lift(ix, iy, lifted.data());
        const auto nc = crossd(a, b, c, e, crossed.data());
        return product(lifted.data(), nl, crossed.data(), nc, h, scratch.data());
    };
    std::array<double, 512> t1;       // written before read
    std::array<double, 512> t2;       // written before read
    std::array<double, 1024> partial; // written before read
    std::array<double, 1536> det;     // written before read
    const auto n1 = term(0, 1, 2, 5, 3, 4, t1.data());
    const auto n2 = term(2, 3, 4, 1, 5, 0, t2.data());
    const auto np = sum(t1.data(), n1, t2.data(), n2, partial.data());
    const auto n3 = term(4, 5, 0, 3, 1, 2, t1.data());
    const auto n = sum(partial.data(), np, t1.data(), n3, det.data());
    return n == 0 ? 0.0 : det[n - 1];
}

} // namespace exact

// Shewchuk's epsilon: half an ulp of 1 (2^-53), and his first-stage error bounds.
inline constexpr double kPredicateEpsilon = 1.1102230246251565e-16;
inline constexpr double kOrientBound =
        (3.0 + 16.0 * kPredicateEpsilon) * kPredicateEpsilon;
inline constexpr double kIncircleBound =
        (10.0 + 96.0 * kPredicateEpsilon) * kPredicateEpsilon;

/// Orientation of (a, b, c): positive if counter-clockwise, negative if clockwise, zero
/// if collinear. The sign is exact; the magnitude is approximate (twice the signed
/// area when the fast path decides).
inline double orient2d(double ax, double ay, double bx, double by, double cx,
                       double cy) noexcept
{
    const double left = (ax - cx) * (by - cy);
    const double right = (ay - cy) * (bx - cx);
    const double det = left - right;
    double detsum = 0;
    if (left > 0.0) {
        if (right <= 0.0) {
            return det;
        }
        detsum = left + right;
    } else if (left < 0.0) {
        if (right >= 0.0) {
            return det;
        }
        detsum = -left - right;
    } else {
        return det; // left == 0 exactly: det = -right has the right sign
    }
    const double bound = kOrientBound * detsum;
    if (det >= bound || -det >= bound) {
        return det;
    }
    return exact::orient2d_exact(ax, ay, bx, by, cx, cy);
}

/// In-circle test: positive if d lies strictly inside the circle through a, b, c
/// (given counter-clockwise), negative if outside, zero if on it. Exact sign.
inline double incircle(double ax, double ay, double bx, double by, double cx, double cy,
                       double dx, double dy) noexcept
{
    const double adx = ax - dx;
    const double bdx = bx - dx;
    const double cdx = cx - dx;
    const double ady = ay - dy;
    const double bdy = by - dy;
    const double cdy = cy - dy;

    const double bdxcdy = bdx * cdy;
    const double cdxbdy = cdx * bdy;
    const double alift = adx * adx + ady * ady;
    const double cdxady = cdx * ady;
    const double adxcdy = adx * cdy;
    const double blift = bdx * bdx + bdy * bdy;
    const double adxbdy = adx * bdy;
    const double bdxady = bdx * ady;
    const double clift = cdx * cdx + cdy * cdy;

    const double det = alift * (bdxcdy - cdxbdy) + blift * (cdxady - adxcdy) +
                       clift * (adxbdy - bdxady);
    const double permanent = (std::fabs(bdxcdy) + std::fabs(cdxbdy)) * alift +
                             (std::fabs(cdxady) + std::fabs(adxcdy)) * blift +
                             (std::fabs(adxbdy) + std::fabs(bdxady)) * clift;
    const double bound = kIncircleBound * permanent;
    if (det > bound || -det > bound) {
        return det;
    }
    return exact::incircle_exact(ax, ay, bx, by, cx, cy, dx, dy);
}

} // namespace detail
EMCF_END_NAMESPACE
