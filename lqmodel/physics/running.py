"""Scale dependence: α_em(μ), the paper's scalar/tensor running factors, optional `wilson` RG.

* α_em(μ): one-loop QED running from α(M_Z) with quark and lepton thresholds at
  m_t = 173.21, m_b = 4.18, m_c = 1.275 GeV (and m_τ), the convention flavio 2.7 uses for the
  e²/16π² of its νν̄ basis — so lqmodel's flavio-basis export matches flavio's reading.
* Scalar and tensor b → cℓν̄ coefficients at m_b: by default the paper's factors
  C_S(m_b) = η_S C_S(m_S1), C_T(m_b) = η_T C_T(m_S1) with η_S = 1.57, η_T = 0.86 (after
  eq. 19, from Doršner et al., JHEP 11 (2013) 084).  Vector and νν̄ currents do not run in QCD.
* ΔF = 2 (d̄ γ^μ P_L d)² coefficients: the paper neglects their running (eq. 23); a WCxf
  export labelled at m_b applies the leading-order QCD factor
  η_VLL = Π [α_s(μ_high)/α_s(μ_low)]^{6/(33 − 2 n_f)} (≈ 0.77 from 1.5 TeV to m_b).
* Optionally the `wilson` package (pip install 'lqmodel[flavio]') runs a WCxf dict.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

from lqmodel.core.errors import BasisError

__all__ = [
    "B_SCALE",
    "K_SCALE",
    "RUNNING_METHODS",
    "alpha_em",
    "alpha_s_expr",
    "apply_paper_factors",
    "check_scale",
    "eta_vll_expr",
    "evolve",
    "paper_factor",
    "run_with_wilson",
]

RUNNING_METHODS = ("paper", "wilson", "none")
#: The scale of b-hadron decays: m_b(m_b) = 4.18 GeV (PDG 2022), where the paper's η_S, η_T end.
B_SCALE = 4.18
#: The scale of kaon decays, 2 GeV (flavio's, and that of the lattice inputs).
K_SCALE = 2.0
_MZ = 91.1876
# (threshold, number of up quarks, down quarks, charged leptons active above it)
_THRESHOLDS = ((173.21, 3, 3, 3), (4.18, 2, 3, 3), (1.275, 2, 2, 3), (0.0, 1, 2, 2))


def check_scale(scale: float, name: str = "scale") -> float:
    """A renormalisation scale must be a finite positive number of GeV."""
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise BasisError(f"{name} {scale!r}", "must be a positive number of GeV")
    return float(scale)


def _active(mu: float) -> tuple[int, int, int]:
    for threshold, nu, nd, ne in _THRESHOLDS:
        if mu >= threshold:
            return nu, nd, ne
    return _THRESHOLDS[-1][1:]


def _step(alpha, mu_in: float, mu_out: float, nu: int, nd: int, ne: int):
    b = -4 / 3 * (4 * nu / 3 + nd / 3 + ne)  # -4/3 Σ N_c Q_f²
    return alpha / (1 + alpha * b * math.log(mu_out / mu_in) / (2 * math.pi))


def alpha_em(mu: float, alpha_mz):
    """The MSbar α_em at ``mu`` (GeV) from α(M_Z), one loop, stepping through thresholds.

    ``alpha_mz`` may be a number or a sympy expression (the result is then an expression).
    """
    check_scale(mu, "scale")
    alpha, here = alpha_mz, _MZ
    edges = sorted({t for t, *_ in _THRESHOLDS if min(mu, _MZ) < t < max(mu, _MZ)}, reverse=mu < _MZ)
    for edge in [*edges, mu]:
        mid = math.sqrt(here * edge) if edge > 0 else edge
        alpha = _step(alpha, here, edge, *_active(mid))
        here = edge
    return alpha


_ALPHA_S_MZ = 0.1179  # PDG 2022
_QUARK_THRESHOLDS = (173.21, 4.18, 1.275)  # m_t, m_b, m_c (the same as flavio's RGE thresholds)


def _nf(mu: float) -> int:
    return 3 + sum(mu >= t for t in _QUARK_THRESHOLDS)


def _alpha_s_path(mu_from: float, mu_to: float, alpha_from: float) -> list[tuple[float, float, float, int]]:
    """Steps (μ_in, μ_out, α_s(μ_in), n_f) of one-loop running from ``mu_from`` to ``mu_to``."""
    edges = sorted(
        {t for t in _QUARK_THRESHOLDS if min(mu_from, mu_to) < t < max(mu_from, mu_to)},
        reverse=mu_to < mu_from,
    )
    steps, here, alpha = [], mu_from, alpha_from
    for edge in [*edges, mu_to]:
        nf = _nf(math.sqrt(here * edge))
        beta0 = 11 - 2 * nf / 3
        nxt = alpha / (1 + alpha * beta0 / (2 * math.pi) * math.log(edge / here))
        steps.append((here, edge, alpha, nf))
        here, alpha = edge, nxt
    steps.append((mu_to, mu_to, alpha, _nf(mu_to)))
    return steps


def alpha_s(mu: float) -> float:
    """α_s(μ) at one loop from α_s(M_Z) = 0.1179 with quark thresholds at m_t, m_b, m_c."""
    check_scale(mu, "scale")
    return _alpha_s_path(_MZ, mu, _ALPHA_S_MZ)[-1][2]


def eta_vll(mu_high: float, mu_low: float) -> float:
    """LO QCD factor C_VLL(μ_low) = η C_VLL(μ_high) of the ΔF = 2 operator (d̄γ^μP_L d)²:
    Π [α_s(μ_in)/α_s(μ_out)]^{6/(33 − 2 n_f)} over the n_f intervals (γ⁰ = 4, β⁰ = 11 − 2n_f/3)."""
    path = _alpha_s_path(mu_high, mu_low, alpha_s(mu_high))
    eta = 1.0
    for (_, _, a_in, nf), (_, _, a_out, _) in itertools.pairwise(path):
        eta *= (a_in / a_out) ** (6 / (33 - 2 * nf))
    return eta


_PAPER_FACTORS = (
    ("eta_S", ("Snuedu", "CSL_", "CSR_", "C_S_")),
    ("eta_T", ("Tnuedu", "CT_", "C_T_")),
)


def paper_factor(name: str) -> str | None:
    """The parameter (``eta_S`` or ``eta_T``) that runs coefficient ``name`` to m_b, if any.

    Scalar and tensor charged-current coefficients, as JMS names (``Snuedu…``, ``Tnuedu…``),
    flavio names (``CSL_…``, ``CSR_…``, ``CT_…``) or the paper's (``C_S_…``, ``C_T_…``).
    """
    for parameter, prefixes in _PAPER_FACTORS:
        if name.startswith(prefixes):
            return parameter
    return None


def apply_paper_factors(values: Mapping[str, complex], eta_S: float, eta_T: float) -> dict[str, complex]:
    """Scale scalar and tensor charged-current coefficients by η_S and η_T (other names unchanged)."""
    eta = {"eta_S": eta_S, "eta_T": eta_T, None: 1}
    return {name: v * eta[paper_factor(name)] for name, v in values.items()}


def run_with_wilson(values: Mapping[str, complex], basis: str, scale_in: float, scale_out: float):
    """Run WET coefficients with `wilson` (QCD + QED); returns a dict in the same basis."""
    try:
        import wilson
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise BasisError(
            "running 'wilson'", "needs the optional package: pip install 'lqmodel[flavio]'"
        ) from err
    w = wilson.Wilson(dict(values), scale=scale_in, eft="WET", basis=basis)
    return dict(w.match_run(scale_out, eft="WET", basis=basis, sectors="all").dict)


def alpha_s_expr(mu):
    """α_s(μ) at one loop (α_s(M_Z) = 0.1179, thresholds m_t, m_b, m_c) for a sympy ``mu``.

    A Piecewise in μ, built from elementary functions, so that a kernel computes it when the
    heavy mass is scanned; for a number μ it evaluates to :func:`alpha_s`.
    """
    import sympy

    branches = []
    edges = (*_QUARK_THRESHOLDS, 0.0)
    for k, low in enumerate(edges):
        nf = 6 - k
        ref = _MZ if nf == 5 else (_QUARK_THRESHOLDS[0] if nf == 6 else edges[k - 1])
        a_ref = _ALPHA_S_MZ if nf == 5 else alpha_s(ref)
        beta0 = 11 - sympy.Rational(2, 3) * nf
        expr = a_ref / (1 + a_ref * beta0 / (2 * sympy.pi) * sympy.log(mu / ref))
        branches.append((expr, sympy.sympify(mu) >= low) if low > 0 else (expr, True))
    return sympy.Piecewise(*branches)


def eta_vll_expr(mu_high, mu_low: float):
    """LO QCD factor of (q̄γ^μP_L q)² from ``mu_high`` (may be symbolic, ≥ m_t or not) to ``mu_low``.

    η = Π [α_s(μ_in)/α_s(μ_out)]^{6/(33 − 2n_f)} over the n_f intervals between the scales
    (γ⁰ = 4, β⁰ = 11 − 2n_f/3); equals :func:`eta_vll` for a number ``mu_high``.
    """
    import sympy

    mu_high = sympy.sympify(mu_high)
    inner = [t for t in _QUARK_THRESHOLDS if t > mu_low]  # thresholds crossed below m_t
    eta = sympy.Integer(1)
    here_low = mu_low
    for edge in reversed(inner[1:]):  # fixed intervals below m_t
        nf = _nf(math.sqrt(here_low * edge))
        eta *= (alpha_s(edge) / alpha_s(here_low)) ** sympy.Rational(6, 33 - 2 * nf)
        here_low = edge
    # the interval that reaches mu_high: above m_t (nf = 6, through m_t) or below it (nf = 5)
    top = _QUARK_THRESHOLDS[0]
    nf5 = _nf(math.sqrt(here_low * top))
    above = (alpha_s(top) / alpha_s(here_low)) ** sympy.Rational(6, 33 - 2 * nf5) * (
        alpha_s_expr(mu_high) / alpha_s(top)
    ) ** sympy.Rational(6, 33 - 12)
    below = (alpha_s_expr(mu_high) / alpha_s(here_low)) ** sympy.Rational(6, 33 - 2 * nf5)
    return eta * sympy.Piecewise((above, mu_high >= top), (below, True))


def evolve(
    values: Mapping[str, object], mu_high, mu_low: float | None, method: str = "paper", parameter=None
) -> dict[str, object]:
    """WET coefficients (JMS names → sympy) at ``mu_high`` run to ``mu_low`` (None: no running).

    ``method`` "none": no running; "paper": the paper's η_S, η_T (parameters ``eta_S``, ``eta_T``, given by
    ``parameter(name)``) for scalar and tensor charged currents, valid only from the matching
    scale to :data:`B_SCALE`; the LO QCD factor :func:`eta_vll_expr` for (q̄γP_L q)²; vector
    semileptonic currents do not run in QCD.

    Raises:
        BasisError: a scale the method does not reach.
    """
    if mu_low is None or method == "none":
        return dict(values)
    if method != "paper":
        raise BasisError(f"running {method!r}", f"choose one of {', '.join(RUNNING_METHODS)}")
    out = {}
    for name, c in values.items():
        factor = paper_factor(name)
        if factor is not None:
            if mu_low != B_SCALE:
                raise BasisError(
                    f"scale {mu_low:g} GeV",
                    "the paper's running factors eta_S, eta_T take "
                    f"m_S1 to m_b = {B_SCALE} GeV only; use --running wilson for another scale",
                )
            c = c * parameter(factor)
        elif name.startswith("VddLL_"):
            c = c * eta_vll_expr(mu_high, mu_low)
        out[name] = c
    return out
