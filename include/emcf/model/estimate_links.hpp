#pragma once
/// @file
/// @brief Batched per-link estimation of velocity, DEM error and any extra linear
///        parameters: temporal-coherence grid search, then peak refinement
///        (reference/algorithm.md §5.2–§5.5, §5.12).
///
/// For each link l with wrapped phases φ_kl (nobs interferograms) and weights w_kl:
///
///   γ_l(x) = | Σ_k w_kl exp(j (A_k·x − φ_kl)) | / Σ_k w_kl
///
/// over the valid observations (finite phase, finite weight > 0; complex input: finite,
/// non-zero amplitude). The estimate is the first grid node of maximum γ (search in
/// `Real`: complex64 by default), refined by the quadratic stencil fit (3-point
/// parabola for one refinable parameter, spurt's closed-form 3×3 weights for two, the
/// least-squares fit on the 3^m stencil for three to five, coordinate-wise parabolas
/// beyond) and optionally
/// Newton steps; the refined point is kept only if its exactly recomputed coherence (in
/// double) is higher than the node's, so refinement never lowers the coherence.
///
/// Data outcomes (emcf/core/status.hpp): fewer valid observations than min_samples →
/// LinkStatus::too_few_samples (parameters and coherence NaN, best node −1); best node
/// on the edge of a refinable parameter's range → LinkStatus::on_grid_edge (the node is
/// returned unrefined: the true peak may lie outside the box).
///
/// Determinism: links are searched in fixed-width GEMM groups (at most 256 links)
/// aligned to their index in the call, so results are bit-identical for any `threads`,
/// `chunk` and memory budget. A caller who splits a batch into several calls gets
/// bit-identical results when every split starts at a multiple of 256 links (a GEMM's
/// rounding may depend on a column's position inside its group).

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
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/model/coherence_grid.hpp>
#include <emcf/model/detail/kernels.hpp>
#include <emcf/model/detail/link_refiner.hpp>
#include <emcf/model/parameter_grid.hpp>
#include <emcf/model/temporal_coherence.hpp>

EMCF_BEGIN_NAMESPACE

/// Settings of emcf::LinkEstimator.
struct EstimatorOptions {
    /// Search path, GEMM backend and grouping tolerance of the coherence grid.
    CoherenceGridOptions search{};
    /// Fewest valid observations for an estimate; 0 means nparams + 1.
    std::size_t min_samples = 0;
    /// Refine the grid peak (stencil fit); false returns grid nodes.
    bool refine = true;
    /// Newton steps after the stencil fit (0 to 20), each kept only if it raises γ.
    int newton_iterations = 0;
    /// Design column multiplied by the per-link column scale (1: DEM error).
    std::size_t scaled_column = 1;
    /// Bytes for tables plus all workers' scratch; the chunk shrinks to fit.
    std::size_t memory_budget = std::size_t{512} << 20;
    /// Worker threads (1 = inline, 0 = one per hardware thread). With the BLAS backend
    /// and threads > 1, run OpenBLAS single-threaded (OPENBLAS_NUM_THREADS=1) to avoid
    /// oversubscription; results do not depend on BLAS threads either way.
    int threads = 1;
    /// Links per parallel task, rounded up to whole GEMM groups (64 to 256 links);
    /// 0 = automatic. Results do not depend on it.
    std::size_t chunk = 0;
};

/// Tag: all observations weigh the same.
struct UniformWeights {};
inline constexpr UniformWeights uniform_weights{};

/// Tag: no per-link column scale.
struct NoColumnScale {};
inline constexpr NoColumnScale no_column_scale{};

/// Results of the allocating convenience function emcf::estimate_links.
struct LinkEstimates {
    Eigen::MatrixXd params;              ///< nparams × nlinks (NaN: too_few_samples)
    Eigen::VectorXd coherence;           ///< nlinks, γ at params
    std::vector<LinkStatus> status;      ///< nlinks
    std::vector<std::int64_t> best_node; ///< nlinks, flat grid node (−1: no estimate)
    Eigen::VectorXd node_coherence;      ///< nlinks, exact γ at the best node
};

