#pragma once
// NumPy's legacy global RNG (np.random.seed / rand / randn), bit for bit, so that tests
// can regenerate spurt's fixtures (reference/algorithm.md §7, "Exact recipe").

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace emcf_test {

class NumpyRandom {
  public:
    explicit NumpyRandom(std::uint32_t seed) : mt_(seed) {}

    /// np.random.rand(): 53-bit uniform in [0, 1).
    double rand()
    {
        const std::uint32_t a = static_cast<std::uint32_t>(mt_()) >> 5;
        const std::uint32_t b = static_cast<std::uint32_t>(mt_()) >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// np.random.randn(): Marsaglia polar method with the cached second value.
    double randn()
    {
        if (has_cached_) {
            has_cached_ = false;
            return cached_;
        }
        double x1 = 0;
        double x2 = 0;
        double r2 = 0;
        do {
            x1 = 2.0 * rand() - 1.0;
            x2 = 2.0 * rand() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        const double f = std::sqrt(-2.0 * std::log(r2) / r2);
        cached_ = f * x1;
        has_cached_ = true;
        return f * x2;
    }

    std::vector<double> randn(std::size_t n)
    {
        std::vector<double> out(n);
        for (auto& x : out) {
            x = randn();
        }
        return out;
    }

    std::vector<double> rand(std::size_t n)
    {
        std::vector<double> out(n);
        for (auto& x : out) {
            x = rand();
        }
        return out;
    }

  private:
    std::mt19937 mt_;
    bool has_cached_ = false;
    double cached_ = 0;
};

} // namespace emcf_test
