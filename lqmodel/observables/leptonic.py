"""B_q → ℓ⁺ℓ⁻: BR(Bs->mumu), BR(B0->mumu), BR(Bs->tautau), BR(Bs->ee), general in the WET.

Coefficients.  flavio's basis (WCxf ``WET``/``flavio``, sectors ``sb``, ``db``) writes

    L = (4G_F/√2) λ_t e²/(16π²) Σ_i C_i O_i + h.c.,   λ_t = V_tb V_tq*,  e² = 4π α_em(4.8 GeV),

with O9 = (q̄γ^μP_Lb)(ℓ̄γ_μℓ), O10 = (q̄γ^μP_Lb)(ℓ̄γ_μγ5ℓ), O_S = m_b(q̄P_Rb)(ℓ̄ℓ),
O_P = m_b(q̄P_Rb)(ℓ̄γ5ℓ) and the primed operators with P_L ↔ P_R on the quarks.  The JMS
coefficients c_XY of (q̄ Γ_X b)(ℓ̄ Γ_Y ℓ) (X the quark chirality, Y the lepton's;
:func:`chiral_coefficients`) give, with N = (4G_F/√2) λ_t e²/(16π²),

    C9 = (c_VLL + c_VLR)/2N,  C10 = (c_VLR − c_VLL)/2N,  C9' = (c_VRR + c_VRL)/2N,  C10' = (c_VRR − c_VRL)/2N,
    m_b C_S = (c_SRR + c_SRL)/2N,  m_b C_P = (c_SRR − c_SRL)/2N,
    m_b C_S' = (c_SLR + c_SLL)/2N,  m_b C_P' = (c_SLR − c_SLL)/2N

(:func:`bqll_coefficients`; wilson's JMS → flavio translation, arXiv:1804.05033, has the same).

Rate.  With ⟨0|q̄γ^μγ5b|B_q⟩ ∝ f_B p^μ and ⟨0|q̄γ5b|B_q⟩ ∝ f_B m_B²/(m_b + m_q) (equations of motion),

    BR_inst = τ_B f_B² m_B³ β/(32π) (|P|² + |S|²),  β = √(1 − 4m_ℓ²/m_B²),
    P = (2m_ℓ/m_B) N (C10^SM + C10 − C10') + m_B/(m_b + m_q) (c_SRR − c_SRL − c_SLR + c_SLL)/2,
    S = β m_B/(m_b + m_q) (c_SRR + c_SRL − c_SLR − c_SLL)/2

(:func:`amplitudes`; De Bruyn et al., PRL 109 (2012) 041801, arXiv:1204.1737, in flavio's
normalisation, flavio 2.7.1 ``bll.br_inst``).  Only NP in the decay; the NP part of P and S is
the JMS coefficients themselves (independent of α and of the basis normalisation); the SM part is
N C10^SM with α_em(4.8 GeV) as C10^SM is normalised.  The quark masses are MSbar at 4.8 GeV,
the scale at which the coefficients are read.

B_s: the measured, time-integrated rate is BR = BR_inst (1 + A_ΔΓ y_s)/(1 − y_s²),
y_s = τ_Bs ΔΓ_s/2, A_ΔΓ = Re[(P² − S²) λ_t*/λ_t]/(|P|² + |S|²) (De Bruyn et al., PRD 86 (2012)
014027, arXiv:1204.1735, and PRL 109 (2012) 041801, arXiv:1204.1737; flavio's ``br_timeint``):
the factor λ_t*/λ_t removes the decay's CKM phase, which the SM B_s mixing phase cancels (no NP
in mixing is assumed).  A_ΔΓ = +1 in the SM.
B0: |y_d| ≈ 0.001, so the time-integrated and instantaneous rates differ by 0.1 % at most; the
instantaneous rate is given, as flavio does.
"""

from __future__ import annotations

import itertools

from lqmodel.observables.base import Observable, observable, p

