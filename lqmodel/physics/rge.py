"""Closed-form renormalisation-group running of lqmodel's WET coefficients.

QCD at LO or NLO, QED at LO (first order in a fixed α_e), quark thresholds; every result is a
sympy expression in elementary functions (log, powers, Piecewise) of the scales, so a symbolic
heavy mass ``M`` compiles to numpy.  Coefficients are WCxf/JMS (``L = Σ C O + h.c.``, GeV⁻²).

Conventions (Buras, hep-ph/9806471 sec. III, V):

* ``dC/d ln μ = γ^T C``, ``γ = (α_s/4π) γ_s⁽⁰⁾ + (α_s/4π)² γ_s⁽¹⁾ + (α_e/4π) γ_e⁽⁰⁾``;
  ``dα_s/d ln μ = −2α_s[β₀ α_s/4π + β₁ (α_s/4π)²]``, β₀ = 11 − 2n_f/3, β₁ = 102 − 38n_f/3.
* LO: ``U⁰(μ, M) = V diag[(α_s(M)/α_s(μ))^{γ_i/2β₀}] V⁻¹`` with ``V⁻¹ γ_s⁽⁰⁾ᵀ V = diag γ_i``.
* NLO: ``U = (1 + α_s(μ)/4π J) U⁰ (1 − α_s(M)/4π J)``, ``J = V H V⁻¹``,
  ``H_ij = δ_ij γ_i β₁/2β₀² − G_ij/(2β₀ + γ_i − γ_j)``, ``G = V⁻¹ γ_s⁽¹⁾ᵀ V``
  (hep-ph/9806471 sec. V; Buras, Misiak, Urban hep-ph/0005183 sec. 3).
* QED, first order in α_e with α_s at LO (the solution of the RGE linear in α_e):
  ``δU = −α_e/(2β₀ α_s(M)) V K V⁻¹``, ``K_ij = Γ_ij (η^{a_j+1} − η^{a_i})/(a_i − a_j − 1)``,
  ``Γ = V⁻¹ γ_e⁽⁰⁾ᵀ V``, ``a_i = γ_i/2β₀``, ``η = α_s(M)/α_s(μ)`` (η^{a_i} ln(1/η) when
  a_i − a_j = 1).  This is also what `wilson` (wilson/run/wet/rge.py) evaluates.

Anomalous dimensions:

* semileptonic S, T (one quark bilinear): γ_S = −γ_m, γ_m⁽⁰⁾ = 6C_F = 8,
  γ_m⁽¹⁾ = 404/3 − 40n_f/9; γ_T⁽⁰⁾ = 2C_F = 8/3, γ_T⁽¹⁾ = C_F(257/9 C_A − 19C_F − 52/9 T_F n_f)
  = 724/9 − 104n_f/27 (Gracey hep-ph/0007171, MSbar); vector currents: 0.
  :func:`one_loop_pole` re-derives the one-loop values from the Dirac algebra (tests).
* ΔF = 2: Buras, Misiak, Urban hep-ph/0005183 (NDR-MSbar), eqs. (2.18), (2.20), (2.21),
  (2.23), (2.24), in their basis Q1^VLL, (Q1^LR, Q2^LR), (Q1^SLL, Q2^SLL) with
  σ_μν = ½[γ_μ, γ_ν] (so their Q2^SLL = −(q̄σ^{μν}P_L q)(q̄σ_{μν}P_L q) with lqmodel's
  σ = i/2[γ, γ]); RR sectors equal LL ones (parity).
* QED one-loop (current-current photon exchange, Feynman gauge) from :func:`one_loop_pole`:
  the photon between legs i, j of (ψ̄₁Γ_Aψ₂)(ψ̄₃Γ_Bψ₄) gives ±Q_iQ_j/4 × (γ^αγ^ρ on the leg's side
  of Γ) with + for an (outgoing, incoming) pair and − for two outgoing or two incoming legs;
  each leg's field renormalisation −Q_i²/2; γ = −2 × (pole coefficient).  Photon penguins
  (closed lepton or quark loops) are not included (docs/derivations/running.md).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from fractions import Fraction
from functools import cache

import attrs

from lqmodel.core.cache import derivation

__all__ = [
    "DEFAULT",
    "PAPER_ETA",
    "WILSON_LIKE",
    "Scheme",
    "alpha_s",
    "alpha_s_nf",
    "chiral_to_jms_df2",
    "evolution_matrix",
    "evolve",
    "group_of",
    "jms_to_chiral_df2",
    "one_loop_pole",
]

PAPER_ETA = {"eta_S": 1.57, "eta_T": 0.86}  # Chen & Chiang 2024 after eq. (19): the "paper" form
N_C = 3
C_F = Fraction(4, 3)


@attrs.frozen
class Scheme:
    """Inputs of the running.

    ``thresholds``: decoupling scales, descending (m_t, m_b, m_c); ``nf_max`` flavours above the
    highest.  Defaults: flavio 2.7's RGE thresholds m_t = 173.21 GeV, m_b(m_b) = 4.18 GeV,
    m_c(m_c) = 1.275 GeV, α_s continuous across them (exact at NLO for MSbar decoupling at
    μ = m_q(m_q); the pole-vs-MSbar choice for m_t moves results by < 0.1 %).
    ``order``: QCD order 'LO' or 'NLO' of the ADMs; ``alpha_s_loops``: 2 or 3 (β function of
    α_s).  ``qed``: include the LO QED ADMs with the fixed ``alpha_e``.
    """

    alpha_s_mz: float = 0.1179
    m_z: float = 91.1876
    thresholds: tuple[float, ...] = (173.21, 4.18, 1.275)
    nf_max: int = 6
    order: str = "LO"
    alpha_s_loops: int = 3
    qed: bool = True
    alpha_e: float = 1 / 127.952

    def __attrs_post_init__(self):
        if self.order not in ("LO", "NLO"):
            raise ValueError(f"order {self.order!r}: choose 'LO' or 'NLO'")
        if list(self.thresholds) != sorted(self.thresholds, reverse=True):
            raise ValueError("thresholds must be descending")

    def nf(self, mu: float) -> int:
        """Active flavours at μ (μ on a threshold counts as above it)."""
        return self.nf_max - sum(mu < t for t in self.thresholds)


DEFAULT = Scheme()
# wilson 2.5's WET run (eft='WET'): five flavours at every scale, α_s(M_Z) = 0.1185, α_e = 1/127.9.
WILSON_LIKE = Scheme(alpha_s_mz=0.1185, thresholds=(), nf_max=5, alpha_e=1 / 127.9)


def _betas(nf: int) -> tuple[Fraction, Fraction]:
    return Fraction(33 - 2 * nf, 3), Fraction(306 - 38 * nf, 3)


def _beta2(nf: int) -> Fraction:
    """Three-loop β₂ = 2857/2 − 5033n_f/18 + 325n_f²/54 (da/d ln μ = −2Σβ_i a^{i+2}, a = α_s/4π)."""
    return Fraction(2857, 2) - Fraction(5033 * nf, 18) + Fraction(325 * nf * nf, 54)


def _is_symbolic(x) -> bool:
    import sympy

    return isinstance(x, sympy.Basic) and not x.is_number


# ---------------------------------------------------------------------------------------------- α_s


def _alpha_formula(a0, mu0, mu, nf: int, loops: int, lib):
    """α_s(μ) from α_s(μ0) = a0 at fixed n_f, in elementary functions of ``lib`` (math or sympy).

    Two loops: the expanded solution α = a0/v [1 − (β₁/β₀)(a0/4π) ln v / v],
    v = 1 + β₀a0/2π ln(μ/μ0) (Buras hep-ph/9806471 sec. III), refined by one Newton step on the
    exact implicit two-loop solution 1/α − 1/a0 + c ln[α(1 + c a0)/(a0(1 + cα))] = β₀/2π ln(μ/μ0),
    c = β₁/(4πβ₀).  Three loops: one more Newton step, α₃ = α₂ − 4π B₃(a₂) ΔT(a₂), with
    B₃(a) = −2a²(β₀ + β₁a + β₂a²) and ΔT = ∫_{a0}^{a}(1/B₃ − 1/B₂) = ∫ β₂/(2(β₀+β₁a)(β₀+β₁a+β₂a²))
    by Simpson's rule (a = α/4π).  Accuracy: see tests (≤ 1e-4 against an ODE solution).
    """
    pi, log = lib.pi, lib.log
    b0, b1 = (
        x.numerator / x.denominator if lib is math else lib.Rational(x.numerator, x.denominator)
        for x in _betas(nf)
    )
    L = b0 / (2 * pi) * log(mu / mu0)
    v = 1 + a0 * L
    a = a0 / v * (1 - b1 / b0 * a0 / (4 * pi) * log(v) / v)
    c = b1 / (4 * pi * b0)
    F = 1 / a - 1 / a0 + c * log(a / a0 * (1 + c * a0) / (1 + c * a)) - L
    dF = -1 / a**2 + c * (1 / a - c / (1 + c * a))
    a = a - F / dF
    if loops == 3:
        x = _beta2(nf)
        b2 = x.numerator / x.denominator if lib is math else lib.Rational(x.numerator, x.denominator)

        def f(y):
            return b2 / (2 * (b0 + b1 * y) * (b0 + b1 * y + b2 * y**2))

        y0, y1 = a0 / (4 * pi), a / (4 * pi)
        dT = (y1 - y0) / 6 * (f(y0) + 4 * f((y0 + y1) / 2) + f(y1))
        a = a + 4 * pi * 2 * y1**2 * (b0 + b1 * y1 + b2 * y1**2) * dT
    return a


def _alpha_step(a0, mu0, mu, nf: int, loops: int = 3):
    """:func:`_alpha_formula` as a sympy number, or an expression when μ or a0 is symbolic."""
    import sympy

    if not (_is_symbolic(mu) or _is_symbolic(a0)):
        return sympy.Float(_alpha_step_float(float(a0), float(mu0), float(mu), nf, loops), 17)
    return _alpha_formula(a0, mu0, mu, nf, loops, sympy)


@cache
def _alpha_step_float(a0: float, mu0: float, mu: float, nf: int, loops: int) -> float:
    return _alpha_formula(a0, mu0, mu, nf, loops, math)


@cache
def _anchors(scheme: Scheme) -> tuple[tuple[float, float, int], ...]:
    """Per n_f segment (top first): (μ_ref, α_s(μ_ref), n_f), μ_ref on the segment's edge or M_Z."""
    edges = [float("inf"), *scheme.thresholds, 0.0]
    k0 = next(k for k in range(len(edges) - 1) if edges[k + 1] <= scheme.m_z < edges[k])
    out: dict[int, tuple[float, float, int]] = {k0: (scheme.m_z, scheme.alpha_s_mz, scheme.nf_max - k0)}
    for k in range(k0 - 1, -1, -1):  # upwards
        mu_ref, a_ref, nf = out[k + 1]
        a = float(_alpha_step(a_ref, mu_ref, edges[k + 1], nf, scheme.alpha_s_loops))
        out[k] = (edges[k + 1], a, scheme.nf_max - k)
    for k in range(k0 + 1, len(edges) - 1):  # downwards
        mu_ref, a_ref, nf = out[k - 1]
        a = float(_alpha_step(a_ref, mu_ref, edges[k], nf, scheme.alpha_s_loops))
        out[k] = (edges[k], a, scheme.nf_max - k)
    return tuple(out[k] for k in range(len(edges) - 1))


