"""b → sℓℓ in the bin q² ∈ [1.1, 6] GeV²: R_K, R_K*, and the B⁺ → K⁺μμ, B⁰ → K*⁰μμ rates.

Coefficients: flavio's C9, C9', C10, C10', C_S, C_S', C_P, C_P' of b → sℓℓ (NP parts, at 4.8 GeV)
from the JMS coefficients, as for B_s → ℓℓ (:func:`lqmodel.observables.leptonic.bqll_coefficients`).

Rates.  At fixed hadronic inputs the amplitudes of B → K(*)ℓℓ are linear in the coefficients, so
the bin rate over its SM value is exactly quadratic in the NP parts δ = (C9, C9', C10, C10', C_S,
C_S', C_P, C_P'):

    R(δ) = 1 + 2 Re(v·δ) + δ† H δ,

with v and H (hermitian) measured from flavio 2.7.1 by probing (tools/bsll/fit.py; the ``tables``
``bsll_*`` of observables.yaml; 81 probes, exact: 3e-7 at random complex points).  Everything else
of flavio's prediction — form factors (BSZ for B → K*, lattice + LCSR for B → K), the SM C7, C9
with its charm loops, non-factorisable corrections — is inside v, H and the SM rate, so the forms
are valid for any NP coefficients at flavio 2.7.1's central hadronic inputs; they do not include
NP in C7 (dipoles of b → sγ, which lqmodel does not match) and hold within the bin only.
R_K = B(B⁺ → K⁺μμ)/B(B⁺ → K⁺ee) and R_K* = B(B⁰ → K*⁰μμ)/B(B⁰ → K*⁰ee) in the bin.

Lepton-flavour-violating B⁺ → K⁺ℓ1ℓ2, B⁰ → K*⁰ℓ1ℓ2 and B⁺ → π⁺ℓ1ℓ2 (ℓ1 ≠ ℓ2; whole q² range,
(m1 + m2)² to (m_B − m_M)²) have no SM amplitude: BR = δ† H δ in the coefficients δ of flavio's
C9_bqℓ1ℓ2 …, the operators (q̄ Γ b)(ℓ̄2 Γ′ ℓ1), measured the same way (tables ``bsll_BK<ℓ1><ℓ2>``,
``bsll_BKstar…``, ``bdll_Bpi…``; 5e-5 at random complex points, flavio's own q² integration
accuracy).  flavio's names: ``BR(B+->Kemu)`` is B⁻ → K⁻e⁺μ⁻, equal to its CP conjugate
B⁺ → K⁺e⁻μ⁺ (no strong phase without an SM amplitude).  For B → K and B → π only C9 + C9′, C10 + C10′,
C_S + C_S′ and C_P + C_P′ enter (no axial hadronic current); the A–P interference is ∝ m1 + m2 and
the V–S one ∝ m2 − m1 (ū(ℓ2) q̸ v(ℓ1) = (m2 − m1) ū v, as in B_q → ℓ1ℓ2), the opposite of flavio
2.7.1's angular.py, which disagrees there with its own bll.py: the tables flip that block
(tools/bsll/fit.py; docs/observables.md, "Where lqmodel differs from flavio 2.7.1").
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p, table

__all__ = ["BIN", "COEFFICIENTS", "LFV_DECAYS", "LFV_PAIRS", "build", "lfv_rate", "rate_ratio"]

BIN = (1.1, 6.0)
COEFFICIENTS = ("C9", "C9p", "C10", "C10p", "CS", "CSp", "CP", "CPp")
#: (ℓ1, ℓ2) of flavio's BR(B+->K<ℓ1><ℓ2>): operators (s̄ Γ b)(ℓ̄2 Γ′ ℓ1).
LFV_PAIRS = (("e", "mu"), ("mu", "e"), ("e", "tau"), ("tau", "e"), ("mu", "tau"), ("tau", "mu"))
_LEPTON = {"mumu": "mu", "ee": "e"}
_TEX = {"e": "e", "mu": r"\mu", "tau": r"\tau"}


def rate_ratio(mode: str, leptons: str):
    """R(δ) = rate/rate_SM of B → ``mode`` ℓℓ in the bin.

    ``mode``: "K" or "Kstar"; ``leptons``: "mumu" or "ee".
    """
    return _form(f"bsll_B{mode}{leptons}", COEFFICIENTS, ("Bs", _LEPTON[leptons]), linear=True)


#: flavio's decay label -> (table prefix, quark label of flavio's coefficients, meson of the b → q
#: transition in :func:`lqmodel.observables.leptonic.bqll_coefficients`, LaTeX of B⁻ → M⁻ / B̄⁰ → M̄⁰)
LFV_DECAYS = {
    "B+->K": ("bsll_BK", "bs", "Bs", r"B^-\to K^-"),
    "B0->K*": ("bsll_BKstar", "bs", "Bs", r"\bar B^0\to \bar K^{*0}"),
    "B+->pi": ("bdll_Bpi", "bd", "B0", r"B^-\to \pi^-"),
}


def lfv_rate(l1: str, l2: str, decay: str = "B+->K"):
    """BR(``decay`` ℓ1ℓ2) = δ† H δ, δ the NP coefficients C9_bqℓ1ℓ2 … (operators (q̄ Γ b)(ℓ̄2 Γ′ ℓ1)).

    ``decay``: "B+->K", "B0->K*" or "B+->pi" (flavio's labels, :data:`LFV_DECAYS`).
    """
    from lqmodel.core.errors import UnknownNameError

    if decay not in LFV_DECAYS:
        raise UnknownNameError("decay", decay, LFV_DECAYS)
    if (l1, l2) not in LFV_PAIRS:
        raise UnknownNameError("lepton pair", f"{l1}{l2}", [a + b for a, b in LFV_PAIRS])
    prefix, quarks, meson, _ = LFV_DECAYS[decay]
    names = tuple(f"{n}_{quarks}{l1}{l2}" for n in COEFFICIENTS)
    return _form(f"{prefix}{l1}{l2}", names, (meson, l1, l2), linear=False)


def _form(name: str, names: tuple, leptons: tuple, linear: bool):
    """1 + 2 Re(v·δ) + δ† H δ (``linear``) or δ† H δ, v and H the table ``name``'s."""
    import sympy

    from lqmodel.observables.leptonic import bqll_coefficients

    t = table(name)
    if tuple(t["coefficients"]) != names:  # pragma: no cover - a defect of the table
        raise ValueError(f"table {name} lists {t['coefficients']}, not {names}")
    c = bqll_coefficients(*leptons)
    # flavio's C_S, C_P carry the m_b of its O_S = m_b (s̄P_Rb)(ℓ̄ℓ) as a number in GeV: the variables
    # here are the dimensionless m_b C_S …, and the table's entries for them are divided by that
    # number (flavio's m_b(4.8 GeV), ``m_b`` of the table).
    scalar = [n[1] in "SP" for n in COEFFICIENTS]
    d = [c[n] * p("m_b_4p8") if s else c[n] for n, s in zip(COEFFICIENTS, scalar, strict=True)]
    w = [sympy.Float(1 / float(t["m_b"])) if s else sympy.Integer(1) for s in scalar]
    zero = [0] * len(d)
    v = [
        sympy.Float(a) + sympy.I * sympy.Float(b)
        for a, b in zip(t.get("linear_re", zero), t.get("linear_im", zero), strict=True)
    ]
    if not linear and any(v):  # pragma: no cover - a defect of the table
        raise ValueError(f"table {name} has a linear term, but its rate has no SM part")
    terms = [sympy.Integer(1)] if linear else []
    for i, di in enumerate(d):
        if v[i] != 0:
            terms.append(2 * w[i] * sympy.re(v[i] * di, evaluate=False))
        h = t["matrix_re"][i][i]
        if h != 0:
            terms.append(w[i] ** 2 * sympy.Float(h) * sympy.Abs(di, evaluate=False) ** 2)
        for j in range(i + 1, len(d)):
            hij = sympy.Float(t["matrix_re"][i][j]) + sympy.I * sympy.Float(t["matrix_im"][i][j])
            if hij != 0:
                terms.append(2 * w[i] * w[j] * sympy.re(sympy.conjugate(di) * hij * d[j], evaluate=False))
    return sympy.Add(*terms)


def _lfv_builders():
    src = (
        "flavio 2.7.1 total rates as exact quadratic forms in the NP C9, C9', C10, C10', C_S, C_S', C_P, "
        "C_P' of b -> q l1 l2 at 4.8 GeV (tools/bsll/fit.py, observables.yaml tables b*ll_B*<l1><l2>)"
    )
    for decay, (_, quarks, _, tex) in LFV_DECAYS.items():
        q = quarks[1]
        for l1, l2 in LFV_PAIRS:
            yield observable(
                f"BR({decay}{l1}{l2})",
                lfv_rate(l1, l2, decay),
                latex=rf"\mathcal{{B}}({tex}{_TEX[l1]}^+{_TEX[l2]}^-)",
                description=(
                    f"{decay} {l1} {l2} as flavio: the b-quark decay to {l1}+ {l2}- (equal to its CP "
                    f"conjugate), whole q^2 range; the operators ({q}bar G b)({l2}bar G' {l1}), "
                    f"flavio's C9_{quarks}{l1}{l2} to CPp_{quarks}{l1}{l2}"
                ),
                reference=src,
            )


def _sm_rate(mode: str, leptons: str) -> float:
    """flavio 2.7.1's SM bin-averaged dBR/dq² (GeV⁻²)."""
    return float(table(f"bsll_B{mode}{leptons}")["sm"])


def _builders():
    import sympy

    width = BIN[1] - BIN[0]
    src = (
        "flavio 2.7.1 bin rates in q2 = [1.1, 6] GeV^2 as exact quadratic forms in the NP C9, C9', C10, "
        "C10', C_S, C_S', C_P, C_P' at 4.8 GeV (tools/bsll/fit.py, observables.yaml tables bsll_*)"
    )
    for mode, name, tex, decay in (
        ("K", "R_K[1.1,6]", "R_K", "B+ -> K+"),
        ("Kstar", "R_K*[1.1,6]", "R_{K^*}", "B0 -> K*0"),
    ):
        ratio = rate_ratio(mode, "mumu") / rate_ratio(mode, "ee")
        yield observable(
            name,
            ratio * sympy.Float(_sm_rate(mode, "mumu") / _sm_rate(mode, "ee")),
            latex=rf"{tex}^{{[1.1,6]}}",
            description=f"B({decay} mu mu)/B({decay} e e), q^2 in [1.1, 6] GeV^2",
            reference=src,
        )
    for mode, name, tex in (
        ("K", "BR(B+->Kmumu)[1.1,6]", r"K^+"),
        ("Kstar", "BR(B0->K*mumu)[1.1,6]", r"K^{*0}"),
    ):
        b = "B^+" if mode == "K" else "B^0"
        yield observable(
            name,
            sympy.Float(_sm_rate(mode, "mumu") * width) * rate_ratio(mode, "mumu"),
            latex=rf"\mathcal{{B}}({b}\to {tex}\mu^+\mu^-)_{{[1.1,6]}}",
            description=f"{name.split('[')[0]} integrated over q^2 in [1.1, 6] GeV^2",
            reference=src,
        )


def build() -> tuple[Observable, ...]:
    """The b → sℓℓ bin observables; they read the coefficients at 4.8 GeV (flavio's scale for them)."""
    import attrs

    from lqmodel.physics.running import B_DECAY_SCALE

    return tuple(attrs.evolve(o, scale=B_DECAY_SCALE) for o in (*_builders(), *_lfv_builders()))