__all__ = [
    "DECAYS",
    "LFV_PAIRS",
    "a_delta_gamma",
    "amplitudes",
    "bqll_coefficients",
    "br_instantaneous",
    "build",
    "chiral_coefficients",
    "normalisation",
]

#: (meson, lepton) of each observable: BR(Bs->mumu), BR(B0->mumu), BR(Bs->tautau), BR(Bs->ee).
DECAYS = (("Bs", "mu"), ("B0", "mu"), ("Bs", "tau"), ("Bs", "e"))
#: lepton pairs of the lepton-flavour-violating BR(Bs->emu,mue) ..., each charge combination summed.
LFV_PAIRS = (("e", "mu"), ("e", "tau"), ("mu", "tau"))

_QUARK = {"Bs": 2, "B0": 1}  # the light quark q of B_q = (b̄ q)
_TRANSITION = {"Bs": "bs", "B0": "bd"}
_LEPTON = {"e": 1, "mu": 2, "tau": 3}
_LEPTON_MASS = {"e": "m_e", "mu": "m_mu", "tau": "m_tau"}
# mass, decay constant, lifetime, light-quark MSbar mass at 4.8 GeV
_MESON = {"Bs": ("m_Bs", "f_Bs", "tau_Bs", "m_s_4p8"), "B0": ("m_Bd", "f_Bd", "tau_Bd", "m_d_4p8")}
_TEX = {"e": "e", "mu": r"\mu", "tau": r"\tau"}


def chiral_coefficients(meson: str, lepton: str, lepton2: str | None = None) -> dict:
    """The L coefficients c_XY of (q̄ Γ_X b)(ℓ̄2 Γ_Y ℓ) (GeV⁻²) in JMS symbols; X is the quark chirality.

    ``lepton2`` defaults to ``lepton``; the order is flavio's (its C9_bsemu is (s̄γP_Lb)(μ̄γe)).
    JMS lists some of these operators only through their hermitian conjugates (the vector classes
    for the index order (ℓℓ, qb) with q < b or ℓ < ℓ2; (q̄ P_R b)(ℓ̄ P_L ℓ) is the conjugate of
    SedRL_ℓℓbq): their coefficients are the conjugates (:func:`lqmodel.physics.bases.jms_expression`).
    """
    from lqmodel.core.errors import UnknownNameError
    from lqmodel.physics.bases import jms_expression
    from lqmodel.physics.matching import Operator

    if meson not in _QUARK:
        raise UnknownNameError("meson", meson, _QUARK)
    for name in (lepton, lepton2 or lepton):
        if name not in _LEPTON:
            raise UnknownNameError("lepton", name, _LEPTON)
    fields = (
        ("d", _QUARK[meson] - 1),
        ("d", 2),
        ("e", _LEPTON[lepton2 or lepton] - 1),
        ("e", _LEPTON[lepton] - 1),
    )
    return {
        s: jms_expression(Operator(fields, s))
        for s in ("VLL", "VLR", "VRL", "VRR", "SRR", "SLR", "SRL", "SLL")
    }


def normalisation(meson: str):
    """N = (4G_F/√2) λ_t α_em(4.8 GeV)/(4π) (GeV⁻²): α run at one loop from α(M_Z), as flavio's."""
    import sympy

    from lqmodel.observables.nunu import lambda_t
    from lqmodel.physics.running import B_DECAY_SCALE, alpha_em

    alpha = alpha_em(B_DECAY_SCALE, p("alpha_em"))
    return 4 * p("GF") / sympy.sqrt(2) * lambda_t(_TRANSITION[meson]) * alpha / (4 * sympy.pi)


