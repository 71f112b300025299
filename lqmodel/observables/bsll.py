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
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p, table

__all__ = ["BIN", "COEFFICIENTS", "build", "rate_ratio"]

BIN = (1.1, 6.0)
COEFFICIENTS = ("C9", "C9p", "C10", "C10p", "CS", "CSp", "CP", "CPp")
_LEPTON = {"mumu": "mu", "ee": "e"}


def rate_ratio(mode: str, leptons: str):
    """R(δ) = rate/rate_SM of B → ``mode`` ℓℓ in the bin.

    ``mode``: "K" or "Kstar"; ``leptons``: "mumu" or "ee".
    """
    import sympy

    from lqmodel.observables.leptonic import bqll_coefficients

    t = table(f"bsll_B{mode}{leptons}")
    if tuple(t["coefficients"]) != COEFFICIENTS:  # pragma: no cover - a defect of the table
        raise ValueError(f"table bsll_B{mode}{leptons} lists {t['coefficients']}, not {COEFFICIENTS}")
    c = bqll_coefficients("Bs", _LEPTON[leptons])
    # flavio's C_S, C_P carry the m_b of its O_S = m_b (s̄P_Rb)(ℓ̄ℓ) as a number in GeV: the variables
    # here are the dimensionless m_b C_S …, and the table's entries for them are divided by that
    # number (flavio's m_b(4.8 GeV), ``m_b`` of the table).
    scalar = [n[1] in "SP" for n in COEFFICIENTS]
    d = [c[n] * p("m_b_4p8") if s else c[n] for n, s in zip(COEFFICIENTS, scalar, strict=True)]
    w = [sympy.Float(1 / float(t["m_b"])) if s else sympy.Integer(1) for s in scalar]
    v = [
        sympy.Float(a) + sympy.I * sympy.Float(b) for a, b in zip(t["linear_re"], t["linear_im"], strict=True)
    ]
    terms = [sympy.Integer(1)]
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

    return tuple(attrs.evolve(o, scale=B_DECAY_SCALE) for o in _builders())