def alpha_s_nf(mu, nf: int, scheme: Scheme = DEFAULT):
    """α_s(μ) from the closed form of the n_f interval (μ need not lie in it: used for a symbol)."""
    import sympy

    mu_ref, a_ref, _ = _anchors(scheme)[scheme.nf_max - nf]
    return _alpha_step(
        sympy.Float(a_ref), mu_ref, mu if _is_symbolic(mu) else sympy.Float(mu), nf, scheme.alpha_s_loops
    )


def alpha_s(mu, scheme: Scheme = DEFAULT):
    """MSbar α_s(μ) (``scheme.alpha_s_loops`` loops, three by default; thresholds of ``scheme``):
    a number, or a Piecewise in a symbol μ."""
    import sympy

    if not _is_symbolic(mu):
        return alpha_s_nf(mu, scheme.nf(float(mu)), scheme)
    pieces = [(alpha_s_nf(mu, scheme.nf(t), scheme), mu >= t) for t in scheme.thresholds]
    return sympy.Piecewise(*pieces, (alpha_s_nf(mu, scheme.nf_max - len(scheme.thresholds), scheme), True))


# ------------------------------------------------------------------------------- Dirac one-loop pole


def _cmat(m) -> list[list[complex]]:
    return [[complex(m[i, j]) for j in range(4)] for i in range(4)]


