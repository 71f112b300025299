"""Scale dependence: α_em(μ), the running of WET coefficients in its three forms, and `wilson`.

* α_em(μ): one-loop QED running from α(M_Z) with quark and lepton thresholds at
  m_t = 173.21, m_b = 4.18, m_c = 1.275 GeV (the τ decouples with the charm, as in flavio's
  ``get_alpha_e``), the convention flavio 2.7 uses for the
  e²/16π² of its νν̄ basis — so lqmodel's flavio-basis export matches flavio's reading.
* :func:`evolve` runs JMS coefficients from the matching scale to a low scale:

  - ``general`` (the default): computed, :mod:`lqmodel.physics.rge` — LO QCD for every class
    lqmodel generates (charged-current S, T; ΔF = 2 VLL, VRR, LR and SLL/SRR sectors with their
    mixing, Buras-Misiak-Urban), LO QED, quark thresholds; closed form in the heavy mass;
  - ``paper``: the paper's η_S = 1.57, η_T = 0.86 (after eq. 19, from Doršner et al., JHEP 11
    (2013) 084, for m_S1 = 1.5 TeV) on scalar and tensor charged currents, from the matching
    scale to m_b only; every other coefficient as ``general``;
  - ``none``: the coefficients as matched.

  Dipole coefficients (ℓ → ℓ′γ, g − 2) are not run (:func:`is_run`): their QED running from
  the heavy mass to m_ℓ lowers Δa_μ by 5-9 % and BR(μ → eγ) by 10-15 %, which lqmodel leaves
  out and says so (docs/derivations/dipoles.md); exports name them as left out.
* Optionally the `wilson` package (pip install 'lqmodel[flavio]') runs a WCxf dict.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

from lqmodel.core.errors import BasisError

__all__ = [
    "B_DECAY_SCALE",
    "B_SCALE",
    "FORMS",
    "K_SCALE",
    "MIN_SCALE",
    "RUNNING_METHODS",
    "alpha_em",
    "apply_paper_factors",
    "check_running_scale",
    "check_scale",
    "evolve",
    "is_run",
    "paper_eta",
    "paper_factor",
    "run_with_wilson",
]

#: How coefficients are run inside lqmodel (a Study's ``running``).
FORMS = ("general", "paper", "none")
#: What an export may ask for: those, or the `wilson` package run numerically.
RUNNING_METHODS = ("general", "paper", "wilson", "none")

#: The scale of b-hadron decays: m_b(m_b) = 4.18 GeV (PDG 2022), where the paper's η_S, η_T end.
B_SCALE = 4.18
#: The scale at which flavio (and lqmodel's b-decay formulas, fitted to flavio) read b-hadron decays.
B_DECAY_SCALE = 4.8
#: The scale of kaon decays, 2 GeV (flavio's, and that of the lattice inputs).
K_SCALE = 2.0
#: The lowest scale lqmodel runs to: m_c(m_c) = 1.275 GeV, its lowest quark threshold.  Below it
#: perturbative QCD with three flavours soon fails, and no observable lqmodel has needs it.
MIN_SCALE = 1.275
_MZ = 91.1876
# (threshold, number of up quarks, down quarks, charged leptons active above it)
_THRESHOLDS = ((173.21, 3, 3, 3), (4.18, 2, 3, 3), (1.275, 2, 2, 3), (0.0, 1, 2, 2))


def check_scale(scale: float, name: str = "scale") -> float:
    """A renormalisation scale must be a finite positive number of GeV."""
    if not (isinstance(scale, int | float) and math.isfinite(scale) and scale > 0):
        raise BasisError(f"{name} {scale!r}", "must be a positive number of GeV")
    return float(scale)


def check_running_scale(scale: float) -> float:
    """A scale lqmodel's running reaches: not below :data:`MIN_SCALE`."""
    check_scale(scale)
    if scale < MIN_SCALE:
        raise BasisError(
            f"scale {scale:g} GeV",
            f"below m_c = {MIN_SCALE} GeV, the lowest quark threshold lqmodel's running handles",
        )
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


