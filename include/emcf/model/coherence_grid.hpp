#pragma once
/// @file
/// @brief Temporal coherence on a parameter grid for batches of links: the exact grid
///        argmax by separable or general fused evaluation (reference/algorithm.md
///        §5.2, §5.4, §5.12).
///
/// For link l with weighted unit phasors z_kl = w_kl·exp(−j φ_kl) (Σ_k w_kl = 1),
///
///   Γ[g, l] = Σ_k exp(j A_k · x_g) · z_kl,    γ = |Γ| ∈ [0, 1],
///
/// and the search returns, per link, the first node g (in grid order) of maximum |Γ|.
/// Two exact evaluations, chosen by operation count (SearchPath::automatic):
/// * **separable**: group the rows by the distinct values of one design column
///   (velocity on a regular repeat cycle: 3 groups for hop-3), stage-1 GEMM along the
///   other parameters, stage-2 r-term sum + |·|² + running argmax in registers, with
///   exact column pruning. Flops per link 8·n_other·nobs + O(nd·ngrid).
/// * **general**: GEMM tiles of Γ for blocks of 64 links, |·|² and a running argmax on
///   the hot tile. Flops per link 8·ngrid·nobs; Γ is never materialised.
/// The search runs in `Real` (complex64 for float); the caller refines and reports the
/// coherence in double (emcf::LinkEstimator does).

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/model/detail/fused_search.hpp>
#include <emcf/model/detail/gemm.hpp>
#include <emcf/model/detail/model_tables.hpp>
#include <emcf/model/detail/separable_search.hpp>
#include <emcf/model/parameter_grid.hpp>

EMCF_BEGIN_NAMESPACE

/// Evaluation path of the coherence grid.
enum class SearchPath : unsigned char {
    automatic = 0, ///< separable when its operation count (× separable_margin) is
                   ///< below the general path's, otherwise general
    separable,     ///< group one design column by its distinct values (§5.12)
    general,       ///< fused GEMM tiles, any design
};

/// Stable lower-case name of a search path.
[[nodiscard]] constexpr const char* to_string(SearchPath p) noexcept
{
    switch (p) {
    case SearchPath::automatic:
        return "automatic";
    case SearchPath::separable:
        return "separable";
    case SearchPath::general:
        return "general";
    }
    return "unknown";
}

/// Settings of the coherence-grid evaluation.
struct CoherenceGridOptions {
    SearchPath path = SearchPath::automatic;
    GemmBackend gemm = GemmBackend::automatic;
    /// Values of a design column closer than this (relative to the column's largest
    /// |value|) count as one value for the separable grouping. The phase error this
    /// admits is at most tolerance·max|A|·max|x|.
    double group_tolerance = 1e-9;
    /// The separable path is chosen when its flop count times this margin is at most
    /// the general path's (its stage 2 runs below GEMM speed).
    double separable_margin = 2.0;
    /// General path: grid nodes per GEMM tile (256 measured best on the benchmark
    /// machine for 84 to 594 interferograms).
    std::size_t tile_nodes = 256;
};

template <class Real>
class LinkEstimator;

/// @brief Exact argmax of the temporal coherence over a parameter grid, for batches of
///        links. Built once per (design, grid, options); const methods are thread-safe.
/// @tparam Real precision of the search: float (complex64, the default) or double
template <class Real = float>
class CoherenceGrid {
    static_assert(std::is_floating_point_v<Real>,
                  "CoherenceGrid: Real must be float or double");

  public:
    using Complex = std::complex<Real>;