/// @brief Batched per-link model estimator, built once per (design matrix, grid,
///        options) and reused across blocks of links. Const methods are thread-safe.
/// @tparam Real precision of the grid search: float (complex64, default) or double;
///         refinement and reported coherences are always computed in double
template <class Real = float>
class LinkEstimator {
    static_assert(std::is_floating_point_v<Real>,
                  "LinkEstimator: Real must be float or double");

  public:
    /// @param design  nobs × nparams design matrix [rad per unit] (emcf::design_matrix,
    ///                or any caller model whose rows are epoch differences)
    /// @param grid    search grid, one range per column
    /// @param options see EstimatorOptions
    /// @throws emcf::invalid_argument naming the argument: as emcf::CoherenceGrid;
    ///         newton_iterations outside [0, 20]; threads < 0; a memory_budget smaller
    ///         than the tables
    /// @note Memory: table_bytes() = O(nobs·(Σ_p n_p + n_other) + 3^m·nobs).
    template <class Design>
    LinkEstimator(const Design& design, ParameterGrid grid,
                  EstimatorOptions options = {})
        : search_(design, std::move(grid), options.search), options_(options)
    {
        detail::require(options_.newton_iterations >= 0 &&
                                options_.newton_iterations <= 20,
                        "newton_iterations",
                        "must lie in [0, 20], got " +
                                std::to_string(options_.newton_iterations));
        (void)resolve_thread_count(options_.threads);
        min_samples_ = options_.min_samples > 0 ? options_.min_samples : nparams() + 1;
        refiner_ = detail::LinkRefiner(search_.tables_, search_.grid(), options_.refine,
                                       options_.newton_iterations);
        // The separable search reports the stencil in its own precision (cheap); the
        // general path's stencil is evaluated by the refiner in double.
        search_.set_stencil(refiner_.stencil_offsets());
        detail::require(table_bytes() <= options_.memory_budget, "memory_budget",
                        "the tables need " + std::to_string(table_bytes()) +
                                " bytes, more than the budget of " +
                                std::to_string(options_.memory_budget));
    }

    [[nodiscard]] std::size_t nobs() const noexcept { return search_.nobs(); }
    [[nodiscard]] std::size_t nparams() const noexcept { return search_.nparams(); }
    [[nodiscard]] const ParameterGrid& grid() const noexcept { return search_.grid(); }
    [[nodiscard]] const EstimatorOptions& options() const noexcept { return options_; }
    /// The grid search in use (path, backend, grouping).
    [[nodiscard]] const CoherenceGrid<Real>& coherence_grid() const noexcept
    {
        return search_;
    }
    /// Valid observations needed for an estimate.
    [[nodiscard]] std::size_t min_samples() const noexcept { return min_samples_; }
    /// Parameters that are refined (at least 2 nodes and a non-zero design column).
    [[nodiscard]] const std::vector<std::size_t>& refined_parameters() const noexcept
    {
        return refiner_.refined_axes();
    }
    /// Memory held by the tables [bytes].
    [[nodiscard]] std::size_t table_bytes() const noexcept
    {
        return search_.table_bytes() + refiner_.table_bytes();
    }
    /// Scratch of one worker processing `chunk_links` links per task [bytes].
    [[nodiscard]] std::size_t worker_bytes(std::size_t chunk_links) const noexcept
    {
        const std::size_t g = search_.link_group() * detail::kLinkBlock;
        const std::size_t nl = (std::max<std::size_t>(chunk_links, 1) + g - 1) / g * g;
        const std::size_t pad = search_.tables_.nobs_pad();
        return search_.workspace_bytes() + refiner_.scratch_bytes() +
               nl * (nobs() * sizeof(std::complex<Real>) + 2 * pad * sizeof(double) +
                     sizeof(std::int64_t) + sizeof(Real) + sizeof(double) * 2 +
                     sizeof(double) * refiner_.stencil_points()) +
               2 * pad * sizeof(double);
    }