_PAPER_FACTORS = (
    ("eta_S", ("Snuedu", "CSL_", "CSR_", "C_S_")),
    ("eta_T", ("Tnuedu", "CT_", "C_T_")),
)


def paper_factor(name: str) -> str | None:
    """``eta_S`` or ``eta_T`` when the paper's running factors apply to coefficient ``name``.

    Scalar and tensor charged-current coefficients, as JMS names (``Snuedu…``, ``Tnuedu…``),
    flavio names (``CSL_…``, ``CSR_…``, ``CT_…``) or the paper's (``C_S_…``, ``C_T_…``).
    """
    for parameter, prefixes in _PAPER_FACTORS:
        if name.startswith(prefixes):
            return parameter
    return None


@functools.cache
def paper_eta() -> dict[str, float]:
    """The paper's C_S(m_b) = η_S C_S(m_S1), C_T(m_b) = η_T C_T(m_S1) (after eq. 19), from its data file.

    They belong to the paper's form of the running, whatever the model: a model's own inputs
    never hold them.
    """
    from lqmodel.core.parameters import load_parameters

    params = load_parameters("chen_chiang_2024_running.yaml")
    return {name: params[name].value for name in ("eta_S", "eta_T")}


def apply_paper_factors(values: Mapping[str, complex], eta_S: float, eta_T: float) -> dict[str, complex]:
    """Scale scalar and tensor charged-current coefficients by η_S and η_T (other names unchanged)."""
    eta = {"eta_S": eta_S, "eta_T": eta_T, None: 1}
    return {name: v * eta[paper_factor(name)] for name, v in values.items()}


def is_run(name: str) -> bool:
    """Whether :mod:`lqmodel.physics.rge` runs ``name``: four-fermion coefficients; the lepton
    dipoles ``egamma`` are not run (their QED running below the matching scale is not computed)."""
    from lqmodel.symbols.wet import wet_dimension

    return wet_dimension(name) == -2


def evolve(
    values: Mapping[str, object], mu_high, mu_low: float | None, method: str = "general", alpha_at_high=None
) -> dict[str, object]:
    """WET coefficients (JMS names → sympy or numbers) at ``mu_high`` run to ``mu_low`` (None: no running).

    ``mu_high`` may be a sympy symbol (a heavy mass that is scanned); ``alpha_at_high(n_f)`` may
    name the symbol that stands for α_s(mu_high) (see :func:`lqmodel.physics.rge.evolution_matrix`).
    Returns the run coefficients, including those mixing generates.

    Raises:
        BasisError: an unknown method, or the paper's factors asked for another scale than m_b,
            or a coefficient lqmodel has no running for (named).
    """
    from lqmodel.physics import rge

    if method not in FORMS:
        raise BasisError(f"running {method!r}", f"choose one of {', '.join(FORMS)}")
    if mu_low is None or method == "none" or not values:
        return dict(values)
    check_running_scale(mu_low)
    paper = {}
    if method == "paper":
        paper = {n: v for n, v in values.items() if paper_factor(n)}
        if paper and abs(mu_low - B_SCALE) > 1e-9:
            raise BasisError(
                f"scale {mu_low:g} GeV",
                "the paper's running factors eta_S, eta_T take the "
                f"heavy mass to m_b = {B_SCALE} GeV only; use another running for another scale",
            )
    rest = {n: v for n, v in values.items() if n not in paper and is_run(n)}
    try:
        out = rge.evolve(rest, mu_high, mu_low, alpha_at_high=alpha_at_high)
    except KeyError as err:
        raise BasisError("running", str(err.args[0])) from None
    out.update({n: v for n, v in values.items() if not is_run(n)})
    eta = paper_eta()
    out.update({n: v * eta[paper_factor(n)] for n, v in paper.items()})
    return out


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
