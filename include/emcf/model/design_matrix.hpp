#pragma once
/// @file
/// @brief Design matrix of the per-link linear model: velocity, DEM error and optional
///        caller columns (reference/algorithm.md §5.1).
///
/// Row k belongs to interferogram k = (i, j) ("secondary j minus reference i"); column
/// p holds the phase [rad] that one unit of parameter p adds to that interferogram:
///
///   A[k, 0] = (4π/λ) · (t_j − t_i) / 365.25 · 1e-3       [rad per mm/yr]
///   A[k, 1] = (4π/λ) · (B_j − B_i) / (R · sin θ)          [rad per m]
///   A[k, 2 + c] = X[j, c] − X[i, c]                        [rad per unit of column c]
///
/// Every row is a difference of per-epoch terms, so the model phase sums to zero around
/// every temporal cycle: model-guided wrapping then creates no residues (§5.7).
///
/// **Sign caveat (§1.1).** The model is phase = +4π/λ · (v·Δt + B⊥/(R sin θ)·Δh).
/// dolphin converts phase to line-of-sight displacement with d = −λ/(4π)·φ, so the
/// velocity estimated here has the **opposite sign** of dolphin's LOS rate; the sign of
/// the DEM error follows the sign convention of the B⊥ the caller passes (secondary
/// minus reference, relative to epoch 0).

#include <cmath>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include <Eigen/Core>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/graph/hop3_graph.hpp>
#include <emcf/graph/planar_graph.hpp>

EMCF_BEGIN_NAMESPACE

/// Scene geometry of the line-of-sight model (one value per scene, or per link through
/// the estimator's per-link column scale).
struct RadarGeometry {
    double wavelength = 0;  ///< radar wavelength λ [m], > 0
    double slant_range = 0; ///< slant range R [m], > 0
    double look_angle = 0;  ///< look angle θ from nadir [rad], in (0, π/2)
};

/// Days per year in the velocity unit (mm per Julian year).
inline constexpr double days_per_year = 365.25;

namespace detail {

inline void validate_geometry(const RadarGeometry& g, const char* argument)
{
    const std::string name(argument);
    require_finite(g.wavelength, (name + ".wavelength").c_str());
    require_finite(g.slant_range, (name + ".slant_range").c_str());
    require_finite(g.look_angle, (name + ".look_angle").c_str());
    require(g.wavelength > 0, (name + ".wavelength").c_str(),
            "must be > 0 [m], got " + std::to_string(g.wavelength));
    require(g.slant_range > 0, (name + ".slant_range").c_str(),
            "must be > 0 [m], got " + std::to_string(g.slant_range));
    require(g.look_angle > 0 && g.look_angle < pi<double>() / 2,
            (name + ".look_angle").c_str(),
            "must lie in (0, π/2) rad (0° to 90°), got " +
                    std::to_string(g.look_angle) + " rad");
}

} // namespace detail

/// Phase per unit velocity of an interferogram spanning `dt_days`:
/// (4π/λ)·Δt/365.25·1e-3.
/// @param wavelength λ [m]
/// @param dt_days    time span t_j − t_i [days]
/// @return [rad per mm/yr]; positive for dt_days > 0 (sign caveat in the file comment)
[[nodiscard]] inline double velocity_sensitivity(double wavelength, double dt_days)
{
    return 4.0 * pi<double>() / wavelength * dt_days / days_per_year * 1e-3;
}

/// Phase per unit DEM error of an interferogram with perpendicular baseline difference
/// `dbperp`: (4π/λ)·ΔB⊥/(R·sin θ) (Ferretti et al. 2001; sin of the look angle).
/// @param geometry λ, R, θ
/// @param dbperp   B⊥_j − B⊥_i [m]
/// @return [rad per m]
[[nodiscard]] inline double dem_sensitivity(const RadarGeometry& geometry,
                                            double dbperp)
{
    return 4.0 * pi<double>() / geometry.wavelength * dbperp /
           (geometry.slant_range * std::sin(geometry.look_angle));
}

/// Per-link scale of the DEM column for a link whose geometry differs from the scene
/// geometry the design matrix was built with: the link's DEM sensitivity is
/// `scale × A[:, 1]` with
/// `scale = baseline_scale · (R_scene sin θ_scene) / (R_link sin θ_link)`.
/// Pass it to emcf::LinkEstimator::estimate as the column scale.
/// @param scene          geometry used to build the design matrix
/// @param link           geometry of the link (same wavelength)
/// @param baseline_scale B⊥ of the link relative to the scene's B⊥ (1 = same)
/// @throws emcf::invalid_argument for invalid geometries or a non-finite
/// baseline_scale
[[nodiscard]] inline double dem_scale(const RadarGeometry& scene,
                                      const RadarGeometry& link,
                                      double baseline_scale = 1.0)
{
    detail::validate_geometry(scene, "scene");
    detail::validate_geometry(link, "link");
    detail::require_finite(baseline_scale, "baseline_scale");
    return baseline_scale * (scene.slant_range * std::sin(scene.look_angle)) /
           (link.slant_range * std::sin(link.look_angle));
}