def _mul(*ms):
    out = ms[0]
    for m in ms[1:]:
        out = [[sum(out[i][k] * m[k][j] for k in range(4)) for j in range(4)] for i in range(4)]
    return out


@cache
def _dirac_c():
    from lqmodel.physics.fierz import dirac

    d = dirac()
    gam = [_cmat(g) for g in d["gamma"]]
    sig = [[_cmat(d["sigma"][m][n]) for n in range(4)] for m in range(4)]
    return gam, sig, _cmat(d["PL"]), _cmat(d["PR"]), d["g"]


@cache
def _components(structure: str):
    """[(weight, Γ_A^{μ…}, Γ_B_{μ…})]: the structure as Σ weight × Γ_A ⊗ Γ_B (lqmodel.fierz's)."""
    from lqmodel.physics.fierz import STRUCTURES

    _, rank, x, y = next(s for s in STRUCTURES if s[0] == structure)
    gam, sig, PL, PR, g = _dirac_c()
    P = {"L": PL, "R": PR}
    if rank == 0:
        return [(1, P[x], P[y])]
    if rank == 1:
        return [(g[m], _mul(gam[m], P[x]), _mul(gam[m], P[y])) for m in range(4)]
    return [(g[m] * g[n], _mul(sig[m][n], P[x]), _mul(sig[m][n], P[y])) for m in range(4) for n in range(4)]


def _exact(z: complex):
    import sympy

    re_, im_ = (Fraction(v).limit_denominator(10000) for v in (z.real, z.imag))
    return sympy.Rational(re_.numerator, re_.denominator) + sympy.I * sympy.Rational(
        im_.numerator, im_.denominator
    )


