// LinkEstimator<double> (see estimator.hpp).
#include "bindings.hpp"
#include "estimator.hpp"

void emcf_python::bind_estimator_double(py::module_& m)
{
    bind_estimator<double>(m, "LinkEstimator64");
}