    /// @brief Estimate a block of links, uniform weights.
    /// @param phase     nobs × nlinks wrapped phases [rad] (float or double) or complex
    ///                  values (complex<float|double>, their argument), any storage;
    ///                  rows in design order; NaN (or zero amplitude) masks an entry
    /// @param params    writable real array nparams × nlinks: the estimate (units of
    ///                  the design columns, e.g. mm/yr and m); NaN if too_few_samples
    /// @param coherence writable real array (nlinks): γ at params, in [0, 1]
    /// @param status    writable LinkStatus array (nlinks)
    /// @throws emcf::invalid_argument on shape mismatches (naming the array)
    /// @note O(nlinks · flops_per_link()) plus O(nlinks·nobs·3^m) for refinement;
    ///       scratch bounded by options().memory_budget. Outputs are unspecified if an
    ///       exception is thrown.
    template <class Phase, class Params, class Coherence, class Status>
    void estimate(const Phase& phase, Params&& params, Coherence&& coherence,
                  Status&& status) const
    {
        estimate(phase, uniform_weights, no_column_scale, params, coherence, status);
    }

    /// @brief As above with weights: `uniform_weights`, a real array of nobs
    ///        (per interferogram) or nobs × nlinks (per link); w >= 0, finite; 0 or NaN
    ///        masks an entry (weights are renormalised over the valid entries).
    /// @throws emcf::invalid_argument also for a negative or infinite weight
    template <class Phase, class Weights, class Params, class Coherence, class Status>
    void estimate(const Phase& phase, const Weights& weights, Params&& params,
                  Coherence&& coherence, Status&& status) const
    {
        estimate(phase, weights, no_column_scale, params, coherence, status);
    }

    /// @brief As above with a per-link scale s_l of design column
    ///        options().scaled_column (per-link geometry: emcf::dem_scale), or
    ///        `no_column_scale`. The grid is searched in the reference units
    ///        s_l·x_c and the estimate divided by s_l, so the box in x_c is
    ///        [lo/s_l, hi/s_l] for that link.
    /// @throws emcf::invalid_argument also for a zero or non-finite scale, or a
    ///         scaled_column outside the design
    template <class Phase, class Weights, class Scale, class Params, class Coherence,
              class Status>
    void estimate(const Phase& phase, const Weights& weights, const Scale& column_scale,
                  Params&& params, Coherence&& coherence, Status&& status) const
    {
        auto none = StridedView1D<std::int64_t>();
        auto none_c = StridedView1D<double>();
        run(phase, weights, column_scale, view2d(params), view1d(coherence),
            view1d(status), none, none_c, false);
    }

    /// @brief Full outputs: also the best grid node (flat index, −1 when there is no
    ///        estimate) and the exact coherence at that node.
    template <class Phase, class Weights, class Scale, class Params, class Coherence,
              class Status, class Best, class NodeCoherence>
    void estimate(const Phase& phase, const Weights& weights, const Scale& column_scale,
                  Params&& params, Coherence&& coherence, Status&& status,
                  Best&& best_node, NodeCoherence&& node_coherence) const
    {
        run(phase, weights, column_scale, view2d(params), view1d(coherence),
            view1d(status), view1d(best_node), view1d(node_coherence), true);
    }

  private:
    using Complex = std::complex<Real>;

    struct Worker {
        typename CoherenceGrid<Real>::Workspace search;
        detail::LinkRefiner::Scratch refine;
        std::vector<double> ur, ui;         ///< chunk links × nobs_pad
        std::vector<double> stencil;        ///< chunk links × stencil points
        std::vector<unsigned char> valid;   ///< chunk links
        std::vector<double> theta, w, s, c; ///< nobs_pad
        std::vector<double> x;              ///< nparams
        bool ready = false;
    };

