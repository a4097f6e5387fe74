// TemporalUnwrapper<double> and EmcfUnwrapper<double> (see unwrappers.hpp).
#include "bindings.hpp"
#include "unwrappers.hpp"

void emcf_python::bind_unwrap_double(py::module_& m)
{
    bind_unwrappers<double>(m, "64");
}