/// Per-epoch caller columns (e.g. temperature for thermal expansion, seasonal sin/cos),
/// wrapped so that overloads can tell them from an output array. Build with
/// emcf::epoch_columns(x).
/// @tparam View read-only 2-D view, nepochs × ncolumns, values in rad per unit of the
///         column's parameter
template <class View>
struct EpochColumns {
    View values;
};

/// Wrap a per-epoch array (nepochs × ncolumns; a 1-D array is one column) as extra
/// design-matrix columns: row k = (i, j) of column c gets `x(j, c) − x(i, c)`.
template <class X>
[[nodiscard]] auto epoch_columns(const X& x)
{
    const auto v = detail::as_matrix_view(x);
    using T = typename decltype(v)::value_type;
    return EpochColumns<StridedView2D<const T>>{v};
}

namespace detail {

template <class T>
struct is_epoch_columns : std::false_type {
};
template <class V>
struct is_epoch_columns<EpochColumns<V>> : std::true_type {
};

/// No extra columns.
struct NoEpochColumns {
    static constexpr std::size_t cols() noexcept { return 0; }
    static constexpr std::size_t rows() noexcept { return 0; }
    double operator()(std::size_t /*i*/, std::size_t /*j*/) const noexcept { return 0; }
};

template <class Network>
const auto& network_edges(const Network& network)
{
    if constexpr (std::is_same_v<Network, PlanarGraph>) {
        return network.edges();
    } else {
        return network;
    }
}

template <class Pair>
std::pair<long long, long long> pair_indices(const Pair& e)
{
    using std::get;
    return {static_cast<long long>(get<0>(e)), static_cast<long long>(get<1>(e))};
}

template <class Times, class Bperp, class Network, class Extra, class Out>
void fill_design_matrix(const Times& times_in, const Bperp& bperp_in,
                        const RadarGeometry& geometry, const Network& network,
                        const Extra& extra, Out&& out_in)
{
    const auto times = cview1d(times_in);
    const auto bperp = cview1d(bperp_in);
    const auto out = as_matrix_view(out_in);
    static_assert(is_writable_view_v<decltype(out)>,
                  "design_matrix: 'out' must be writable");
    static_assert(std::is_floating_point_v<typename decltype(out)::value_type>,
                  "design_matrix: 'out' must be real");
    validate_geometry(geometry, "geometry");
    const std::size_t nepochs = times.size();
    require(nepochs >= 2, "times",
            "need at least 2 epochs, got " + std::to_string(nepochs));
    require_size(bperp.size(), nepochs, "bperp");
    for (std::size_t e = 0; e < nepochs; ++e) {
        require_finite(static_cast<double>(times[e]), "times");
        require_finite(static_cast<double>(bperp[e]), "bperp");
        if (e > 0) {
            require(times[e] > times[e - 1], "times",
                    "dates must be strictly increasing (epoch " + std::to_string(e) +
                            " is not after epoch " + std::to_string(e - 1) + ")");
        }
    }
    const std::size_t nextra = extra.cols();
    if (nextra > 0) {
        require(extra.rows() == nepochs, "extra",
                "expected " + std::to_string(nepochs) + " rows (one per epoch), got " +
                        std::to_string(extra.rows()));
        for (std::size_t e = 0; e < nepochs; ++e) {
            for (std::size_t c = 0; c < nextra; ++c) {
                require_finite(static_cast<double>(extra(e, c)), "extra");
            }
        }
    }
    const auto& edges = network_edges(network);
    const std::size_t nobs = static_cast<std::size_t>(std::size(edges));
    require(nobs > 0, "network", "no interferograms");
    require_shape(out.rows(), out.cols(), nobs, 2 + nextra, "out");
    const double t0 = static_cast<double>(times[0]);
    const double b0 = static_cast<double>(bperp[0]);
    std::size_t k = 0;
    for (const auto& e : edges) {
        const auto [i, j] = pair_indices(e);
        const auto n = static_cast<long long>(nepochs);
        require(i >= 0 && i < n && j >= 0 && j < n, "network",
                "interferogram " + std::to_string(k) + " = (" + std::to_string(i) +
                        ", " + std::to_string(j) + ") has an epoch index outside [0, " +
                        std::to_string(nepochs) + ")");
        require(i != j, "network",
                "interferogram " + std::to_string(k) + " joins epoch " +
                        std::to_string(i) + " to itself");
        const auto ui = static_cast<std::size_t>(i);
        const auto uj = static_cast<std::size_t>(j);
        // Differences of epoch terms relative to epoch 0 keep rows closure-consistent.
        const double a_i = velocity_sensitivity(geometry.wavelength,
                                                static_cast<double>(times[ui]) - t0);
        const double a_j = velocity_sensitivity(geometry.wavelength,
                                                static_cast<double>(times[uj]) - t0);
        const double b_i =
                dem_sensitivity(geometry, static_cast<double>(bperp[ui]) - b0);
        const double b_j =
                dem_sensitivity(geometry, static_cast<double>(bperp[uj]) - b0);
        using R = typename decltype(out)::value_type;
        out(k, 0) = static_cast<R>(a_j - a_i);
        out(k, 1) = static_cast<R>(b_j - b_i);
        for (std::size_t c = 0; c < nextra; ++c) {
            out(k, 2 + c) = static_cast<R>(static_cast<double>(extra(uj, c)) -
                                           static_cast<double>(extra(ui, c)));
        }
        ++k;
    }
}

} // namespace detail