    static std::size_t round_up_block(std::size_t n) noexcept
    {
        return (n + detail::kLinkBlock - 1) / detail::kLinkBlock * detail::kLinkBlock;
    }

    template <class PV, class WV, class SV, class P, class C, class S, class B, class N>
    void run(const PV& phase_in, const WV& weights_in, const SV& scale_in, P params,
             C coh, S status, B best, N node_coh, bool full) const
    {
        static_assert(detail::is_writable_view_v<P> && detail::is_writable_view_v<C> &&
                              detail::is_writable_view_v<S> &&
                              detail::is_writable_view_v<B> &&
                              detail::is_writable_view_v<N>,
                      "LinkEstimator::estimate: outputs must be writable");
        static_assert(std::is_same_v<typename S::value_type, LinkStatus>,
                      "LinkEstimator::estimate: 'status' must hold emcf::LinkStatus");
        const auto phase = cview2d(phase_in);
        const std::size_t nlinks = phase.cols();
        detail::require(phase.rows() == nobs(), "phase",
                        "expected " + std::to_string(nobs()) +
                                " rows (interferograms), got " +
                                std::to_string(phase.rows()));
        detail::require_shape(params.rows(), params.cols(), nparams(), nlinks,
                              "params");
        detail::require_size(coh.size(), nlinks, "coherence");
        detail::require_size(status.size(), nlinks, "status");
        if (full) {
            detail::require_size(best.size(), nlinks, "best_node");
            detail::require_size(node_coh.size(), nlinks, "node_coherence");
        }
        const auto weights = weight_view(weights_in, nlinks);
        const auto scale = scale_view(scale_in, nlinks);
        const unsigned workers = resolve_thread_count(options_.threads);
        const std::size_t nblocks =
                (nlinks + detail::kLinkBlock - 1) / detail::kLinkBlock;
        const std::size_t group = search_.link_group();
        std::size_t chunk_blocks =
                options_.chunk > 0 ? round_up_block(options_.chunk) / detail::kLinkBlock
                                   : search_.default_chunk_blocks();
        chunk_blocks = (chunk_blocks + group - 1) / group * group;
        const auto used = [&](std::size_t cb) {
            return table_bytes() +
                   std::min<std::size_t>(workers, std::max<std::size_t>(nblocks, 1)) *
                           worker_bytes(cb * detail::kLinkBlock);
        };
        while (chunk_blocks > group && used(chunk_blocks) > options_.memory_budget) {
            chunk_blocks = std::max(group, chunk_blocks / 2 / group * group);
        }
        detail::require(used(chunk_blocks) <= options_.memory_budget, "memory_budget",
                        "needs at least " + std::to_string(used(group)) +
                                " bytes for " + std::to_string(workers) +
                                " worker(s), got " +
                                std::to_string(options_.memory_budget));
        std::vector<Worker> pool(workers);
        parallel_for(nblocks, options_.threads, chunk_blocks,
                     [&](std::size_t b0, std::size_t b1, unsigned w) {
                         process(phase, weights, scale, b0, b1, nlinks, pool[w], params,
                                 coh, status, best, node_coh, full);
                     });
    }

    // --- per-call input views -----------------------------------------------------

    struct NoWeightView {
        static constexpr bool uniform = true;
        double operator()(std::size_t, std::size_t) const noexcept { return 1.0; }
    };
    template <class V>
    struct WeightView {
        static constexpr bool uniform = false;
        V v;
        bool per_link;
        double operator()(std::size_t k, std::size_t l) const noexcept
        {
            return static_cast<double>(v(k, per_link ? l : 0));
        }
    };

    NoWeightView weight_view(const UniformWeights&, std::size_t) const { return {}; }

