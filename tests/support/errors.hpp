#pragma once
// What a call's emcf::invalid_argument says, for the caller-misuse tests.
#include <string>

#include <emcf/core/error.hpp>

namespace emcf_test {

/// "argument: problem" of the emcf::invalid_argument that `call()` throws, or
/// "accepted" when it throws nothing.
template <class Call>
std::string problem_of(Call&& call)
{
    try {
        (void)call();
    } catch (const emcf::invalid_argument& e) {
        return e.argument() + ": " + e.problem();
    }
    return "accepted";
}

/// The argument named by the emcf::invalid_argument that `call()` throws, or "none".
template <class Call>
std::string argument_of(Call&& call)
{
    try {
        (void)call();
    } catch (const emcf::invalid_argument& e) {
        return e.argument();
    }
    return "none";
}

} // namespace emcf_test
