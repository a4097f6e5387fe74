#pragma once
/// @file
/// @brief Incremental Delaunay triangulation (Bowyer-Watson with ghost triangles),
///        the engine behind emcf::delaunay_graph.
///
/// Points are inserted in BRIO + Hilbert order (spatial_sort.hpp). Each insertion
/// locates the point by a remembering stochastic walk from the previous insertion,
/// grows the cavity of triangles whose circumcircle strictly contains it, and
/// re-triangulates the cavity as a fan around the point. The outside of the convex hull
/// is covered by "ghost" triangles that share a vertex at infinity, so points outside
/// the hull need no super-triangle and no special case: a ghost triangle on hull edge
/// (a, b) conflicts with p when p lies strictly outside the edge, or on its open
/// segment (Shewchuk's rule). Co-circular points (incircle = 0) never conflict, so any
/// valid Delaunay triangulation of degenerate input is produced, deterministically.
///
/// Storage is one 32-byte record per triangle (three vertices, the three neighbours
/// opposite them, a visit stamp), two records per cache line, reused through a free
/// list: no allocation per triangle. Ghost triangles keep the infinite vertex in
/// slot 2.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/graph/detail/predicates.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

// Cyclic successor and predecessor of a slot, (i + 1) mod 3 and (i + 2) mod 3, without
// a division in the hot loops.
inline constexpr std::array<std::size_t, 3> kNext{1, 2, 0};
inline constexpr std::array<std::size_t, 3> kPrev{2, 0, 1};

class Triangulator {
  public:
    static constexpr std::int32_t kGhost = -1; ///< the vertex at infinity
    static constexpr std::int32_t kDead = -2;  ///< marks a free triangle slot

    /// @param xy  coordinates (x0, y0, x1, y1, ...) in insertion order
    /// @param n   number of points, >= 3, pairwise distinct is not assumed
    explicit Triangulator(std::vector<double> xy, std::size_t n)
        : xy_(std::move(xy)), n_(n), start_(n + 1, -1)
    {
        tri_.reserve(2 * n + 8);
    }

    /// Outcome of run(): kind none when the triangulation succeeded.
    struct Failure {
        enum class Kind { none, collinear, duplicate } kind = Kind::none;
        std::size_t first = 0; ///< duplicate: insertion ranks of the two points
        std::size_t second = 0;
    };

    /// Triangulate all points. Returns a failure for all-collinear input (no triangle
    /// possible) or for a point identical to an earlier one.
    /// @pre the first three points are not collinear (the caller reorders them)
    Failure run()
    {
        Failure f;
        if (orient(0, 1, 2) == 0.0) {
            f.kind = Failure::Kind::collinear;
            return f;
        }
        init(0, 1, 2);
        for (std::size_t p = 3; p < n_; ++p) {
            const auto dup = insert(static_cast<std::int32_t>(p));
            if (dup >= 0) {
                f.kind = Failure::Kind::duplicate;
                f.first = static_cast<std::size_t>(dup);
                f.second = p;
                return f;
            }
        }
        return f;
    }

    [[nodiscard]] std::size_t nslots() const noexcept { return tri_.size(); }
    [[nodiscard]] bool is_live(std::size_t t) const noexcept
    {
        return tri_[t].v[0] != kDead;
    }
    [[nodiscard]] bool is_ghost(std::size_t t) const noexcept
    {
        return tri_[t].v[2] == kGhost;
    }
    [[nodiscard]] std::int32_t vertex(std::size_t t, std::size_t k) const noexcept
    {
        return tri_[t].v[k];
    }
    [[nodiscard]] std::int32_t neighbor(std::size_t t, std::size_t k) const noexcept
    {
        return tri_[t].n[k];
    }

    /// Hull vertices (insertion ranks) in counter-clockwise order.
    [[nodiscard]] std::vector<std::int32_t> hull() const
    {
        std::size_t start = nslots();
        for (std::size_t t = 0; t < nslots(); ++t) {
            if (is_live(t) && is_ghost(t)) {
                start = t;
                break;
            }
        }
        EMCF_ASSERT(start < nslots());
        // Ghost (a, b, g) holds hull edge a -> b with the outside on its left: walking
        // ghost to ghost (across (b, g), slot 0) goes clockwise. Reverse at the end.
        std::vector<std::int32_t> out;
        std::size_t t = start;
        do {
            out.push_back(tri_[t].v[0]);
            t = static_cast<std::size_t>(tri_[t].n[0]);
            EMCF_ASSERT(out.size() <= n_);
        } while (t != start);
        std::vector<std::int32_t> ccw(out.rbegin(), out.rend());
        return ccw;
    }