/// @brief Design matrix (nobs × 2) of velocity and DEM error for an interferogram
///        network, written into a caller array.
/// @param times    acquisition times t_e [days], any origin, strictly increasing
///                 (nepochs)
/// @param bperp    perpendicular baselines B⊥_e [m] relative to epoch 0 (nepochs; the
///                 value at epoch 0 is subtracted, so absolute baselines work too)
/// @param geometry λ, R, θ of the scene
/// @param network  interferograms as (i, j) epoch pairs, row k = epoch j minus epoch i:
///                 an emcf::PlanarGraph (e.g. `hop3_graph(n)`, whose edges are in
///                 spurt's order) or any range of tuple-likes (`std::array`,
///                 `std::pair`)
/// @param out      writable real array, nobs × 2: column 0 [rad per mm/yr], column 1
///                 [rad per m]
/// @throws emcf::invalid_argument naming the argument: non-finite or non-increasing
///         times, bperp of the wrong size or non-finite, invalid geometry
///         (λ ≤ 0, R ≤ 0, θ outside (0, π/2)), an empty network, epoch indices out of
///         range or i == j, `out` of the wrong shape
/// @note O(nobs + nepochs); values are computed in double.
template <
        class Times, class Bperp, class Network, class Out,
        std::enable_if_t<!detail::is_epoch_columns<std::decay_t<Out>>::value, int> = 0>
void design_matrix(const Times& times, const Bperp& bperp,
                   const RadarGeometry& geometry, const Network& network, Out&& out)
{
    detail::fill_design_matrix(times, bperp, geometry, network,
                               detail::NoEpochColumns{}, std::forward<Out>(out));
}

/// @brief As above, with extra caller columns 2, 3, ...: `out` is nobs × (2 + ncols).
/// @param times, bperp, geometry, network as above
/// @param out   writable real array, nobs × (2 + ncols)
/// @param extra per-epoch values from emcf::epoch_columns(x), x nepochs × ncols
///              [rad per unit of each extra parameter]; row k gets x(j,c) − x(i,c)
/// @throws emcf::invalid_argument as above, or if `extra` has the wrong number of rows
///         or non-finite values
template <class Times, class Bperp, class Network, class View, class Out>
void design_matrix(const Times& times, const Bperp& bperp,
                   const RadarGeometry& geometry, const Network& network,
                   const EpochColumns<View>& extra, Out&& out)
{
    detail::fill_design_matrix(times, bperp, geometry, network, extra.values,
                               std::forward<Out>(out));
}

/// @brief Convenience form returning an Eigen matrix (nobs × (2 + ncols), double).
/// @throws emcf::invalid_argument as the forms writing into a caller array
template <class Times, class Bperp, class Network, class View>
[[nodiscard]] Eigen::MatrixXd
design_matrix(const Times& times, const Bperp& bperp, const RadarGeometry& geometry,
              const Network& network, const EpochColumns<View>& extra)
{
    const auto nobs =
            static_cast<std::size_t>(std::size(detail::network_edges(network)));
    const std::size_t ncols = 2 + extra.values.cols();
    Eigen::MatrixXd a(static_cast<Eigen::Index>(nobs),
                      static_cast<Eigen::Index>(ncols));
    design_matrix(times, bperp, geometry, network, extra,
                  col_major_view(a.data(), nobs, ncols));
    return a;
}

/// @brief Convenience form returning an Eigen matrix (nobs × 2, double).
/// @throws emcf::invalid_argument as the forms writing into a caller array
template <class Times, class Bperp, class Network>
[[nodiscard]] Eigen::MatrixXd design_matrix(const Times& times, const Bperp& bperp,
                                            const RadarGeometry& geometry,
                                            const Network& network)
{
    const auto nobs =
            static_cast<std::size_t>(std::size(detail::network_edges(network)));
    Eigen::MatrixXd a(static_cast<Eigen::Index>(nobs), 2);
    design_matrix(times, bperp, geometry, network, col_major_view(a.data(), nobs, 2));
    return a;
}

/// @brief Convenience form for the default network, hop-3 over all epochs
///        (`hop3_graph(nepochs)`, spurt's order; needs nepochs >= 4).
/// @throws emcf::invalid_argument as above, or for fewer than 4 epochs
template <class Times, class Bperp>
[[nodiscard]] Eigen::MatrixXd design_matrix(const Times& times, const Bperp& bperp,
                                            const RadarGeometry& geometry)
{
    return design_matrix(times, bperp, geometry, hop3_graph(cview1d(times).size()));
}

EMCF_END_NAMESPACE
