#pragma once
/// @file
/// @brief Namespace, ABI and inlining macros shared by every emcf header.
///
/// Every declaration lives in `emcf::EMCF_ABI_NAMESPACE`, an inline namespace named
/// after the version. Two vendored copies of different versions in one program (e.g.
/// through two FetchContent dependencies) then get different mangled names instead of
/// silently violating the one-definition rule. Users write `emcf::name` and never see
/// it.

#include <emcf/version.hpp>

#define EMCF_DETAIL_ABI_CAT(a, b, c) v##a##_##b##_##c
#define EMCF_DETAIL_ABI(a, b, c) EMCF_DETAIL_ABI_CAT(a, b, c)

#ifndef EMCF_ABI_NAMESPACE
/// Inline ABI namespace, e.g. `v0_1_0`.
#define EMCF_ABI_NAMESPACE                                                             \
    EMCF_DETAIL_ABI(EMCF_VERSION_MAJOR, EMCF_VERSION_MINOR, EMCF_VERSION_PATCH)
#endif

/// Opens `namespace emcf` and its inline ABI namespace.
#define EMCF_BEGIN_NAMESPACE                                                           \
    namespace emcf {                                                                   \
    inline namespace EMCF_ABI_NAMESPACE {
/// Closes what EMCF_BEGIN_NAMESPACE opened.
#define EMCF_END_NAMESPACE                                                             \
    }                                                                                  \
    }

/// Keeps a rarely taken path out of its caller's hot code (a hint; empty where the
/// compiler has no such attribute).
#if defined(__GNUC__) || defined(__clang__)
#define EMCF_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define EMCF_NOINLINE __declspec(noinline)
#else
#define EMCF_NOINLINE
#endif
