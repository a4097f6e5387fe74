// Error tiers (assert, invalid_argument, status) and the deterministic parallel loop.
#include <atomic>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <emcf/core/assert.hpp>
#include <emcf/core/error.hpp>
#include <emcf/core/parallel.hpp>
#include <emcf/core/status.hpp>

TEST_CASE("errors: invalid_argument names the argument and the problem")
{
    try {
        emcf::detail::require_shape(3, 4, 3, 5, "phase");
        FAIL("expected an exception");
    } catch (const std::invalid_argument& e) { // catchable as the standard base
        CHECK(std::string(e.what()) == "emcf: invalid argument 'phase': shape "
                                       "mismatch: expected 3 x 5, got 3 x 4");
        const auto* ours = dynamic_cast<const emcf::invalid_argument*>(&e);
        REQUIRE(ours != nullptr);
        CHECK(ours->argument() == "phase");
        CHECK(ours->problem() == "shape mismatch: expected 3 x 5, got 3 x 4");
    }
    CHECK_THROWS_WITH_AS(
            emcf::detail::require_finite(std::nan(""), "wavelength"),
            "emcf: invalid argument 'wavelength': value must be finite, got nan",
            emcf::invalid_argument);
    CHECK_THROWS_AS(throw emcf::overflow_error("cost", "too large"),
                    emcf::invalid_argument);
}

TEST_CASE("errors: EMCF_ASSERT throws internal_error, never aborts")
{
    const auto broken = [](int x) { EMCF_ASSERT(x > 0); };
    CHECK_NOTHROW(broken(1));
    CHECK_THROWS_AS(broken(0), emcf::internal_error);
    try {
        broken(-1);
    } catch (const emcf::internal_error& e) {
        CHECK(std::string(e.what()).find("x > 0") != std::string::npos);
    }
}

TEST_CASE("status: stable names")
{
    CHECK(std::string(emcf::to_string(emcf::LinkStatus::too_few_samples)) ==
          "too_few_samples");
    CHECK(std::string(emcf::to_string(emcf::FlowStatus::unbalanced)) == "unbalanced");
    CHECK(std::string(emcf::to_string(emcf::PointStatus::isolated)) == "isolated");
    CHECK(std::string(emcf::to_string(emcf::ClosureStatus::not_closed)) ==
          "not_closed");
}

TEST_CASE("parallel_for: same output for any thread count and chunk size")
{
    const std::size_t n = 10007;
    auto run = [&](int threads, std::size_t chunk) {
        std::vector<double> out(n, -1.0);
        std::vector<int> visits(n, 0);
        emcf::parallel_for(n, threads, chunk,
                           [&](std::size_t b, std::size_t e, unsigned) {
                               for (std::size_t i = b; i < e; ++i) {
                                   double acc = 0;
                                   for (std::size_t k = 0; k <= i % 97; ++k) {
                                       acc += 1.0 / double(k + 1 + i);
                                   }
                                   out[i] = acc;
                                   ++visits[i];
                               }
                           });
        for (int v : visits) {
            REQUIRE(v == 1);
        }
        return out;
    };
    const auto ref = run(1, 1);
    CHECK(run(2, 7) == ref);
    CHECK(run(3, 1000) == ref);
    CHECK(run(8, 100000) == ref);
    CHECK(run(0, 64) == ref); // 0 = hardware threads
    CHECK_THROWS_AS(run(-1, 1), emcf::invalid_argument);
}

TEST_CASE("parallel_for: the first exception reaches the caller after all workers stop")
{
    std::atomic<int> started{0};
    CHECK_THROWS_WITH_AS(emcf::parallel_for(1000, 2, 1,
                                            [&](std::size_t b, std::size_t, unsigned) {
                                                ++started;
                                                if (b == 500) {
                                                    throw std::runtime_error("boom");
                                                }
                                            }),
                         "boom", std::runtime_error);
    CHECK(started.load() >= 1);
    // zero work is fine
    emcf::parallel_for(0, 4, 8,
                       [](std::size_t, std::size_t, unsigned) { FAIL("no work"); });
}
