"""Shared simulated data of the binding tests (independent of the code under test:
NumPy formulas and NumPy's RNG)."""

import numpy as np
import pytest

import emcf

WAVELENGTH, SLANT_RANGE, LOOK_ANGLE = 0.031, 650e3, np.deg2rad(35.0)  # X-band


def wrap(x):
    """Wrap into (-pi, pi]."""
    return np.pi - np.mod(np.pi - x, 2 * np.pi)


def design_formula(times, bperp, pairs):
    """The model of docs/theory_link_model.md in NumPy: rad per mm/yr and rad per m."""
    i, j = pairs[:, 0], pairs[:, 1]
    k = 4 * np.pi / WAVELENGTH
    vel = k * (times[j] - times[i]) / 365.25 * 1e-3
    dem = k * (bperp[j] - bperp[i]) / (SLANT_RANGE * np.sin(LOOK_ANGLE))
    return np.stack([vel, dem], axis=1)


class LinkCase:
    """X-band hop-3 stack of 30 epochs (11-day revisit, B-perp within +-250 m) and links
    whose true double differences are A x + per-epoch noise differences (closing in
    time), as tests/unwrap/test_temporal_unwrapper.cpp."""

    def __init__(self, nlinks=700, nslc=30, seed=11):
        rng = np.random.default_rng(seed)
        self.nslc, self.nlinks = nslc, nlinks
        self.times = 11.0 * np.arange(nslc)
        self.bperp = np.concatenate([[0.0], rng.uniform(-250, 250, nslc - 1)])
        self.temporal = emcf.hop3_graph(nslc)
        self.pairs = self.temporal.edges
        self.design = design_formula(self.times, self.bperp, self.pairs)
        self.params = np.stack([rng.uniform(-18, 18, nlinks),
                                rng.uniform(-45, 45, nlinks)])
        eps = rng.normal(0, 0.08, (nslc, nlinks))
        self.truth = (self.design @ self.params + eps[self.pairs[:, 1]]
                      - eps[self.pairs[:, 0]])
        self.wrapped = wrap(self.truth).astype(np.float32)
        self.grid = [(-20, 20, 2, "velocity"), (-50, 50, 0.5, "dem_error")]


@pytest.fixture(scope="session")
def link_case():
    return LinkCase()


def same(a, b):
    """Bit-identical arrays, NaN equal to NaN."""
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(
        a, b, equal_nan=a.dtype.kind in "fc")
