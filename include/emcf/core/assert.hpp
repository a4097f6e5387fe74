#pragma once
/// @file
/// @brief Overridable assertion macros for internal invariants (tier 1 of the error
/// model).
///
/// `EMCF_ASSERT(cond)` checks an invariant that only a bug in emcf can break; it is
/// always on. `EMCF_DEBUG_ASSERT(cond)` guards hot loops (bounds, index ranges) and is
/// on when `NDEBUG` is not defined or `EMCF_ENABLE_DEBUG_ASSERTS` is. Both are defined
/// only if the user has not defined them first, so a consumer can route them to its own
/// handler:
/// @code
/// #define EMCF_ASSERT(cond) MY_PROJECT_CHECK(cond)
/// #include <emcf/emcf.hpp>
/// @endcode
/// The default handler throws emcf::internal_error: a library never calls `abort()` on
/// its host process.

#include <stdexcept>
#include <string>

#include <emcf/core/config.hpp>

EMCF_BEGIN_NAMESPACE

/// Thrown by the default EMCF_ASSERT handler: an internal invariant of emcf is broken.
/// Not caller misuse (see emcf::invalid_argument); please report it.
class internal_error : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};

namespace detail {

[[noreturn]] inline void assertion_failed(const char* expr, const char* file, int line,
                                          const char* function)
{
    throw internal_error(std::string("emcf: internal invariant violated: ") + expr +
                         " at " + file + ":" + std::to_string(line) + " in " +
                         function);
}

} // namespace detail

EMCF_END_NAMESPACE

#ifndef EMCF_ASSERT
#define EMCF_ASSERT(cond)                                                              \
    ((cond) ? static_cast<void>(0)                                                     \
            : ::emcf::detail::assertion_failed(#cond, __FILE__, __LINE__, __func__))
#endif

#ifndef EMCF_DEBUG_ASSERT
#if !defined(NDEBUG) || defined(EMCF_ENABLE_DEBUG_ASSERTS)
#define EMCF_DEBUG_ASSERT(cond) EMCF_ASSERT(cond)
#else
#define EMCF_DEBUG_ASSERT(cond) static_cast<void>(0)
#endif
#endif
