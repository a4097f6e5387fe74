// Uses emcf with Eigen and xtensor arrays, as a vendored (FetchContent) dependency.
#include <cstdio>

#include <Eigen/Core>

#include <emcf/adapters/eigen.hpp>
#include <emcf/adapters/xtensor.hpp>
#include <emcf/emcf.hpp>

int main()
{
    Eigen::MatrixXf a = Eigen::MatrixXf::Random(6, 4) * 20.0f;
    xt::xtensor<float, 2> b({6, 4});
    emcf::wrap_phases(a, b); // Eigen in, xtensor out
    Eigen::MatrixXf c(6, 4);
    emcf::wrap_phases(a, c);
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            if (b(std::size_t(i), std::size_t(j)) != c(i, j)) {
                std::printf("mismatch at (%ld, %ld)\n", long(i), long(j));
                return 1;
            }
        }
    }
    std::printf("emcf %s via FetchContent (Eigen + xtensor): ok\n",
                EMCF_VERSION_STRING);
    return 0;
}
