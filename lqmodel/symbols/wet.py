"""Weak effective theory coefficients as sympy symbols, named as in WCxf's JMS basis.

lqmodel's observables are functions of *unnormalised* WET coefficients of
``L_eff = Σ C_i O_i + h.c.`` (WCxf convention), named as in the JMS basis
(Jenkins, Manohar, Stoffer, arXiv:1709.04486), with mass dimension −2 (GeV⁻²).  Indices are
1-based generation indices: d = (d, s, b) = (1, 2, 3), u = (u, c, t), ν and e = (e, μ, τ).

| symbol                | operator O                                   |
|-----------------------|----------------------------------------------|
| ``VnudLL_pprs``       | (ν̄_p γ^μ P_L ν_p)(d̄_r γ_μ P_L d_s)          |
| ``VnudLR_pprs``       | (ν̄_p γ^μ P_L ν_p)(d̄_r γ_μ P_R d_s)          |
| ``VnueduLL_pprs``     | (ν̄_p γ^μ P_L e_p)(d̄_r γ_μ P_L u_s)          |
| ``VnueduLR_pprs``     | (ν̄_p γ^μ P_L e_p)(d̄_r γ_μ P_R u_s)          |
| ``SnueduRR_pprs``     | (ν̄_p P_R e_p)(d̄_r P_R u_s)                  |
| ``SnueduRL_pprs``     | (ν̄_p P_R e_p)(d̄_r P_L u_s)                  |
| ``TnueduRR_pprs``     | (ν̄_p σ^{μν} P_R e_p)(d̄_r σ_{μν} P_R u_s)    |
| ``VddLL_rsrs``        | (d̄_r γ^μ P_L d_s)(d̄_r γ_μ P_L d_s)          |

Note the orders JMS fixes: ``VnudLL_3312`` is (d̄ s), the hermitian conjugate of the (s̄ d)
operator of K → πνν̄; ``VnueduLL_3332`` is (b̄ c)(ν̄ τ), the conjugate of the SM-like
(c̄ b)(τ̄ ν) of b → cτν̄.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["WET_MASS_DIMENSION", "is_wet_name", "wet_dimension", "wet_symbol"]

#: Mass dimension of a four-fermion coefficient (GeV⁻²).
WET_MASS_DIMENSION = -2

_JMS_NAME = re.compile(r"^[VST][18]?[a-z]+(LL|RR|LR|RL)_\d{4}$")
_JMS_DIPOLE = re.compile(r"^[a-z](gamma|G)_\d{2}$")


def is_wet_name(name: str) -> bool:
    """Whether ``name`` has the form of a JMS coefficient name (``VnudLL_3323``, ``egamma_22``)."""
    return bool(_JMS_NAME.match(name) or _JMS_DIPOLE.match(name))


def wet_dimension(name: str) -> int:
    """Mass dimension of the JMS coefficient ``name``: −2 for four fermions, −1 for a dipole."""
    return -1 if _JMS_DIPOLE.match(name) else WET_MASS_DIMENSION


@cache
def wet_symbol(name: str):
    """The complex sympy symbol of the WET coefficient ``name`` (a JMS name)."""
    import sympy

    return sympy.Symbol(name)