    /// @param design  nobs × nparams design matrix [rad per unit of each parameter]
    /// @param grid    search grid with nparams parameters
    /// @param options path, GEMM backend, grouping tolerance
    /// @throws emcf::invalid_argument naming the argument: an empty or non-finite
    ///         design; a grid whose dimension differs from the design's columns;
    ///         group_tolerance not in (0, 1e-3]; separable_margin <= 0; tile_nodes 0;
    ///         GemmBackend::blas without the emcf::xtensor target
    /// @note Setup O(nobs·Σ_p n_p) plus, separable, O(nobs·n_other) (table H) or,
    ///       general, nothing more; tables_bytes() reports the memory.
    template <class Design>
    CoherenceGrid(const Design& design, ParameterGrid grid,
                  CoherenceGridOptions options = {})
        : grid_(std::move(grid)), options_(options)
    {
        const Eigen::MatrixXd a = detail::copy_design(design);
        detail::require(static_cast<std::size_t>(a.cols()) == grid_.ndim(), "grid",
                        "has " + std::to_string(grid_.ndim()) +
                                " parameters, the design matrix " +
                                std::to_string(a.cols()) + " columns");
        detail::require(options_.group_tolerance > 0 &&
                                options_.group_tolerance <= 1e-3,
                        "group_tolerance",
                        "must lie in (0, 1e-3], got " +
                                std::to_string(options_.group_tolerance));
        detail::require(options_.separable_margin > 0, "separable_margin",
                        "must be > 0, got " +
                                std::to_string(options_.separable_margin));
        detail::require(options_.tile_nodes > 0, "tile_nodes", "must be > 0");
        backend_ = detail::resolve_gemm_backend(options_.gemm);
        const double nobs = static_cast<double>(a.rows());
        const double ngrid = static_cast<double>(grid_.size());
        general_flops_ = 8.0 * ngrid * nobs;
        // Best column to group on, by operation count.
        std::size_t best_c = 0;
        double best_flops = std::numeric_limits<double>::infinity();
        detail::ColumnGroups best_groups;
        for (std::size_t c = 0; c < grid_.ndim(); ++c) {
            auto groups = detail::group_column(a, c, options_.group_tolerance);
            const double r = static_cast<double>(groups.count());
            const double nd = std::min(r * (r - 1) / 2, 1e12);
            const double f = detail::separable_flops(
                    nobs, ngrid, static_cast<double>(grid_.count(c)), r, nd);
            if (f < best_flops) {
                best_flops = f;
                best_c = c;
                best_groups = std::move(groups);
            }
        }
        path_ = options_.path;
        if (path_ == SearchPath::automatic) {
            path_ = best_flops * options_.separable_margin <= general_flops_
                            ? SearchPath::separable
                            : SearchPath::general;
        }
        if (path_ == SearchPath::separable) {
            tables_ = detail::ModelTables(a, grid_, best_groups.order);
            separable_ =
                    detail::SeparableSearch<Real>(tables_, grid_, best_c, best_groups,
                                                  options_.group_tolerance, backend_);
            flops_ = best_flops;
        } else {
            std::vector<std::size_t> identity(static_cast<std::size_t>(a.rows()));
            for (std::size_t k = 0; k < identity.size(); ++k) {
                identity[k] = k;
            }
            tables_ = detail::ModelTables(a, grid_, std::move(identity));
            fused_ = detail::FusedSearch<Real>(tables_, grid_, options_.tile_nodes,
                                               backend_);
            flops_ = general_flops_;
        }
    }