    template <class W>
    auto weight_view(const W& weights, std::size_t nlinks) const
    {
        const auto v = detail::as_matrix_view(weights);
        using V = std::remove_const_t<decltype(v)>;
        using T = typename V::value_type;
        static_assert(std::is_floating_point_v<T>, "weights must be real");
        detail::require(
                v.rows() == nobs() && (v.cols() == 1 || v.cols() == nlinks), "weights",
                "expected " + std::to_string(nobs()) + " x 1 or " +
                        std::to_string(nobs()) + " x " + std::to_string(nlinks) +
                        ", got " + std::to_string(v.rows()) + " x " +
                        std::to_string(v.cols()));
        detail::for_each_index(v, [&](std::size_t k, std::size_t l) {
            const double x = static_cast<double>(v(k, l));
            detail::require(!(x < 0) && x != std::numeric_limits<double>::infinity(),
                            "weights",
                            "must be finite and >= 0 (0 or NaN masks an entry), got " +
                                    std::to_string(x) + " at (" + std::to_string(k) +
                                    ", " + std::to_string(l) + ")");
        });
        return WeightView<StridedView2D<const T>>{v, v.cols() == nlinks && nlinks > 1};
    }

    struct NoScaleView {
        static constexpr bool scaled = false;
        double operator[](std::size_t) const noexcept { return 1.0; }
    };
    template <class V>
    struct ScaleView {
        static constexpr bool scaled = true;
        V v;
        double operator[](std::size_t l) const noexcept
        {
            return static_cast<double>(v[l]);
        }
    };

    NoScaleView scale_view(const NoColumnScale&, std::size_t) const { return {}; }

    template <class X>
    auto scale_view(const X& scale, std::size_t nlinks) const
    {
        const auto v = cview1d(scale);
        detail::require_size(v.size(), nlinks, "column_scale");
        detail::require(options_.scaled_column < nparams(), "column_scale",
                        "scaled_column " + std::to_string(options_.scaled_column) +
                                " is not a column of the design (" +
                                std::to_string(nparams()) + " columns)");
        for (std::size_t l = 0; l < nlinks; ++l) {
            const double s = static_cast<double>(v[l]);
            detail::require(std::isfinite(s) && s != 0, "column_scale",
                            "must be finite and non-zero, got " + std::to_string(s) +
                                    " for link " + std::to_string(l));
        }
        return ScaleView<decltype(v)>{v};
    }

    // --- one chunk of blocks on one worker ---------------------------------------

