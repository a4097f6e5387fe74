#pragma once
/// @file
/// @brief Optional array arguments of the integration kernels (flows, mask, labels,
///        status) behind one interface, with the tags of integration.hpp.

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/integrate/integration.hpp>

EMCF_BEGIN_NAMESPACE
namespace detail {

template <class X>
constexpr bool is_tag_v = std::is_same_v<std::decay_t<X>, no_flows_t> ||
                          std::is_same_v<std::decay_t<X>, all_points_t> ||
                          std::is_same_v<std::decay_t<X>, discard_t>;

/// Integer flows per edge, or none.
template <class Flows>
class FlowInput {
  public:
    FlowInput(const Flows& flows, std::size_t nedges) : view_(make(flows))
    {
        if constexpr (!is_tag_v<Flows>) {
            require_size(view_.size(), nedges, "flows");
        }
    }
    [[nodiscard]] double operator[](std::size_t e) const noexcept
    {
        if constexpr (is_tag_v<Flows>) {
            (void)e;
            return 0.0;
        } else {
            return static_cast<double>(view_[e]);
        }
    }

  private:
    static auto make(const Flows& flows)
    {
        if constexpr (is_tag_v<Flows>) {
            static_assert(std::is_same_v<std::decay_t<Flows>, no_flows_t>,
                          "emcf: pass emcf::no_flows, or an integer array, as flows");
            return 0;
        } else {
            const auto v = view1d(flows);
            static_assert(std::is_integral_v<typename decltype(v)::value_type>,
                          "emcf: flows must have an integer element type");
            return v;
        }
    }
    decltype(make(std::declval<const Flows&>())) view_;
};

/// Validity per point (non-zero = valid), or all valid.
template <class Valid>
class MaskInput {
  public:
    MaskInput(const Valid& valid, std::size_t npoints) : view_(make(valid))
    {
        if constexpr (!is_tag_v<Valid>) {
            require_size(view_.size(), npoints, "valid");
        }
    }
    [[nodiscard]] bool operator[](std::size_t p) const noexcept
    {
        if constexpr (is_tag_v<Valid>) {
            (void)p;
            return true;
        } else {
            return static_cast<bool>(view_[p]);
        }
    }

  private:
    static auto make(const Valid& valid)
    {
        if constexpr (is_tag_v<Valid>) {
            static_assert(
                    std::is_same_v<std::decay_t<Valid>, all_points_t>,
                    "emcf: pass emcf::all_points, or a bool/integer array, as the "
                    "validity mask");
            return 0;
        } else {
            const auto v = view1d(valid);
            using T = typename decltype(v)::value_type;
            static_assert(std::is_integral_v<T>,
                          "emcf: the validity mask must be bool or integer");
            return v;
        }
    }
    decltype(make(std::declval<const Valid&>())) view_;
};

template <class Out, class Check>
constexpr bool output_element_ok()
{
    if constexpr (is_tag_v<Out>) {
        return true;
    } else {
        return Check::template ok<
                typename view1d_t<std::remove_reference_t<Out>>::value_type>();
    }
}
struct LabelCheck {
    template <class T>
    static constexpr bool ok()
    {
        return std::is_integral_v<T> && std::is_signed_v<T>;
    }
};
struct StatusCheck {
    template <class T>
    static constexpr bool ok()
    {
        return std::is_same_v<T, PointStatus>;
    }
};

/// Writable per-point output (labels or status), or discarded.
template <class Out>
class PointOutput {
  public:
    PointOutput(Out&& out, std::size_t npoints, const char* argument)
        : view_(make(std::forward<Out>(out)))
    {
        if constexpr (!is_tag_v<Out>) {
            require_size(view_.size(), npoints, argument);
        }
    }
    template <class T>
    void set(std::size_t p, T value) const noexcept
    {
        if constexpr (!is_tag_v<Out>) {
            using V = typename decltype(view_)::value_type;
            view_[p] = static_cast<V>(value);
        } else {
            (void)p;
            (void)value;
        }
    }

  private:
    static auto make(Out&& out)
    {
        if constexpr (is_tag_v<Out>) {
            static_assert(
                    std::is_same_v<std::decay_t<Out>, discard_t>,
                    "emcf: pass emcf::discard, or an array, for an unwanted output");
            return 0;
        } else {
            auto v = view1d(out);
            static_assert(is_writable_view_v<decltype(v)>,
                          "emcf: labels and status outputs must be writable");
            return v;
        }
    }
    decltype(make(std::declval<Out&&>())) view_;
};

} // namespace detail
EMCF_END_NAMESPACE
