// TemporalUnwrapper<float> and EmcfUnwrapper<float> (see unwrappers.hpp).
#include "bindings.hpp"
#include "unwrappers.hpp"

void emcf_python::bind_unwrap_float(py::module_& m) { bind_unwrappers<float>(m, "32"); }