  private:
    std::vector<double> xy_;
    std::size_t n_;
    // v: vertices, counter-clockwise; n[i]: the triangle across the edge opposite
    // v[i]; mark: cavity-search stamp. 32 bytes, two records per cache line.
    struct Triangle {
        std::array<std::int32_t, 3> v;
        std::array<std::int32_t, 3> n;
        std::uint32_t mark;
        std::int32_t unused;
    };
    std::vector<Triangle> tri_;
    std::vector<std::int32_t> free_;
    std::vector<std::int32_t> start_; // per vertex + 1 (0 = ghost): new triangle
    std::vector<std::int32_t> stack_;
    std::vector<std::int32_t> cavity_;
    struct BoundaryEdge {
        std::int32_t u, w, outer;
    };
    std::vector<BoundaryEdge> boundary_;
    std::vector<std::int32_t> created_;
    std::uint32_t stamp_ = 0;
    std::int32_t last_ = 0;
    std::uint32_t walk_seed_ = 0x2545F491U;

    double x(std::int32_t p) const noexcept
    {
        return xy_[2 * static_cast<std::size_t>(p)];
    }
    double y(std::int32_t p) const noexcept
    {
        return xy_[2 * static_cast<std::size_t>(p) + 1];
    }
    double orient(std::int32_t a, std::int32_t b, std::int32_t c) const noexcept
    {
        return orient2d(x(a), y(a), x(b), y(b), x(c), y(c));
    }

    std::int32_t new_triangle(std::int32_t a, std::int32_t b, std::int32_t c)
    {
        if (!free_.empty()) {
            const std::int32_t t = free_.back();
            free_.pop_back();
            tri_[static_cast<std::size_t>(t)].v = {a, b, c};
            return t;
        }
        tri_.push_back({{a, b, c}, {-1, -1, -1}, 0U, 0});
        return static_cast<std::int32_t>(tri_.size() - 1);
    }

    Triangle& at(std::int32_t t) noexcept { return tri_[static_cast<std::size_t>(t)]; }
    const Triangle& at(std::int32_t t) const noexcept
    {
        return tri_[static_cast<std::size_t>(t)];
    }
    void link(std::int32_t t, std::size_t slot, std::int32_t other) noexcept
    {
        at(t).n[slot] = other;
    }

    void init(std::int32_t a, std::int32_t b, std::int32_t c)
    {
        if (orient(a, b, c) < 0) {
            std::swap(b, c);
        }
        const auto t = new_triangle(a, b, c);
        // Ghosts on the three hull edges, each edge reversed: (b, a), (c, b), (a, c).
        const auto gab = new_triangle(b, a, kGhost);
        const auto gbc = new_triangle(c, b, kGhost);
        const auto gca = new_triangle(a, c, kGhost);
        link(t, 0, gbc); // opposite a: edge (b, c)
        link(t, 1, gca); // opposite b: edge (c, a)
        link(t, 2, gab); // opposite c: edge (a, b)
        link(gab, 2, t);
        link(gbc, 2, t);
        link(gca, 2, t);
        // ghost (b, a, g): opposite b is edge (a, g), shared with ghost (a, c, g);
        // opposite a is edge (g, b), shared with ghost (c, b, g).
        link(gab, 0, gca);
        link(gab, 1, gbc);
        link(gbc, 0, gab);
        link(gbc, 1, gca);
        link(gca, 0, gbc);
        link(gca, 1, gab);
        last_ = t;
    }

    std::uint32_t next_random() noexcept
    {
        walk_seed_ ^= walk_seed_ << 13;
        walk_seed_ ^= walk_seed_ >> 17;
        walk_seed_ ^= walk_seed_ << 5;
        return walk_seed_;
    }

    /// Remembering stochastic walk towards p. Returns a real triangle whose closure
    /// contains p, or a ghost triangle whose hull edge p lies strictly outside of.
    std::int32_t locate(std::int32_t p)
    {
        std::int32_t t = last_;
        if (is_ghost(static_cast<std::size_t>(t))) {
            t = at(t).n[2];
        }
        std::int32_t prev = -1;
        const std::size_t limit = 4 * n_ + 64;
        for (std::size_t step = 0; step < limit; ++step) {
            const Triangle& tr = at(t);
            // First edge tried: 0, 1 or 2 from the top bits of the generator.
            std::size_t i = static_cast<std::size_t>(
                    (static_cast<std::uint64_t>(next_random()) * 3U) >> 32);
            bool moved = false;
            for (std::uint32_t j = 0; j < 3; ++j, i = kNext[i]) {
                const std::int32_t nb = tr.n[i];
                if (nb == prev) {
                    continue;
                }
                const std::int32_t a = tr.v[kNext[i]];
                const std::int32_t b = tr.v[kPrev[i]];
                if (orient(a, b, p) < 0) {
                    prev = t;
                    t = nb;
                    moved = true;
                    break;
                }
            }
            if (!moved || is_ghost(static_cast<std::size_t>(t))) {
                return t;
            }
        }
        return locate_by_scan(p); // never expected: the walk terminates on Delaunay
    }