    template <class PV, class WV, class SV, class P, class C, class S, class B, class N>
    void process(const PV& phase, const WV& weights, const SV& scale, std::size_t b0,
                 std::size_t b1, std::size_t nlinks, Worker& wk, P params, C coh,
                 S status, B best, N node_coh, bool full) const
    {
        const std::size_t nblocks = b1 - b0;
        const std::size_t l0 = b0 * detail::kLinkBlock;
        const std::size_t nl = std::min(nlinks, b1 * detail::kLinkBlock) - l0;
        const std::size_t n = nobs();
        const std::size_t pad = search_.tables_.nobs_pad();
        search_.prepare(wk.search, nblocks);
        if (!wk.ready) {
            refiner_.prepare(wk.refine);
            for (auto* v : {&wk.theta, &wk.w, &wk.s, &wk.c}) {
                v->assign(pad, 0.0);
            }
            wk.x.assign(nparams(), 0.0);
            wk.ready = true;
        }
        const std::size_t npts =
                search_.reports_stencil() ? refiner_.stencil_points() : 0;
        if (wk.ur.size() < nl * pad) { // (ur last: a failed growth is retried)
            wk.ui.resize(nl * pad);
            wk.valid.resize(nl);
            wk.ur.resize(nl * pad);
        }
        if (wk.stencil.size() < nl * npts) {
            wk.stencil.resize(nl * npts);
        }
        Complex* z = wk.search.z.data();
        // Columns of links [nl, end) (last block and group padding) must be zero;
        // prepare_link writes every entry of the others.
        std::fill(wk.search.z.begin() + static_cast<std::ptrdiff_t>(nl * n),
                  wk.search.z.end(), Complex(0));
        for (std::size_t l = 0; l < nl; ++l) {
            wk.valid[l] = prepare_link(phase, weights, l0 + l, wk, &wk.ur[l * pad],
                                       &wk.ui[l * pad], z + l * n);
        }
        search_.search_chunk(z, nblocks, nl, wk.search, wk.search.best.data(),
                             wk.search.power.data(),
                             npts > 0 ? wk.stencil.data() : nullptr);
        using PT = typename P::value_type;
        using CT = typename C::value_type;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        for (std::size_t l = 0; l < nl; ++l) {
            const std::size_t gl = l0 + l;
            if (!wk.valid[l]) {
                for (std::size_t p = 0; p < nparams(); ++p) {
                    params(p, gl) = static_cast<PT>(nan);
                }
                coh[gl] = static_cast<CT>(nan);
                status[gl] = LinkStatus::too_few_samples;
                if (full) {
                    best[gl] = static_cast<typename B::value_type>(-1);
                    node_coh[gl] = static_cast<typename N::value_type>(nan);
                }
                continue;
            }
            const auto g = static_cast<std::size_t>(wk.search.best[l]);
            double gamma = 0;
            double gamma_node = 0;
            const LinkStatus st = refiner_.refine(
                    search_.tables_, search_.grid(), g, &wk.ur[l * pad],
                    &wk.ui[l * pad], npts > 0 ? &wk.stencil[l * npts] : nullptr,
                    wk.refine, wk.x.data(), gamma, gamma_node);
            if constexpr (SV::scaled) {
                wk.x[options_.scaled_column] /= scale[gl];
            }
            for (std::size_t p = 0; p < nparams(); ++p) {
                params(p, gl) = static_cast<PT>(wk.x[p]);
            }
            coh[gl] = static_cast<CT>(gamma);
            status[gl] = st;
            if (full) {
                best[gl] = static_cast<typename B::value_type>(g);
                node_coh[gl] = static_cast<typename N::value_type>(gamma_node);
            }
        }
    }