@cache
def _pair_tensors(structure: str) -> dict[str, tuple]:
    """Rank-4 tensors (flat, exact) of the six photon-exchange insertions and the tree structure.

    Keys: 'tree', '12', '34', '13', '24', '14', '23' (see :func:`one_loop_pole`).
    """
    gam, _, _, _, g = _dirac_c()
    acc = {k: [0j] * 256 for k in ("tree", "12", "34", "13", "24", "14", "23")}

    def add(key, w, A, B):
        t = acc[key]
        for a, b in itertools.product(range(4), repeat=2):
            if A[a][b] == 0:
                continue
            for c, d in itertools.product(range(4), repeat=2):
                if B[c][d] != 0:
                    t[((a * 4 + b) * 4 + c) * 4 + d] += w * A[a][b] * B[c][d]

    for w, A, B in _components(structure):
        add("tree", w, A, B)
        for al, rh in itertools.product(range(4), repeat=2):
            ww = w * g[al] * g[rh] / 4  # γ_α γ_ρ with lowered indices; ¼ from k^ρk^σ → g^{ρσ}k²/4
            ga, gr = gam[al], gam[rh]
            add("12", ww, _mul(ga, gr, A, gr, ga), B)
            add("34", ww, A, _mul(ga, gr, B, gr, ga))
            add("13", ww, _mul(ga, gr, A), _mul(ga, gr, B))
            add("24", ww, _mul(A, gr, ga), _mul(B, gr, ga))
            add("14", ww, _mul(ga, gr, A), _mul(B, gr, ga))
            add("23", ww, _mul(A, gr, ga), _mul(ga, gr, B))
    return {k: tuple(_exact(z) for z in v) for k, v in acc.items()}


@derivation
def _decomposed(structure: str) -> dict[str, dict[str, object]]:
    from lqmodel.physics.fierz import decompose

    return {k: decompose(t) for k, t in _pair_tensors(structure).items()}


def one_loop_pole(structure: str, charges) -> dict[str, object]:
    """Coefficient A of (e²/16π²)(1/ε) in the one-loop matrix element of (ψ̄₁Γ_Aψ₂)(ψ̄₃Γ_Bψ₄).

    ``structure``: one of lqmodel.fierz.STRUCTURES; ``charges`` (Q1, Q2, Q3, Q4) of the fields
    ψ₁..ψ₄ (abelian; a colour-singlet quark bilinear's QCD vertex is the case Q1 = Q2 = √C_F,
    Q3 = Q4 = 0).  Feynman gauge, massless fermions, UV poles only, 4-d Dirac algebra (LO):
    vertex pairs (12), (34): +Q_iQ_j ¼γ^αγ^ρΓγ_ργ_α; pairs of two outgoing (13) or two incoming
    (24) legs: −Q_iQ_j ¼(γ^αγ^ρΓ_A)⊗(γ_αγ_ρΓ_B), resp. ¼(Γ_Aγ^ργ^α)⊗(Γ_Bγ_ργ_α); mixed pairs
    (14), (23): +Q_iQ_j ¼(γ^αγ^ρΓ_A)⊗(Γ_Bγ_ργ_α), resp. ¼(Γ_Aγ^ργ^α)⊗(γ_αγ_ρΓ_B); field
    renormalisation −½ΣQ_i².  Returns {structure: A}; the ADM is γ = −2A
    (``dC_j/d ln μ = (α/4π) Σ_i γ_ij C_i``).
    """
    import sympy

    q1, q2, q3, q4 = (sympy.nsimplify(q) for q in charges)
    weights = {
        "12": q1 * q2,
        "34": q3 * q4,
        "13": -q1 * q3,
        "24": -q2 * q4,
        "14": q1 * q4,
        "23": q2 * q3,
        "tree": -(q1**2 + q2**2 + q3**2 + q4**2) / 2,
    }
    out: dict[str, object] = {}
    for key, parts in _decomposed(structure).items():
        for s, c in parts.items():
            out[s] = out.get(s, 0) + weights[key] * c
    return {s: sympy.nsimplify(sympy.expand(c)) for s, c in out.items() if sympy.expand(c) != 0}


# ------------------------------------------------------------------------------- operator classes

_Q = {"u": Fraction(2, 3), "d": Fraction(-1, 3), "e": Fraction(-1), "nu": Fraction(0)}

