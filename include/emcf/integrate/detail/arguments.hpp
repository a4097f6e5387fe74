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

/// An optional per-edge or per-point input: an array of integers (or bools), or the
/// tag standing for "absent", read as Traits::absent.
template <class X, class Traits>
class OptionalInput {
  public:
    OptionalInput(const X& x, std::size_t size) : view_(make(x))
    {
        if constexpr (!is_tag_v<X>) {
            require_size(view_.size(), size, Traits::name);
        }
    }
    [[nodiscard]] typename Traits::value operator[](std::size_t k) const noexcept
    {
        if constexpr (is_tag_v<X>) {
            (void)k;
            return Traits::absent;
        } else {
            return static_cast<typename Traits::value>(view_[k]);
        }
    }

  private:
    static auto make(const X& x)
    {
        if constexpr (is_tag_v<X>) {
            static_assert(std::is_same_v<std::decay_t<X>, typename Traits::tag>,
                          "emcf: wrong tag (flows: emcf::no_flows, validity mask: "
                          "emcf::all_points)");
            return 0;
        } else {
            const auto v = view1d(x);
            static_assert(std::is_integral_v<typename decltype(v)::value_type>,
                          "emcf: flows and validity masks must be integer (or bool) "
                          "arrays");
            return v;
        }
    }
    decltype(make(std::declval<const X&>())) view_;
};

struct FlowTraits {
    using tag = no_flows_t;
    using value = double;
    static constexpr double absent = 0.0;
    static constexpr const char* name = "flows";
};
struct MaskTraits {
    using tag = all_points_t;
    using value = bool;
    static constexpr bool absent = true;
    static constexpr const char* name = "valid";
};
/// Integer flows per edge, or emcf::no_flows (all zero).
template <class Flows>
using FlowInput = OptionalInput<Flows, FlowTraits>;
/// Validity per point (non-zero = valid), or emcf::all_points.
template <class Valid>
using MaskInput = OptionalInput<Valid, MaskTraits>;

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
