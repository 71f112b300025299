"""Quark flavour: the CKM matrix, exact and as a Wolfenstein series.

The CKM matrix is the exact, unitary standard parametrisation (PDG) with

    s12 = λ,   s23 = A λ²,   s13 e^{-iδ} = A λ³ (ρ − i η),

i.e. the *unbarred* Wolfenstein inputs as Chen & Chiang 2024 use them (Sec. IV).  Their
approximate forms (eq. 5 and the text below it) are the series of this matrix in λ, which
:func:`ckm_series` gives to any order.
"""

from __future__ import annotations

import math
from functools import cache

from lqmodel.core.errors import ParameterValueError

__all__ = [
    "CKM_NAMES",
    "check_wolfenstein",
    "ckm_exact",
    "ckm_series",
    "ckm_symbols",
    "ckm_values",
    "wolfenstein_symbols",
]

CKM_NAMES = (("V_ud", "V_us", "V_ub"), ("V_cd", "V_cs", "V_cb"), ("V_td", "V_ts", "V_tb"))


@cache
def ckm_symbols():
    """The CKM matrix as a matrix of complex symbols V_ud, V_us, ..., V_tb."""
    import sympy

    return sympy.ImmutableMatrix(3, 3, [sympy.Symbol(n) for row in CKM_NAMES for n in row])


@cache
def wolfenstein_symbols():
    """The symbols (lambda, A, rho, eta): the real parameter symbols of the YAML inputs."""
    from lqmodel.symbols.formula import param_symbol

    return tuple(param_symbol(n) for n in ("lambda", "A", "rho", "eta"))


def _standard_parametrisation(lam, A, rho, eta, sqrt, i):
    """The PDG standard parametrisation, written once for sympy and for plain numbers."""
    s12, s23 = lam, A * lam**2
    z = A * lam**3 * (rho - i * eta)  # s13 e^{-iδ} = V_ub
    zc = A * lam**3 * (rho + i * eta)  # s13 e^{+iδ}
    c12 = sqrt(1 - s12**2)
    c23 = sqrt(1 - s23**2)
    c13 = sqrt(1 - A**2 * lam**6 * (rho**2 + eta**2))
    return [
        [c12 * c13, s12 * c13, z],
        [-s12 * c23 - c12 * s23 * zc, c12 * c23 - s12 * s23 * zc, s23 * c13],
        [s12 * s23 - c12 * c23 * zc, -c12 * s23 - s12 * c23 * zc, c23 * c13],
    ]


@cache
def ckm_exact():
    """The exact unitary CKM matrix in terms of (λ, A, ρ, η), standard parametrisation."""
    import sympy

    return sympy.ImmutableMatrix(_standard_parametrisation(*wolfenstein_symbols(), sympy.sqrt, sympy.I))


@cache
def ckm_series(order: int):
    """Each CKM element expanded in λ up to and including λ**order (A, ρ, η fixed)."""
    import sympy

    lam = wolfenstein_symbols()[0]
    return ckm_exact().applyfunc(lambda e: sympy.expand(sympy.series(e, lam, 0, order + 1).removeO()))


def check_wolfenstein(lam: float, A: float, rho: float, eta: float) -> None:
    """Raise ParameterValueError unless the inputs give a real unitary CKM matrix.

    Needs 0 < λ < 1, A > 0, s23 = Aλ² ≤ 1 and s13 = Aλ³ √(ρ² + η²) ≤ 1, all finite.
    """
    for name, v in (("lambda", lam), ("A", A), ("rho", rho), ("eta", eta)):
        if isinstance(v, complex) or not math.isfinite(v):
            raise ParameterValueError(name, v, "a Wolfenstein input must be a finite real number")
    if not 0 < lam < 1:
        raise ParameterValueError("lambda", lam, "needs 0 < lambda < 1 (lambda = sin θ12)")
    if A <= 0:
        raise ParameterValueError("A", A, "needs A > 0")
    if A * lam**2 > 1:
        raise ParameterValueError("A", A, f"s23 = A*lambda^2 = {A * lam**2:.3g} exceeds 1")
    s13 = A * lam**3 * math.hypot(rho, eta)
    if s13 > 1:
        raise ParameterValueError("rho", rho, f"s13 = A*lambda^3*|rho + i eta| = {s13:.3g} exceeds 1")


def ckm_values(lam: float, A: float, rho: float, eta: float) -> tuple[tuple[complex, ...], ...]:
    """The exact CKM matrix at a numeric point, as nested tuples (no sympy, no numpy)."""
    check_wolfenstein(lam, A, rho, eta)
    rows = _standard_parametrisation(lam, A, rho, eta, math.sqrt, 1j)
    return tuple(tuple(complex(v) for v in row) for row in rows)