# JMS semileptonic families: name -> (q, q', l, l', chiral structure of (q̄Γq')(l̄Γl'), index order)
_SEMILEPTONIC = {
    "VnueduLL": ("d", "u", "nu", "e", "VLL", "llqq"),
    "VnueduLR": ("d", "u", "nu", "e", "VRL", "llqq"),
    "SnueduRR": ("d", "u", "nu", "e", "SRR", "llqq"),
    "SnueduRL": ("d", "u", "nu", "e", "SLR", "llqq"),
    "TnueduRR": ("d", "u", "nu", "e", "TRR", "llqq"),
    "VnudLL": ("d", "d", "nu", "nu", "VLL", "llqq"),
    "VnudLR": ("d", "d", "nu", "nu", "VRL", "llqq"),
    "VnuuLL": ("u", "u", "nu", "nu", "VLL", "llqq"),
    "VnuuLR": ("u", "u", "nu", "nu", "VRL", "llqq"),
    "VedLL": ("d", "d", "e", "e", "VLL", "llqq"),
    "VedRR": ("d", "d", "e", "e", "VRR", "llqq"),
    "VedLR": ("d", "d", "e", "e", "VRL", "llqq"),
    "VdeLR": ("d", "d", "e", "e", "VLR", "qqll"),
    "SedRR": ("d", "d", "e", "e", "SRR", "llqq"),
    "SedRL": ("d", "d", "e", "e", "SLR", "llqq"),
    "TedRR": ("d", "d", "e", "e", "TRR", "llqq"),
    "VeuLL": ("u", "u", "e", "e", "VLL", "llqq"),
    "VeuRR": ("u", "u", "e", "e", "VRR", "llqq"),
    "VeuLR": ("u", "u", "e", "e", "VRL", "llqq"),
    "VueLR": ("u", "u", "e", "e", "VLR", "qqll"),
    "SeuRR": ("u", "u", "e", "e", "SRR", "llqq"),
    "SeuRL": ("u", "u", "e", "e", "SLR", "llqq"),
    "TeuRR": ("u", "u", "e", "e", "TRR", "llqq"),
}
# QCD of one quark bilinear: (γ⁽⁰⁾, γ⁽¹⁾(n_f)) by Dirac kind; S = −γ_m, T from Gracey hep-ph/0007171.
_QCD_CURRENT = {
    "V": (Fraction(0), lambda nf: Fraction(0)),
    "S": (Fraction(-8), lambda nf: -(Fraction(404, 3) - Fraction(40 * nf, 9))),
    "T": (Fraction(8, 3), lambda nf: Fraction(724, 9) - Fraction(104 * nf, 27)),
}
# ΔF = 2 families: name -> (species, sector, position in the sector's JMS basis)
_DF2 = {}
for _sp in ("d", "u"):
    _DF2.update(
        {
            f"V{_sp}{_sp}LL": (_sp, "VLL", 0),
            f"V{_sp}{_sp}RR": (_sp, "VRR", 0),
            f"V1{_sp}{_sp}LR": (_sp, "LR", 0),
            f"V8{_sp}{_sp}LR": (_sp, "LR", 1),
            f"S1{_sp}{_sp}RR": (_sp, "SRR", 0),
            f"S8{_sp}{_sp}RR": (_sp, "SRR", 1),
        }
    )
_DF2_JMS = {
    "VLL": ("V{q}{q}LL",),
    "VRR": ("V{q}{q}RR",),
    "LR": ("V1{q}{q}LR", "V8{q}{q}LR"),
    "SRR": ("S1{q}{q}RR", "S8{q}{q}RR"),
}
# The chiral colour-singlet basis each ΔF = 2 sector runs in (lqmodel.fierz structures).
_DF2_CHIRAL = {"VLL": ("VLL",), "VRR": ("VRR",), "LR": ("VLR", "SLR"), "SRR": ("SRR", "TRR")}

_NAME = re.compile(r"^([A-Za-z0-9]+?)_(\d)(\d)(\d)(\d)$")


def group_of(name: str) -> tuple[str, ...]:
    """The JMS names that mix with ``name`` (in the order of :func:`evolution_matrix`), incl. itself."""
    m = _NAME.match(name)
    if not m:
        raise KeyError(f"not a JMS coefficient name: {name!r}")
    fam, idx = m.group(1), "".join(m.group(2, 3, 4, 5))
    if fam in _SEMILEPTONIC:
        if _SEMILEPTONIC[fam][4] in ("SRR", "TRR"):
            base = fam[1:-2]
            return (f"S{base}RR_{idx}", f"T{base}RR_{idx}")
        return (name,)
    if fam in _DF2:
        sp, sector, _ = _DF2[fam]
        if idx[:2] != idx[2:]:
            raise KeyError(f"{name}: only ΔF = 2 operators (indices ijij) are supported")
        return tuple(n.format(q=sp) + "_" + idx for n in _DF2_JMS[sector])
    raise KeyError(f"no running defined for {name!r}")


# ----------------------------------------------------------------------------------- ΔF = 2 maps


@derivation
def _fierz_swap_24() -> dict[str, dict[str, object]]:
    """Dirac Fierz of swapping ψ₂ ↔ ψ₄ (anticommuting): (ψ̄₁Xψ₂)(ψ̄₃Yψ₄) = Σ c (ψ̄₁Zψ₄)(ψ̄₃Wψ₂)."""
    from lqmodel.physics.fierz import STRUCTURES, decompose, structure_tensor

    out = {}
    for s, *_ in STRUCTURES:
        t = structure_tensor(s)
        flat = [0] * 256
        for a, b, c, d in itertools.product(range(4), repeat=4):
            v = t[((a * 4 + b) * 4 + c) * 4 + d]
            if v != 0:  # T'[a,d,c,b] = −T[a,b,c,d]  (fields 2 and 4 exchanged)
                flat[((a * 4 + d) * 4 + c) * 4 + b] -= v
        out[s] = decompose(flat)
    return out