    /// Number of observations (interferograms).
    [[nodiscard]] std::size_t nobs() const noexcept { return tables_.nobs(); }
    /// Number of parameters.
    [[nodiscard]] std::size_t nparams() const noexcept { return grid_.ndim(); }
    [[nodiscard]] const ParameterGrid& grid() const noexcept { return grid_; }
    [[nodiscard]] const CoherenceGridOptions& options() const noexcept
    {
        return options_;
    }
    /// The path in use (never automatic).
    [[nodiscard]] SearchPath path() const noexcept { return path_; }
    /// The GEMM backend in use (never automatic).
    [[nodiscard]] GemmBackend gemm_backend() const noexcept { return backend_; }
    /// Separable path: the grouped design column; otherwise nparams().
    [[nodiscard]] std::size_t group_column() const noexcept
    {
        return path_ == SearchPath::separable ? separable_.group_column() : nparams();
    }
    /// Separable path: number of distinct values of the grouped column; otherwise 0.
    [[nodiscard]] std::size_t distinct_values() const noexcept
    {
        return path_ == SearchPath::separable ? separable_.groups() : 0;
    }
    /// Real flops per link of the path in use (cost model).
    [[nodiscard]] double flops_per_link() const noexcept { return flops_; }
    /// Real flops per link of the general path, 8·ngrid·nobs.
    [[nodiscard]] double general_flops_per_link() const noexcept
    {
        return general_flops_;
    }
    /// Memory held by the tables [bytes].
    [[nodiscard]] std::size_t table_bytes() const noexcept
    {
        return tables_.bytes() +
               (path_ == SearchPath::separable ? separable_.table_bytes() : 0);
    }
    /// Scratch memory of one worker [bytes] (z of one block excluded).
    [[nodiscard]] std::size_t workspace_bytes() const noexcept
    {
        return path_ == SearchPath::separable ? separable_.workspace_bytes()
                                              : fused_.workspace_bytes();
    }

    /// @brief Grid argmax for a batch of links given their weighted phasors.
    /// @param z         nobs × nlinks complex array, z_kl = w_kl·exp(−j φ_kl) (any
    ///                  storage; complex<float> or complex<double>); rows in design
    ///                  order; zero entries are masked observations
    /// @param best_node writable integer array (nlinks): first node of maximum |Γ|
    ///                  (flat index, parameter 0 slowest)
    /// @param coherence writable real array (nlinks): |Γ| at that node, in `Real`
    ///                  precision (not normalised: divide by Σ_k |z_kl| if the
    ///                  weights do not sum to 1)
    /// @param threads   workers (1 = inline, 0 = hardware threads)
    /// @throws emcf::invalid_argument on shape mismatches or threads < 0
    /// @note Memory: workspace_bytes() + 64·nobs complex per worker (general path:
    ///       per chunk of links); results are bit-identical for any thread count.
    template <class Z, class Best, class Coherence>
    void search(const Z& z, Best&& best_node, Coherence&& coherence,
                int threads = 1) const
    {
        const auto zin = cview2d(z);
        const auto best = view1d(best_node);
        const auto coh = view1d(coherence);
        static_assert(detail::is_writable_view_v<decltype(best)> &&
                              detail::is_writable_view_v<decltype(coh)>,
                      "CoherenceGrid::search: outputs must be writable");
        const std::size_t nlinks = zin.cols();
        detail::require(zin.rows() == nobs(), "z",
                        "expected " + std::to_string(nobs()) + " rows, got " +
                                std::to_string(zin.rows()));
        detail::require_size(best.size(), nlinks, "best_node");
        detail::require_size(coh.size(), nlinks, "coherence");
        const std::size_t nblocks =
                (nlinks + detail::kLinkBlock - 1) / detail::kLinkBlock;
        const std::size_t chunk = default_chunk_blocks();
        const unsigned workers = resolve_thread_count(threads);
        std::vector<Workspace> ws(workers);
        parallel_for(nblocks, threads, chunk,
                     [&](std::size_t b0, std::size_t b1, unsigned w) {
                         auto& s = ws[w];
                         prepare(s, b1 - b0);
                         const std::size_t l0 = b0 * detail::kLinkBlock;
                         const std::size_t nl =
                                 std::min(nlinks, b1 * detail::kLinkBlock) - l0;
                         std::fill(s.z.begin(), s.z.end(),
                                   Complex(0)); // incl. group padding
                         for (std::size_t l = 0; l < nl; ++l) {
                             Complex* col = s.z.data() + l * nobs();
                             for (std::size_t k = 0; k < nobs(); ++k) {
                                 const auto v = zin(tables_.order(k), l0 + l);
                                 col[k] = Complex(static_cast<Real>(std::real(v)),
                                                  static_cast<Real>(std::imag(v)));
                             }
                         }
                         search_chunk(s.z.data(), b1 - b0, nl, s, s.best.data(),
                                      s.power.data(), nullptr);
                         for (std::size_t l = 0; l < nl; ++l) {
                             using B = typename decltype(best)::value_type;
                             using C = typename decltype(coh)::value_type;
                             best[l0 + l] = static_cast<B>(s.best[l]);
                             coh[l0 + l] = static_cast<C>(std::sqrt(s.power[l]));
                         }
                     });
    }

