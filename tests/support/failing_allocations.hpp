#pragma once
// Allocations made to fail on purpose, to test what a throw in the middle of a call
// leaves behind. The global operator new is replaced in failing_allocations.cpp; it
// behaves as the standard one until a failure is armed.
#include <new>

namespace emcf_test {

/// Make the n-th call of operator new from now on, on this thread, throw
/// std::bad_alloc (n >= 1); 0 disarms.
void fail_allocation(long n) noexcept;

/// Run call() with its n-th allocation failing (disarmed afterwards): true if it threw
/// std::bad_alloc, false if it returned, having made fewer than n allocations.
template <class Call>
bool throws_at_allocation(long n, Call&& call)
{
    fail_allocation(n);
    try {
        call();
    } catch (const std::bad_alloc&) {
        fail_allocation(0);
        return true;
    }
    fail_allocation(0);
    return false;
}

} // namespace emcf_test
