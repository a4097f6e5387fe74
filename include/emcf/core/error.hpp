#pragma once
/// @file
/// @brief Exceptions for caller misuse (tier 2 of the error model) and the checks that
///        raise them at the API boundary.
///
/// Every exception names the offending argument and the problem, e.g.
/// `emcf: invalid argument 'phase': shape mismatch: expected 54 x 1000, got 53 x 1000`.
/// Data outcomes (all-masked link, infeasible flow, closure error) are not exceptions:
/// they are reported through the status enums of emcf/core/status.hpp.

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE

/// Caller misuse: a shape mismatch, a non-finite geometry value, an invalid grid, a
/// disconnected or non-planar graph where one is required, duplicate points, unbalanced
/// residues passed to a solver, cost overflow...
class invalid_argument : public std::invalid_argument {
  public:
    /// @param argument name of the offending parameter, as in the function's signature
    /// @param problem  what is wrong with it, in words
    invalid_argument(std::string argument, std::string problem)
        : std::invalid_argument("emcf: invalid argument '" + argument +
                                "': " + problem),
          argument_(std::move(argument)), problem_(std::move(problem))
    {
    }
    /// Name of the offending parameter.
    [[nodiscard]] const std::string& argument() const noexcept { return argument_; }
    /// Description of the problem, without the argument name.
    [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

  private:
    std::string argument_;
    std::string problem_;
};

/// An arithmetic result does not fit the requested integer type (e.g. a quantised cost
/// or a total flow cost exceeds `std::int64_t`).
class overflow_error : public invalid_argument {
  public:
    using invalid_argument::invalid_argument;
};

namespace detail {

[[noreturn]] inline void throw_invalid(const std::string& argument,
                                       const std::string& problem)
{
    throw invalid_argument(argument, problem);
}

inline void require(bool condition, const char* argument, const std::string& problem)
{
    if (!condition) {
        throw_invalid(argument, problem);
    }
}

inline void require_size(std::size_t actual, std::size_t expected, const char* argument)
{
    if (actual != expected) {
        throw_invalid(argument, "size mismatch: expected " + std::to_string(expected) +
                                        ", got " + std::to_string(actual));
    }
}

inline void require_shape(std::size_t rows, std::size_t cols, std::size_t expected_rows,
                          std::size_t expected_cols, const char* argument)
{
    if (rows != expected_rows || cols != expected_cols) {
        throw_invalid(argument,
                      "shape mismatch: expected " + std::to_string(expected_rows) +
                              " x " + std::to_string(expected_cols) + ", got " +
                              std::to_string(rows) + " x " + std::to_string(cols));
    }
}

template <class Real>
void require_finite(Real value, const char* argument)
{
    if (!std::isfinite(value)) {
        throw_invalid(argument, "value must be finite, got " + std::to_string(value));
    }
}

} // namespace detail

EMCF_END_NAMESPACE
