#pragma once
/// @file
/// @brief Umbrella header: the whole core of emcf (no storage adapters).
///
/// Storage adapters are separate so that the core never pulls in a library the caller
/// does not use: include emcf/adapters/eigen.hpp (target emcf::emcf) or
/// emcf/adapters/xtensor.hpp (target emcf::xtensor) as needed.

#include <emcf/core/assert.hpp>
#include <emcf/core/config.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/math.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/status.hpp>
#include <emcf/core/strided_view.hpp>
#include <emcf/version.hpp>
