// The replaceable global allocation functions, with a failure that can be armed per
// thread (see failing_allocations.hpp): the plain, array and nothrow forms, all on
// malloc/free (a sanitizer's own forms must not meet ours: every form of a pair is
// replaced); the aligned forms keep the implementation's pairs.
#include "failing_allocations.hpp"

#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
thread_local long countdown = 0; // allocations left before the armed failure
} // namespace

void emcf_test::fail_allocation(long n) noexcept
{
    countdown = n;
}

void* operator new(std::size_t size)
{
    if (countdown > 0 && --countdown == 0) {
        throw std::bad_alloc();
    }
    if (void* p = std::malloc(size != 0 ? size : 1)) {
        return p;
    }
    throw std::bad_alloc();
}

void* operator new[](std::size_t size)
{
    return ::operator new(size);
}

void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept
{
    try {
        return ::operator new(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}

void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept
{
    return ::operator new(size, tag);
}

void operator delete(void* p) noexcept
{
    std::free(p);
}

void operator delete[](void* p) noexcept
{
    std::free(p);
}

void operator delete(void* p, std::size_t /*size*/) noexcept
{
    std::free(p);
}

void operator delete[](void* p, std::size_t /*size*/) noexcept
{
    std::free(p);
}

void operator delete(void* p, const std::nothrow_t& /*tag*/) noexcept
{
    std::free(p);
}

void operator delete[](void* p, const std::nothrow_t& /*tag*/) noexcept
{
    std::free(p);
}
