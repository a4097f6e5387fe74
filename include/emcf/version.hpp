#pragma once
/// @file
/// @brief Library version (kept in step with `project(emcf VERSION ...)` in
/// CMakeLists.txt).

#define EMCF_VERSION_MAJOR 0
#define EMCF_VERSION_MINOR 1
#define EMCF_VERSION_PATCH 0
#define EMCF_VERSION_STRING "0.1.0"