  private:
    template <class>
    friend class LinkEstimator;

    struct Workspace {
        typename detail::SeparableSearch<Real>::Workspace separable;
        typename detail::FusedSearch<Real>::Workspace fused;
        std::vector<Complex> z; ///< blocks × nobs × kLinkBlock
        std::vector<std::int64_t> best;
        std::vector<Real> power;
        bool ready = false;
    };

    // Blocks per parallel task: the general path amortises each E tile over the chunk.
    [[nodiscard]] std::size_t default_chunk_blocks() const noexcept
    {
        // Separable: one GEMM group, so the chunk's phasors are still in cache when
        // its links are refined.
        return path_ == SearchPath::separable ? link_group() : 4 * link_group();
    }
    // Chunks of blocks must be multiples of this (the width of the GEMMs).
    [[nodiscard]] std::size_t link_group() const noexcept
    {
        return path_ == SearchPath::separable ? separable_.group()
                                              : detail::FusedSearch<Real>::kGroup;
    }

    void prepare(Workspace& ws, std::size_t nblocks) const
    {
        nblocks = (nblocks + link_group() - 1) / link_group() * link_group();
        if (!ws.ready) {
            if (path_ == SearchPath::separable) {
                separable_.prepare(ws.separable);
            } else {
                fused_.prepare(ws.fused);
            }
            ws.ready = true;
        }
        const std::size_t nl = nblocks * detail::kLinkBlock;
        if (ws.z.size() < nl * nobs()) { // (z last: a failed growth is retried)
            ws.best.resize(nl);
            ws.power.resize(nl);
            ws.z.resize(nl * nobs());
        }
    }

    // Stencil points reported by the separable search (offsets per parameter).
    void set_stencil(const std::vector<std::vector<int>>& offsets)
    {
        if (path_ == SearchPath::separable) {
            separable_.set_stencil(grid_, offsets);
        }
    }
    // Whether search_chunk can report stencil values.
    [[nodiscard]] bool reports_stencil() const noexcept
    {
        return path_ == SearchPath::separable && separable_.stencil_points() > 0;
    }

    // z: nblocks consecutive nobs × kLinkBlock blocks in the internal order. stencil:
    // null, or room for stencil_points() values per link (separable path only).
    void search_chunk(const Complex* z, std::size_t nblocks, std::size_t nlinks,
                      Workspace& ws, std::int64_t* best, Real* power,
                      double* stencil) const
    {
        if (path_ == SearchPath::separable) {
            const std::size_t group = separable_.group();
            for (std::size_t b = 0; b < nblocks; b += group) {
                const std::size_t l0 = b * detail::kLinkBlock;
                if (l0 >= nlinks) {
                    break;
                }
                separable_.search_block(
                        z + b * nobs() * detail::kLinkBlock,
                        std::min(group * detail::kLinkBlock, nlinks - l0), ws.separable,
                        best + l0, power + l0,
                        stencil == nullptr
                                ? nullptr
                                : stencil + l0 * separable_.stencil_points());
            }
        } else {
            fused_.search_chunk(tables_, grid_, z, nblocks, nlinks, ws.fused, best,
                                power);
        }
    }

    ParameterGrid grid_;
    CoherenceGridOptions options_;
    GemmBackend backend_ = GemmBackend::eigen;
    SearchPath path_ = SearchPath::general;
    double flops_ = 0;
    double general_flops_ = 0;
    detail::ModelTables tables_;
    detail::SeparableSearch<Real> separable_;
    detail::FusedSearch<Real> fused_;
};

EMCF_END_NAMESPACE