    /// Exhaustive point location, the safety net of locate().
    std::int32_t locate_by_scan(std::int32_t p) const
    {
        std::int32_t outside = -1;
        for (std::size_t t = 0; t < nslots(); ++t) {
            if (!is_live(t)) {
                continue;
            }
            const auto& v = tri_[t].v;
            if (is_ghost(t)) {
                if (outside < 0 && orient(v[0], v[1], p) > 0) {
                    outside = static_cast<std::int32_t>(t);
                }
                continue;
            }
            if (orient(v[0], v[1], p) >= 0 && orient(v[1], v[2], p) >= 0 &&
                orient(v[2], v[0], p) >= 0) {
                return static_cast<std::int32_t>(t);
            }
        }
        EMCF_ASSERT(outside >= 0);
        return outside;
    }

    bool in_conflict(std::int32_t t, std::int32_t p) const noexcept
    {
        const auto& v = at(t).v;
        const std::int32_t a = v[0];
        const std::int32_t b = v[1];
        const std::int32_t c = v[2];
        if (c != kGhost) {
            return incircle(x(a), y(a), x(b), y(b), x(c), y(c), x(p), y(p)) > 0;
        }
        const double o = orient(a, b, p);
        if (o != 0) {
            return o > 0;
        }
        // Collinear with the hull edge: in conflict only on its open segment.
        if (x(a) != x(b)) {
            return (x(a) < x(p) && x(p) < x(b)) || (x(b) < x(p) && x(p) < x(a));
        }
        return (y(a) < y(p) && y(p) < y(b)) || (y(b) < y(p) && y(p) < y(a));
    }

    /// Insert point p; returns the rank of an identical earlier point, or -1.
    std::int32_t insert(std::int32_t p)
    {
        const std::int32_t t0 = locate(p);
        if (!is_ghost(static_cast<std::size_t>(t0))) {
            for (std::size_t i = 0; i < 3; ++i) {
                const std::int32_t q = at(t0).v[i];
                if (x(q) == x(p) && y(q) == y(p)) {
                    return q;
                }
            }
        }
        if (stamp_ >= 0xFFFFFFF0U) { // wrap-around: forget every mark
            for (auto& tr : tri_) {
                tr.mark = 0;
            }
            stamp_ = 0;
        }
        const std::uint32_t in = ++stamp_;
        const std::uint32_t out = ++stamp_;

        // Grow the cavity by depth-first search; a triangle whose circumcircle contains
        // p strictly is removed, the others border the cavity.
        cavity_.clear();
        boundary_.clear();
        stack_.clear();
        at(t0).mark = in;
        stack_.push_back(t0);
        while (!stack_.empty()) {
            const std::int32_t t = stack_.back();
            stack_.pop_back();
            cavity_.push_back(t);
            for (std::size_t i = 0; i < 3; ++i) {
                const std::int32_t nb = at(t).n[i];
                auto& m = at(nb).mark;
                if (m == in) {
                    continue;
                }
                if (m != out && in_conflict(nb, p)) {
                    m = in;
                    stack_.push_back(nb);
                } else {
                    m = out;
                    boundary_.push_back({at(t).v[kNext[i]], at(t).v[kPrev[i]], nb});
                }
            }
        }
        for (const auto t : cavity_) {
            at(t).v[0] = kDead;
            free_.push_back(t);
        }

        // Fan of new triangles (u, w, p), one per boundary edge u -> w (cavity on the
        // left, so the fan is counter-clockwise).
        created_.clear();
        for (const auto& be : boundary_) {
            const std::int32_t t = new_triangle(be.u, be.w, p);
            created_.push_back(t);
            link(t, 2, be.outer);
            // The outer triangle walks the edge as w -> u. Match the slot by its
            // vertices, not by the old neighbour id: freed ids are already reused.
            Triangle& outer = at(be.outer);
            for (std::size_t i = 0; i < 3; ++i) {
                if (outer.v[kNext[i]] == be.w && outer.v[kPrev[i]] == be.u) {
                    outer.n[i] = t;
                    break;
                }
            }
            start_[static_cast<std::size_t>(be.u + 1)] = t;
        }
        // Triangle (u, w, p) and the one starting at w share edge (w, p): slot 0 of
        // the first (opposite u), slot 1 of the second (opposite its far vertex).
        for (const auto t : created_) {
            const std::int32_t w = at(t).v[1];
            const std::int32_t next = start_[static_cast<std::size_t>(w + 1)];
            link(t, 0, next);
            link(next, 1, t);
        }
        // Rotate the new ghost triangles so that the infinite vertex is in slot 2.
        std::int32_t real = -1;
        for (const auto t : created_) {
            Triangle& tr = at(t);
            std::size_t shift = 0;
            if (tr.v[0] == kGhost) {
                shift = 1;
            } else if (tr.v[1] == kGhost) {
                shift = 2;
            } else {
                real = t;
                continue;
            }
            const auto vv = tr.v;
            const auto nn = tr.n;
            for (std::size_t i = 0; i < 3; ++i) {
                const std::size_t from = shift == 1 ? kNext[i] : kPrev[i];
                tr.v[i] = vv[from];
                tr.n[i] = nn[from];
            }
        }
        last_ = real >= 0 ? real : created_.front();
        return -1;
    }
};

} // namespace detail
EMCF_END_NAMESPACE