@cache
def df2_jms_in_chiral(sector: str):
    """Rows: the sector's JMS operators as combinations of colour-singlet chiral structures.

    A colour-octet operator (q̄T^Aq)(q̄T^Aq) = ½[(q̄^α q^β)(q̄^β q^α) − (1/N)(q̄q)(q̄q)] (SU(N)
    completeness); the colour-crossed term is re-paired with the Dirac Fierz of ψ₂ ↔ ψ₄, which
    for ΔF = 2 (ψ₂ = ψ₄) gives colour-singlet bilinears again.  Returns a sympy Matrix
    (n_JMS × n_chiral) in the order of ``_DF2_JMS[sector]`` and ``_DF2_CHIRAL[sector]``.
    """
    import sympy

    chiral = _DF2_CHIRAL[sector]
    singlet = {"VLL": "VLL", "VRR": "VRR", "LR": "VLR", "SRR": "SRR"}[sector]
    rows = [[1 if c == singlet else 0 for c in chiral]]
    if sector in ("LR", "SRR"):
        flip = _fierz_swap_24()[singlet]
        flip = {("VLR" if k == "VRL" else "SLR" if k == "SRL" else k): v for k, v in flip.items()}
        row = [
            sympy.Rational(1, 2) * flip.get(c, 0) - sympy.Rational(1, 2 * N_C) * int(c == singlet)
            for c in chiral
        ]
        if set(flip) - set(chiral):
            raise AssertionError(f"Fierz of {singlet} leaves the sector: {flip}")
        rows.append(row)
    return sympy.Matrix(rows)


def chiral_to_jms_df2(coeffs: Mapping[str, object], i: int, j: int, species: str = "d") -> dict[str, object]:
    """JMS coefficients of Σ_X c_X (q̄_iΓq_j)(q̄_iΓ'q_j), X a lqmodel.fierz structure (colour singlets).

    i < j (1-based).  VRL ≡ VLR and SRL ≡ SLR for ΔF = 2 (the bilinears commute).  SLL and TLL
    are the conjugates of JMS's S1/S8 RR operators with indices jiji: their JMS coefficients get
    conj(c) (the Lagrangian holds the h.c.).  Give each operator once (not also its conjugate).
    """
    import sympy

    if not i < j:
        raise ValueError("give the operators with i < j (JMS lists (q̄_i q_j)², i < j)")
    c = {k: sympy.sympify(v) for k, v in coeffs.items()}
    c["VLR"] = c.get("VLR", 0) + c.pop("VRL", 0)
    c["SLR"] = c.get("SLR", 0) + c.pop("SRL", 0)
    out = {}
    for sector, chiral in _DF2_CHIRAL.items():
        for flav, conj, src in ((f"{i}{j}{i}{j}", False, chiral), (f"{j}{i}{j}{i}", True, None)):
            if conj:
                if sector != "SRR":
                    continue
                src = ("SLL", "TLL")
            vec = sympy.Matrix([c.get(s, 0) for s in src])
            if conj:
                vec = vec.applyfunc(sympy.conjugate)
            if all(v == 0 for v in vec):
                continue
            R = df2_jms_in_chiral(sector)  # O_JMS = R O_chiral  =>  C_chiral = R^T C_JMS
            cj = (R.T).inv() * vec
            for n, v in zip(_DF2_JMS[sector], cj, strict=True):
                out[n.format(q=species) + "_" + flav] = sympy.simplify(v)
    return out


def jms_to_chiral_df2(values: Mapping[str, object], i: int, j: int, species: str = "d") -> dict[str, object]:
    """Inverse of :func:`chiral_to_jms_df2`: chiral colour-singlet coefficients of (q̄_i q_j)² (i < j)."""
    import sympy

    out: dict[str, object] = {}
    for sector, chiral in _DF2_CHIRAL.items():
        for flav, conj in ((f"{i}{j}{i}{j}", False), (f"{j}{i}{j}{i}", True)):
            if conj and sector != "SRR":
                continue
            names = [n.format(q=species) + "_" + flav for n in _DF2_JMS[sector]]
            vec = sympy.Matrix([sympy.sympify(values.get(n, 0)) for n in names])
            cc = df2_jms_in_chiral(sector).T * vec
            targets = ("SLL", "TLL") if conj else chiral
            for s, v in zip(targets, cc, strict=True):
                v = sympy.conjugate(v) if conj else v
                if v != 0:
                    out[s] = out.get(s, 0) + v
    return out


# --------------------------------------------------------------------------------------- ADMs

_BMU_TENSOR_SIGN = -1  # Q2^SLL(BMU, σ = ½[γ,γ]) = −TLL(lqmodel, σ = i/2[γ,γ])


