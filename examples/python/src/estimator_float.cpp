// LinkEstimator<float> (see estimator.hpp).
#include "bindings.hpp"
#include "estimator.hpp"

void emcf_python::bind_estimator_float(py::module_& m)
{
    bind_estimator<float>(m, "LinkEstimator32");
}