def bqll_coefficients(meson: str, lepton: str, lepton2: str | None = None) -> dict:
    """The NP parts of flavio's C9, C10, C9p, C10p, CS, CP, CSp, CPp (b → q ℓℓ2) in JMS symbols.

    ``lepton2`` (default ``lepton``) as flavio names it: ("e", "mu") gives C9_bsemu … of the operators
    (q̄ Γ b)(μ̄ Γ′ e).  C_S, C_P are flavio's, with m_b in the operator: m_b(4.8 GeV) (parameter ``m_b_4p8``).
    """
    c = chiral_coefficients(meson, lepton, lepton2)
    n2 = 2 * normalisation(meson)
    nm = n2 * p("m_b_4p8")
    return {
        "C9": (c["VLL"] + c["VLR"]) / n2,
        "C10": (c["VLR"] - c["VLL"]) / n2,
        "C9p": (c["VRR"] + c["VRL"]) / n2,
        "C10p": (c["VRR"] - c["VRL"]) / n2,
        "CS": (c["SRR"] + c["SRL"]) / nm,
        "CP": (c["SRR"] - c["SRL"]) / nm,
        "CSp": (c["SLR"] + c["SLL"]) / nm,
        "CPp": (c["SLR"] - c["SLL"]) / nm,
    }


def _betas(meson: str, lepton: str, lepton2: str | None = None) -> tuple:
    """(β₊, β₋) = (√(1 − (m1 + m2)²/m_B²), √(1 − (m1 − m2)²/m_B²)); β₊β₋ = λ^½(m_B², m1², m2²)/m_B²."""
    import sympy

    m_b = p(_MESON[meson][0])
    m1, m2 = p(_LEPTON_MASS[lepton]), p(_LEPTON_MASS[lepton2 or lepton])
    return sympy.sqrt(1 - (m1 + m2) ** 2 / m_b**2), sympy.sqrt(1 - (m2 - m1) ** 2 / m_b**2)


def amplitudes(meson: str, lepton: str, lepton2: str | None = None) -> tuple:
    """(P, S) of B̄_q → ℓ1⁺ℓ2⁻ (GeV⁻²), flavio's P and S times N, SM included (module docstring).

    ``lepton2`` (default ``lepton``) in flavio's order: the operators (q̄ Γ b)(ℓ̄2 Γ′ ℓ1).  With
    ū(ℓ2) p̸ v(ℓ1) = (m2 − m1) ū v and ū p̸γ5 v = (m1 + m2) ū γ5 v, the axial lepton current
    joins the pseudoscalar density and the vector current the scalar one; the spin sums give
    |P|² (m_B² − (m1 − m2)²) + |S|² (m_B² − (m1 + m2)²), the factors β₋, β₊ below.
    """
    import sympy

    c = chiral_coefficients(meson, lepton, lepton2)
    m_meson, _, _, m_q = (p(n) for n in _MESON[meson])
    m1, m2 = p(_LEPTON_MASS[lepton]), p(_LEPTON_MASS[lepton2 or lepton])
    sm = normalisation(meson) * p("C10_SM") if lepton2 in (None, lepton) else 0
    axial = sm + (c["VLR"] - c["VLL"] - c["VRR"] + c["VRL"]) / 2
    vector = (c["VLL"] + c["VLR"] - c["VRL"] - c["VRR"]) / 2
    pseudo = (c["SRR"] - c["SRL"] - c["SLR"] + c["SLL"]) / 2
    scalar = (c["SRR"] + c["SRL"] - c["SLR"] - c["SLL"]) / 2
    chiral = m_meson / (p("m_b_4p8") + m_q)  # m_B²/(m_b + m_q) of the pseudoscalar density, over m_B
    beta_plus, beta_minus = _betas(meson, lepton, lepton2)
    P = beta_minus * ((m1 + m2) / m_meson * axial + chiral * pseudo)
    S = beta_plus * ((m2 - m1) / m_meson * vector + chiral * scalar)
    return sympy.expand(P), sympy.expand(S)


def _abs2(x):
    import sympy

    return sympy.Abs(x, evaluate=False) ** 2


def br_instantaneous(meson: str, lepton: str, lepton2: str | None = None):
    """BR(B̄_q → ℓ1⁺ℓ2⁻) at t = 0 (no mixing): τ_B f_B² m_B³ β₊β₋ (|P|² + |S|²)/(32π)."""
    import sympy

    m_meson, f, tau, _ = (p(n) for n in _MESON[meson])
    P, S = amplitudes(meson, lepton, lepton2)
    beta_plus, beta_minus = _betas(meson, lepton, lepton2)
    return tau * f**2 * m_meson**3 * beta_plus * beta_minus / (32 * sympy.pi) * (_abs2(P) + _abs2(S))


