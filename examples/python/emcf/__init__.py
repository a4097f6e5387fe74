"""emcf: EMCF spatio-temporal phase unwrapping with per-link velocity and DEM-error
estimation, for NumPy arrays (Python binding of the emcf C++ library).

Phases are read in place (any strides, no copies); every kernel runs without the GIL.
`emcf.dask` scales the estimator and the temporal unwrapper out over chunks of links.
See docs/python.md.
"""

from ._emcf import (  # noqa: F401  (re-exported)
    PlanarGraph,
    __version__,
    aliasing_period,
    check_grid,
    delaunay_graph,
    grid_graph,
    grid_size,
    hop3_graph,
    suggest_grid_steps,
)
from ._api import *  # noqa: F401,F403
from ._api import __all__ as _api_all

__all__ = [
    "PlanarGraph", "aliasing_period", "check_grid", "delaunay_graph", "grid_graph",
    "grid_size", "hop3_graph", "suggest_grid_steps",
] + _api_all