def _bmu(sector: str, nf: int):
    """(γ⁽⁰⁾, γ⁽¹⁾) of hep-ph/0005183 (NDR) for a ΔF = 2 sector, in lqmodel's chiral basis."""
    import sympy

    N, f = sympy.Integer(N_C), sympy.Integer(nf)
    R = sympy.Rational
    if sector in ("VLL", "VRR"):
        g0 = 6 - 6 / N  # (2.21)
        g1 = -R(19, 6) * N - R(22, 3) + 39 / N - R(57, 2) / N**2 + R(2, 3) * f - R(2, 3) * f / N
        return sympy.Matrix([[g0]]), sympy.Matrix([[g1]])
    if sector == "LR":  # (2.23), (2.24)
        g0 = sympy.Matrix([[6 / N, 12], [0, -6 * N + 6 / N]])
        g1 = sympy.Matrix(
            [
                [R(137, 6) + R(15, 2) / N**2 - R(22, 3) * f / N, R(200, 3) * N - 6 / N - R(44, 3) * f],
                [
                    R(71, 4) * N + 9 / N - 2 * f,
                    -R(203, 6) * N**2 + R(479, 6) + R(15, 2) / N**2 + R(10, 3) * N * f - R(22, 3) * f / N,
                ],
            ]
        )
        return g0, g1
    if sector == "SRR":  # (2.18), (2.20)
        g0 = sympy.Matrix([[-6 * N + 6 + 6 / N, R(1, 2) - 1 / N], [-24 - 48 / N, 2 * N + 6 - 2 / N]])
        g1 = sympy.Matrix(
            [
                [
                    -R(203, 6) * N**2
                    + R(107, 3) * N
                    + R(136, 3)
                    - 12 / N
                    - R(107, 2) / N**2
                    + R(10, 3) * N * f
                    - R(2, 3) * f
                    - R(10, 3) * f / N,
                    -R(1, 36) * N - R(31, 9) + 9 / N - 4 / N**2 - R(1, 18) * f + R(1, 9) * f / N,
                ],
                [
                    -R(364, 3) * N - R(704, 3) - 208 / N - 320 / N**2 + R(136, 3) * f + R(176, 3) * f / N,
                    R(343, 18) * N**2
                    + 21 * N
                    - R(188, 9)
                    + 44 / N
                    + R(21, 2) / N**2
                    - R(26, 9) * N * f
                    - 6 * f
                    + R(2, 9) * f / N,
                ],
            ]
        )
        S = sympy.diag(1, _BMU_TENSOR_SIGN)  # C_lqmodel = S C_BMU  =>  γ_lqmodel = S γ S
        return S * g0 * S, S * g1 * S
    raise KeyError(sector)


@cache
def _group(names: tuple[str, ...]):
    """(chiral structures, γ_s⁰, γ_s¹(n_f) callable, γ_e⁰, R^T) of a group from :func:`group_of`.

    ADMs are in the running basis (chiral structures); C_running = R^T C_JMS.
    """
    import sympy

    fams = [_NAME.match(n).group(1) for n in names]
    if fams[0] in _DF2:
        sp, sector, _ = _DF2[fams[0]]
        chiral = _DF2_CHIRAL[sector]
        Rt = df2_jms_in_chiral(sector).T
        charges = (sympy.nsimplify(_Q[sp]),) * 4
        g0 = _bmu(sector, 5)[0]  # γ⁽⁰⁾ does not depend on n_f

        def g1(nf, s=sector):
            return _bmu(s, nf)[1]

        rename = {"VRL": "VLR", "SRL": "SLR"}  # equal operators for ΔF = 2
    else:
        q, qp, l, lp, _, _ = _SEMILEPTONIC[fams[0]]
        chiral = tuple(_SEMILEPTONIC[f][4] for f in fams)
        Rt = sympy.eye(len(names))
        charges = tuple(sympy.nsimplify(_Q[x]) for x in (q, qp, l, lp))
        g0 = sympy.diag(*[sympy.nsimplify(_QCD_CURRENT[s[0]][0]) for s in chiral])

        def g1(nf, ch=chiral):
            return sympy.diag(*[sympy.nsimplify(_QCD_CURRENT[s[0]][1](nf)) for s in ch])

        rename = {}
    ge = sympy.zeros(len(chiral))
    for a, s in enumerate(chiral):
        for t, A in one_loop_pole(s, charges).items():
            t = rename.get(t, t)
            if t not in chiral:
                raise AssertionError(f"QED mixes {s} into {t}, outside the group {chiral}")
            ge[a, chiral.index(t)] += -2 * A
    return chiral, g0, g1, ge, Rt


# ------------------------------------------------------------------------------------ evolution


def _eig(g0):
    """V, eigenvalues (Floats) with V⁻¹ g0ᵀ V = diag."""
    import sympy

    M = sympy.Matrix(g0).T
    if M.is_diagonal():
        return sympy.eye(M.rows), [M[i, i] for i in range(M.rows)]
    P, D = M.diagonalize()
    return P.evalf(20), [D[i, i].evalf(20) for i in range(M.rows)]