def a_delta_gamma(meson: str, lepton: str):
    """A_ΔΓ = Re[(P² − S²) λ_t*/λ_t]/(|P|² + |S|²) (De Bruyn et al., arXiv:1204.1737; +1 in the SM)."""
    import sympy

    from lqmodel.observables.nunu import lambda_t

    lam = lambda_t(_TRANSITION[meson])
    P, S = amplitudes(meson, lepton)
    num = sympy.re((P**2 - S**2) * sympy.conjugate(lam) / lam, evaluate=False)
    return num / (_abs2(P) + _abs2(S))


def _time_integrated(meson: str, lepton: str):
    """BR_inst (1 + A_ΔΓ y_s)/(1 − y_s²), y_s = τ_Bs ΔΓ_s/2 (De Bruyn et al., arXiv:1204.1735)."""
    y = p("tau_Bs") * p("DeltaGamma_Bs") / 2
    return br_instantaneous(meson, lepton) * (1 + a_delta_gamma(meson, lepton) * y) / (1 - y**2)


def _builders():
    ref = (
        "De Bruyn et al., PRL 109 (2012) 041801 (arXiv:1204.1737) and PRD 86 (2012) 014027 "
        "(arXiv:1204.1735), in flavio 2.7.1's bll.py normalisation; C10, C10', C_S, C_P, C_S', C_P' "
        "from the JMS coefficients at 4.8 GeV; C10^SM of flavio 2.7.1 (Bobeth et al. 2014); docs/leptonic.md"
    )
    for meson, lepton in DECAYS:
        name = f"BR({meson}->{lepton}{lepton})"
        l_tex = _TEX[lepton]
        if meson == "Bs":
            expr = _time_integrated(meson, lepton)
            latex = rf"\overline{{\mathcal{{B}}}}(B_s\to {l_tex}^+{l_tex}^-)"
            what = f"time-integrated B_s -> {lepton}+ {lepton}- branching ratio (Delta Gamma_s included)"
            reference = ref + "; time-integrated with y_s = tau_Bs DeltaGamma_Bs/2 and A_DeltaGamma"
        else:
            expr = br_instantaneous(meson, lepton)
            latex = rf"\mathcal{{B}}(B^0\to {l_tex}^+{l_tex}^-)"
            what = f"B0 -> {lepton}+ {lepton}- branching ratio (prompt; y_d ~ 0.001 neglected)"
            reference = ref + "; instantaneous (|y_d| ~ 0.001)"
        yield observable(name, expr, latex=latex, description=what, reference=reference)
    for meson, (l1, l2) in itertools.product(("Bs", "B0"), LFV_PAIRS):
        m_tex = "B_s" if meson == "Bs" else "B^0"
        yield observable(
            f"BR({meson}->{l1}{l2},{l2}{l1})",
            br_instantaneous(meson, l1, l2) + br_instantaneous(meson, l2, l1),
            latex=rf"\mathcal{{B}}({m_tex}\to {_TEX[l1]}^\pm{_TEX[l2]}^\mp)",
            description=(
                f"{meson} -> {l1}+ {l2}- plus {l1}- {l2}+ at t = 0 (lepton-flavour violating; no SM part, "
                "no Delta Gamma correction, as flavio's)"
            ),
            reference=ref + "; lepton masses unequal: beta_+ beta_- = lambda^(1/2)/m_B^2 (docs/leptonic.md)",
        )


def build() -> tuple[Observable, ...]:
    """The B_q → ℓ⁺ℓ⁻ observables; they read the coefficients at 4.8 GeV (flavio's scale for them)."""
    import attrs

    from lqmodel.physics.running import B_DECAY_SCALE

    return tuple(attrs.evolve(o, scale=B_DECAY_SCALE) for o in _builders())
