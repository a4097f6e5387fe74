#pragma once
/// @file
/// @brief Includes the xtensor headers emcf needs across the xtensor 0.24/0.25 and
///        0.26+ header layouts (0.26 moved them into sub-folders).
/// @note xtensor >= 0.27 exports `cxx_std_20`: consumers of the xtensor adapter are
/// then
///       built as C++20. The core (emcf::emcf) stays C++17.

#if __has_include(<xtensor/containers/xadapt.hpp>) // xtensor >= 0.26
#include <xtensor/containers/xadapt.hpp>
#include <xtensor/containers/xarray.hpp>
#include <xtensor/containers/xtensor.hpp>
#include <xtensor/core/xexpression.hpp>
#else // xtensor 0.24 / 0.25
#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xexpression.hpp>
#include <xtensor/xtensor.hpp>
#endif
