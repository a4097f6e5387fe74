// IntegerList (the lists of SparseFlows) against std::vector as the model: a random
// sequence of the operations the solvers and their callers use must leave both with the
// same values (resize keeps the kept prefix, whatever growth happened in between).
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/core/integer_list.hpp>

#include "../support/failing_allocations.hpp"

namespace {

using List = emcf::IntegerList<std::int32_t>;

bool same(const List& list, const std::vector<std::int32_t>& model)
{
    return std::vector<std::int32_t>(list.begin(), list.end()) == model;
}

} // namespace

TEST_CASE("IntegerList: random resizes, writes and assigns agree with std::vector")
{
    std::mt19937 rng(20261122);
    List list;
    std::vector<std::int32_t> model;
    for (int step = 0; step < 4000; ++step) {
        const auto op = rng() % 5;
        const auto n = static_cast<std::size_t>(rng() % 300);
        CAPTURE(step);
        if (op == 0) { // resize: the kept prefix survives; new values are written next
            const std::size_t kept = std::min(n, model.size());
            list.resize(n);
            model.resize(n);
            for (std::size_t i = kept; i < n; ++i) {
                list[i] = model[i] = static_cast<std::int32_t>(rng());
            }
        } else if (op == 1) {
            const auto value = static_cast<std::int32_t>(rng());
            list.assign(n, value);
            model.assign(n, value);
        } else if (op == 2 && !model.empty()) { // overwrite one value
            const std::size_t i = rng() % model.size();
            list[i] = model[i] = static_cast<std::int32_t>(rng());
        } else if (op == 3) {
            std::vector<std::int32_t> source(n);
            for (auto& x : source) {
                x = static_cast<std::int32_t>(rng());
            }
            list.assign(source.data(), source.data() + n);
            model = source;
        } else {
            list.clear();
            model.clear();
        }
        REQUIRE(list.size() == model.size());
        REQUIRE(list.capacity() >= list.size());
        REQUIRE(same(list, model));
    }
}

TEST_CASE("IntegerList: copies are deep, moves empty the source, equality is by value")
{
    List a;
    a.assign(5, 7);
    a[2] = -1;
    List b = a;
    CHECK(b == a);
    b[0] = 3;
    CHECK(b != a);
    CHECK(a[0] == 7); // the copy owns its values
    List c = std::move(b);
    CHECK(c.size() == 5);
    CHECK(c[0] == 3);
    CHECK(b.empty()); // a moved-from list is empty...
    CHECK(b.capacity() == 0);
    b = a; // ... and usable
    CHECK(b == a);
    List d;
    d.resize(2);
    d[0] = 7;
    d[1] = 7;
    CHECK(d != a); // different lengths
    a.resize(2);
    a[1] = 7;
    CHECK(d == a);
    const std::size_t capacity = a.capacity();
    a.clear(); // keeps its storage
    CHECK(a.empty());
    CHECK(a.capacity() == capacity);
}

TEST_CASE("IntegerList: a failed growth leaves the list as it was")
{
    List list;
    list.assign(4, 9);
    const std::vector<std::int32_t> before(list.begin(), list.end());
    const auto capacity = list.capacity();
    CHECK(emcf_test::throws_at_allocation(1, [&] { list.resize(capacity + 100); }));
    CHECK(list.size() == before.size());
    CHECK(list.capacity() == capacity);
    CHECK(same(list, before));
    list.resize(capacity + 100); // and it grows once memory is there
    CHECK(list.size() == capacity + 100);
    CHECK(std::vector<std::int32_t>(list.begin(), list.begin() + 4) == before);
}