    // Weighted conjugate phasors of one link, normalised to Σ w = 1, in double (ur, ui,
    // internal order, zero padded) and in Real (z). False if too few are valid.
    // A scalar gather in the internal order, then vectorisable passes.
    template <class PV, class WV>
    bool prepare_link(const PV& phase, const WV& weights, std::size_t l, Worker& wk,
                      double* ur, double* ui, Complex* z) const
    {
        const std::size_t n = nobs();
        const std::size_t pad = search_.tables_.nobs_pad();
        using T = typename PV::value_type;
        constexpr bool is_cplx = detail::is_complex_v<T>;
        double* EMCF_RESTRICT th = wk.theta.data(); // phase, or real part
        double* EMCF_RESTRICT im = wk.s.data();     // imaginary part (complex input)
        double* EMCF_RESTRICT w = wk.w.data();
        const auto& order = search_.tables_.order();
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t row = order[k];
            const T v = phase(row, l);
            if constexpr (is_cplx) {
                th[k] = static_cast<double>(v.real());
                im[k] = static_cast<double>(v.imag());
            } else {
                th[k] = static_cast<double>(v);
            }
            if constexpr (!WV::uniform) {
                w[k] = weights(row, l);
            }
        }
        double* EMCF_RESTRICT c = wk.c.data(); // complex input: 1/|v|
        std::size_t nvalid = 0;
        for (std::size_t k = 0; k < n; ++k) {
            bool finite = th[k] - th[k] == 0.0; // false for NaN and ±inf
            if constexpr (is_cplx) {
                // |v| without overflow: m·sqrt((re/m)² + (im/m)²), m = max(|re|, |im|)
                const double m = std::max(std::fabs(th[k]), std::fabs(im[k]));
                const double a = th[k] / m;
                const double b = im[k] / m;
                const double mag = m * std::sqrt(a * a + b * b);
                finite = mag - mag == 0.0 && mag > 0; // zero amplitude: no phase
                c[k] = finite ? 1.0 / mag : 0.0;
            }
            const double wk_in = WV::uniform ? 1.0 : w[k];
            const bool ok = finite && wk_in > 0; // NaN weights mask too
            w[k] = ok ? wk_in : 0.0;
            th[k] = ok ? th[k] : 0.0;
            if constexpr (is_cplx) {
                im[k] = ok ? im[k] : 0.0;
            }
            nvalid += ok ? 1 : 0;
        }
        std::fill(w + n, w + pad, 0.0);
        std::fill(ur + n, ur + pad, 0.0);
        std::fill(ui + n, ui + pad, 0.0);
        const double wsum = detail::lane_sum(w, pad);
        if (nvalid < min_samples_ || !(wsum > 0)) {
            std::fill(ur, ur + n, 0.0);
            std::fill(ui, ui + n, 0.0);
            std::fill(z, z + n, Complex(0));
            return false;
        }
        const double inv = 1.0 / wsum;
        if constexpr (is_cplx) { // conj(v)/|v| · w / Σw
            for (std::size_t k = 0; k < n; ++k) {
                const double f = w[k] * inv * c[k];
                ur[k] = th[k] * f;
                ui[k] = -im[k] * f;
            }
        } else { // exp(−jφ) · w / Σw
            detail::sincos_n(th, im, c, n);
            for (std::size_t k = 0; k < n; ++k) {
                ur[k] = c[k] * (w[k] * inv);
                ui[k] = -im[k] * (w[k] * inv);
            }
        }
        Real* EMCF_RESTRICT zr = reinterpret_cast<Real*>(z); // interleaved re, im
        for (std::size_t k = 0; k < n; ++k) {
            zr[2 * k] = static_cast<Real>(ur[k]);
            zr[2 * k + 1] = static_cast<Real>(ui[k]);
        }
        return true;
    }

    CoherenceGrid<Real> search_;
    EstimatorOptions options_;
    std::size_t min_samples_ = 0;
    detail::LinkRefiner refiner_;
};

/// @brief Convenience form: estimate every link with uniform weights, allocating the
///        results.
/// @tparam Real search precision (float default)
/// @param design, grid, options as emcf::LinkEstimator
/// @param phase  nobs × nlinks phases or complex values
/// @throws emcf::invalid_argument as LinkEstimator and LinkEstimator::estimate
template <class Real = float, class Design, class Phase>
[[nodiscard]] LinkEstimates
estimate_links(const Design& design, const ParameterGrid& grid, const Phase& phase,
               const EstimatorOptions& options = {})
{
    return estimate_links<Real>(design, grid, phase, uniform_weights, options);
}

/// @brief Convenience form with weights (`uniform_weights`, nobs or nobs × nlinks).
template <class Real = float, class Design, class Phase, class Weights>
[[nodiscard]] LinkEstimates
estimate_links(const Design& design, const ParameterGrid& grid, const Phase& phase,
               const Weights& weights, const EstimatorOptions& options = {})
{
    const LinkEstimator<Real> est(design, grid, options);
    const std::size_t nlinks = cview2d(phase).cols();
    LinkEstimates out;
    out.params.resize(static_cast<Eigen::Index>(est.nparams()),
                      static_cast<Eigen::Index>(nlinks));
    out.coherence.resize(static_cast<Eigen::Index>(nlinks));
    out.node_coherence.resize(static_cast<Eigen::Index>(nlinks));
    out.status.assign(nlinks, LinkStatus::ok);
    out.best_node.assign(nlinks, -1);
    est.estimate(phase, weights, no_column_scale, out.params, out.coherence,
                 view1d(out.status.data(), nlinks),
                 view1d(out.best_node.data(), nlinks), out.node_coherence);
    return out;
}

EMCF_END_NAMESPACE