def _segment(names: tuple, nf: int, a_hi, a_lo, scheme: Scheme):
    """U with C(μ_lo) = U C(μ_hi) for one n_f interval, in the group's running basis."""
    import sympy

    chiral, g0, g1f, ge, _ = _group(names)
    n = len(chiral)
    b0, b1 = (sympy.Rational(x.numerator, x.denominator) for x in _betas(nf))
    V, gam = _eig(g0)
    Vi = V.inv()
    eta = a_hi / a_lo
    a = [g / (2 * b0) for g in gam]
    U = V * sympy.diag(*[eta**ai for ai in a]) * Vi
    if scheme.order == "NLO":
        G = Vi * g1f(nf).T * V
        H = sympy.zeros(n)
        for i, j in itertools.product(range(n), repeat=2):
            den = 2 * b0 + gam[i] - gam[j]
            if abs(float(den)) < 1e-9:
                raise NotImplementedError(
                    f"NLO running of {names} with n_f = {nf}: 2β₀ + γ_i − γ_j = 0 "
                    "(needs the resonant solution); use order='LO' here"
                )
            H[i, j] = (gam[i] * b1 / (2 * b0**2) if i == j else 0) - G[i, j] / den
        J = V * H * Vi
        four_pi = 4 * sympy.pi
        U = (sympy.eye(n) + a_lo / four_pi * J) * U * (sympy.eye(n) - a_hi / four_pi * J)
    if scheme.qed and any(x != 0 for x in ge):
        Ge = Vi * ge.T * V
        K = sympy.zeros(n)
        for i, j in itertools.product(range(n), repeat=2):
            if Ge[i, j] == 0:
                continue
            d = a[i] - a[j] - 1
            K[i, j] = Ge[i, j] * (
                eta ** a[i] * sympy.log(1 / eta)
                if abs(float(d)) < 1e-12
                else (eta ** (a[j] + 1) - eta ** a[i]) / d
            )
        U = U - sympy.Float(scheme.alpha_e) / (2 * b0 * a_hi) * V * K * Vi
    return U


@cache
def _numeric_U(names: tuple, mu_hi: float, mu_lo: float, scheme: Scheme):
    """Running-basis U from μ_hi down to μ_lo (numbers), one factor per n_f interval."""
    import sympy

    cuts = [t for t in scheme.thresholds if mu_lo < t < mu_hi]
    U = sympy.eye(len(names))
    for x, y in itertools.pairwise([mu_hi, *cuts, mu_lo]):
        nf = scheme.nf((x * y) ** 0.5)
        U = _segment(names, nf, alpha_s_nf(x, nf, scheme), alpha_s_nf(y, nf, scheme), scheme) * U
    return U


def _names(group) -> tuple[str, ...]:
    return group_of(group) if isinstance(group, str) else tuple(group)


def evolution_matrix(group, mu_high, mu_low: float, scheme: Scheme = DEFAULT, alpha_at_high=None):
    """U (sympy Matrix) with C_JMS(μ_low) = U C_JMS(μ_high) for the JMS names of ``group``.

    ``group``: a JMS name (its group, :func:`group_of`) or the tuple of names.  ``mu_high`` may
    be a sympy Symbol (the heavy mass): then each entry is a Piecewise over the n_f interval
    that holds it (valid for mu_high ≥ mu_low).  ``mu_low`` is a number.  ``alpha_at_high(n_f)``,
    when given, stands for α_s(mu_high) in the n_f interval (a symbol a program computes once,
    as :func:`alpha_s_nf` of mu_high), instead of writing the closed form into every entry.
    """
    import sympy

    names = _names(group)
    *_, Rt = _group(names)
    Rti = Rt.inv()
    if not _is_symbolic(mu_high):
        if float(mu_high) < mu_low:
            raise ValueError("mu_high must be ≥ mu_low")
        U = Rti * _numeric_U(names, float(mu_high), float(mu_low), scheme) * Rt
        return U.applyfunc(lambda x: sympy.Float(x.evalf(15)))
    M = mu_high
    lowers = [t for t in scheme.thresholds if t > mu_low] + [mu_low]
    cases = []
    for lower in lowers:  # M in [lower, next threshold above)
        nf = scheme.nf(lower)
        U_rest = _numeric_U(names, lower, mu_low, scheme) if lower > mu_low else sympy.eye(len(names))
        a_high = alpha_at_high(nf) if alpha_at_high is not None else alpha_s_nf(M, nf, scheme)
        U_top = _segment(names, nf, a_high, alpha_s_nf(lower, nf, scheme), scheme)
        cases.append((Rti * U_rest.evalf(15) * U_top * Rt, lower <= M))
    n = len(names)

    def entry(i, j):
        return sympy.Piecewise(*[(c[i, j], cond) for c, cond in cases[:-1]], (cases[-1][0][i, j], True))

    return sympy.Matrix(n, n, entry)


def evolve(
    values: Mapping[str, object], mu_high, mu_low: float, scheme: Scheme = DEFAULT, alpha_at_high=None
) -> dict[str, object]:
    """Run JMS coefficients from ``mu_high`` (number or Symbol) to ``mu_low`` (number).

    Returns every coefficient of each group that ``values`` touches, including ones generated by
    mixing (e.g. TnueduRR from SnueduRR by QED, V8ddLR from V1ddLR); exact zeros are dropped.
    A name with no running defined raises KeyError (never dropped silently).
    """
    import sympy

    groups = {group_of(name) for name in values}
    out: dict[str, object] = {}
    for names in sorted(groups):
        U = evolution_matrix(names, mu_high, mu_low, scheme, alpha_at_high)
        vec = sympy.Matrix([sympy.sympify(values.get(n, 0)) for n in names])
        for n, v in zip(names, U * vec, strict=True):
            if v != 0:
                out[n] = v
    return out
