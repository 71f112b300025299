"""d_i → d_j νν̄: B → K(*)νν̄, B → π(ρ)νν̄, K⁺ → π⁺νν̄, K_L → π⁰νν̄ and R^ν.

Conventions (docs/observables.md).  Per neutrino flavour ℓ = 1, 2, 3 (e, μ, τ) the WCxf
Lagrangian holds ``C_L (q̄' γ^μ P_L q)(ν̄_ℓ γ_μ P_L ν_ℓ) + C_R (q̄' γ^μ P_R q)(…)``; the SM adds
``−C_L^SM λ_t X_t`` to C_L, with C_L^SM of eq. (7) of Chen & Chiang 2024 and λ_t the CKM factor
of :func:`lambda_t`.  Every general formula depends on the NP only through

    X_ℓ = X_t − C_L,ℓ / (C_L^SM λ_t),   X̃_ℓ = − C_R,ℓ / (C_L^SM λ_t),

so the paper's C^{S1}_L of eq. (7) is −C_L,τ/(C_L^SM λ_t) (:func:`paper_coefficient`).
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p

__all__ = [
    "PAIRS",
    "build",
    "lambda_t",
    "nunu_coefficients",
    "nunu_sm_coefficient",
    "paper_coefficient",
    "x_functions",
]

FLAVOURS = (1, 2, 3)
PAIRS = tuple((a, b) for a in FLAVOURS for b in FLAVOURS)  # final states ν_ℓ ν̄_ℓ'; SM only ℓ = ℓ


def nunu_sm_coefficient():
    """C_L^SM = (4 G_F/√2) α/(2π s_W²), eq. (7) of Chen & Chiang 2024 (GeV⁻²)."""
    import sympy

    return 4 * p("GF") / sympy.sqrt(2) * p("alpha_em") / (2 * sympy.pi * p("s2w"))


def lambda_t(transition: str):
    """The CKM factor multiplying the SM (q̄' q) operator: V_tb V_ts*, V_tb V_td*, V_ts* V_td."""
    from sympy import conjugate

    from lqmodel.symbols.ckm import ckm_symbols

    V = ckm_symbols()
    vtd, vts, vtb = V[2, 0], V[2, 1], V[2, 2]
    return {"bs": vtb * conjugate(vts), "bd": vtb * conjugate(vtd), "sd": conjugate(vts) * vtd}[transition]


_QUARKS = {"bs": (2, 3), "bd": (1, 3), "sd": (2, 1)}  # (q', q) of the decay operator (q̄' q)


def _jms(kind: str, p_: int, r: int, s_: int, t: int):
    """The coefficient of the JMS operator O_prst = (ν̄_p γ ν_r)(d̄_s γ d_t) in L.

    JMS lists O_prst for p < r, or p = r and s ≤ t; the others are hermitian conjugates of a
    listed one (O_prst† = O_rpts), so their coefficient is the conjugate.
    """
    from sympy import conjugate

    from lqmodel.symbols.wet import wet_symbol

    if p_ < r or (p_ == r and s_ <= t):
        return wet_symbol(f"{kind}_{p_}{r}{s_}{t}")
    return conjugate(wet_symbol(f"{kind}_{r}{p_}{t}{s_}"))


def nunu_coefficients(transition: str, flavour: int, flavour_bar: int | None = None):
    """(C_L, C_R) of (q̄' γ P q)(ν̄_ℓ γ P_L ν_ℓ') in WCxf L (GeV⁻²), ℓ' = ℓ unless given.

    For b → s, d the diagonal ones are the JMS symbols ``VnudLL_ℓℓ23``/``13``; for s → d the
    JMS operator is (d̄ s), the hermitian conjugate of (s̄ d), so the (s̄ d) coefficient is its
    conjugate.  Off-diagonal neutrino pairs (lepton-flavour-violating couplings) follow the
    same rule (:func:`_jms`).
    """
    lb = flavour if flavour_bar is None else flavour_bar
    s_, t = _QUARKS[transition]
    return _jms("VnudLL", flavour, lb, s_, t), _jms("VnudLR", flavour, lb, s_, t)


def x_functions(transition: str, flavour: int, flavour_bar: int | None = None):
    """(X_ℓℓ', X̃_ℓℓ'): SM-normalised left and right amplitudes; the SM X_t only for ℓ = ℓ'."""
    lb = flavour if flavour_bar is None else flavour_bar
    cl, cr = nunu_coefficients(transition, flavour, lb)
    norm = nunu_sm_coefficient() * lambda_t(transition)
    return (p("Xt") if flavour == lb else 0) - cl / norm, -cr / norm


def paper_coefficient(transition: str):
    """The paper's C^{S1}_{L,ij} of eq. (7): −C_L,τ/(C_L^SM λ_t) (τ neutrinos, left-handed only)."""
    return -nunu_coefficients(transition, 3)[0] / (nunu_sm_coefficient() * lambda_t(transition))


def _ratio_pseudoscalar(transition: str):
    """Σ_ℓℓ' |X_ℓℓ' + X̃_ℓℓ'|² / (3 X_t²): B → Kνν̄ / SM (arXiv:1409.4557, eq. 2.11 with ε_ℓ, η_ℓ,
    extended to every neutrino pair)."""
    import sympy

    terms = [sympy.Abs(sum(x_functions(transition, *f)), evaluate=False) ** 2 for f in PAIRS]
    return sympy.Add(*terms) / (3 * p("Xt") ** 2)


def _ratio_vector(transition: str, kappa: str):
    """Σ_ℓℓ' (1 + κ_η η_ℓℓ') ε_ℓℓ'² / 3: B → K*νν̄ / SM (arXiv:1409.4557, every neutrino pair)."""
    import sympy

    terms = []
    for f in PAIRS:
        x, xr = x_functions(transition, *f)
        terms.append(
            sympy.Abs(x, evaluate=False) ** 2
            + sympy.Abs(xr, evaluate=False) ** 2
            - p(kappa) * sympy.re(x * sympy.conjugate(xr), evaluate=False)
        )
    return sympy.Add(*terms) / (3 * p("Xt") ** 2)


def _r_nu_paper(transition: str):
    """R^ν of eq. (8): 2/3 + |1 + C^{S1}_L/X_t|²/3."""
    import sympy

    return sympy.Rational(2, 3) + sympy.Abs(1 + paper_coefficient(transition) / p("Xt")) ** 2 / 3


def _kaon_bracket(x_eff, charm: bool = True):
    """(Im X/λ⁵)² + (Re λ_c/λ P_c + Re X/λ⁵)²: the bracket of eq. (10) for one neutrino pair
    (the charm term only where the SM contributes, ℓ = ℓ')."""
    import sympy

    from lqmodel.symbols.ckm import ckm_symbols

    V = ckm_symbols()
    lam = p("lambda")
    lam_c = sympy.conjugate(V[1, 1]) * V[1, 0]
    c = sympy.re(lam_c, evaluate=False) / lam * p("Pc") if charm else 0
    return (sympy.im(x_eff, evaluate=False) / lam**5) ** 2 + (
        c + sympy.re(x_eff, evaluate=False) / lam**5
    ) ** 2


def _kaon_x_eff(flavour: int, flavour_bar: int | None = None, right: bool = True):
    """λ_t X_ℓℓ' (+ λ_t X̃_ℓℓ'): K → πνν̄ sees the vector current C_L + C_R."""
    x, xr = x_functions("sd", flavour, flavour_bar)
    return lambda_t("sd") * (x + xr if right else x)


def _builders():
    import sympy

    three = sympy.Rational(1, 3)
    kappa_plus = p("kappa_plus") * (p("lambda") / sympy.Float("0.225")) ** 8 * (1 + p("Delta_EM"))
    sm_bracket = _kaon_bracket(lambda_t("sd") * p("Xt"))
    brackets = sympy.Add(*[_kaon_bracket(_kaon_x_eff(a, b), charm=a == b) for a, b in PAIRS])
    kplus_general = p("BR_Kpinunu_SM") * three * brackets / sm_bracket
    kplus_absolute = kappa_plus * three * brackets
    x_tau_paper = lambda_t("sd") * (p("Xt") + paper_coefficient("sd"))
    kplus_paper = 2 * three * p("BR_Kpinunu_SM") + kappa_plus * three * _kaon_bracket(x_tau_paper)
    im_sm = sympy.im(lambda_t("sd"), evaluate=False) * p("Xt")
    kl_general = (
        p("BR_KLpinunu_SM")
        * three
        * sympy.Add(*[sympy.im(_kaon_x_eff(a, b), evaluate=False) ** 2 for a, b in PAIRS])
        / im_sm**2
    )
    eq8 = "Eq. (8) of Chen & Chiang 2024 (tau neutrinos, left-handed only)"
    yield observable(
        "BR(B+->Knunu)",
        p("BR_BKnunu_SM") * _ratio_pseudoscalar("bs"),
        latex=r"\mathcal{B}(B^+\to K^+\nu\bar\nu)",
        reference="Eqs. (8)-(9) of Chen & Chiang 2024; "
        "arXiv:1409.4557 (general C_L, C_R, all neutrino flavours)",
        description="B+ -> K+ nu nubar branching ratio, summed over neutrino flavours",
        approximations={"paper": (p("BR_BKnunu_SM") * _r_nu_paper("bs"), eq8)},
    )
    yield observable(
        "BR(B0->K*nunu)",
        p("BR_BKstarnunu_SM") * _ratio_vector("bs", "kappa_eta_Kstar"),
        latex=r"\mathcal{B}(B^0\to K^{*0}\nu\bar\nu)",
        reference="Eqs. (8)-(9) of Chen & Chiang 2024; arXiv:1409.4557 (epsilon_l, eta_l, kappa_eta)",
        description="B0 -> K*0 nu nubar branching ratio, summed over neutrino flavours",
        approximations={"paper": (p("BR_BKstarnunu_SM") * _r_nu_paper("bs"), eq8)},
    )
    yield observable(
        "BR(B+->pinunu)",
        p("BR_Bpinunu_SM") * _ratio_pseudoscalar("bd"),
        latex=r"\mathcal{B}(B^+\to \pi^+\nu\bar\nu)",
        reference="Sec. II of Chen & Chiang 2024 (analogue of eq. 8 for b -> d); arXiv:1409.4557",
        description="B+ -> pi+ nu nubar branching ratio, summed over neutrino flavours",
        approximations={"paper": (p("BR_Bpinunu_SM") * _r_nu_paper("bd"), "Sec. II, analogue of eq. (8)")},
    )
    yield observable(
        "BR(B+->rhonunu)",
        p("BR_Brhonunu_SM") * _ratio_vector("bd", "kappa_eta_rho"),
        latex=r"\mathcal{B}(B^+\to \rho^+\nu\bar\nu)",
        reference="Sec. II of Chen & Chiang 2024 (analogue of eq. 8 for b -> d); arXiv:1409.4557",
        description="B+ -> rho+ nu nubar branching ratio, summed over neutrino flavours",
        approximations={"paper": (p("BR_Brhonunu_SM") * _r_nu_paper("bd"), "Sec. II, analogue of eq. (8)")},
    )
    yield observable(
        "BR(K+->pinunu)",
        kplus_general,
        latex=r"\mathcal{B}(K^+\to\pi^+\nu\bar\nu)",
        reference="Eq. (10) of Chen & Chiang 2024; "
        "arXiv:1503.02693 eq. (6), normalised to the SM prediction of eq. (12)",
        description="K+ -> pi+ nu nubar branching ratio, summed over neutrino flavours",
        approximations={
            "paper": (kplus_paper, "Eq. (10) of Chen & Chiang 2024"),
            "absolute": (kplus_absolute, "arXiv:1503.02693 eq. (6) with kappa_+ of eq. (10)"),
        },
    )
    yield observable(
        "BR(KL->pinunu)",
        kl_general,
        latex=r"\mathcal{B}(K_L\to\pi^0\nu\bar\nu)",
        reference="Sum over flavours of [Im(lambda_t X_l)]^2, "
        "arXiv:1503.02693 eq. (9), normalised to eq. (12) of Chen & Chiang 2024",
        description="K_L -> pi0 nu nubar branching ratio, summed over neutrino flavours",
        approximations={
            "paper": (
                p("BR_KLpinunu_SM") * _r_nu_paper("bs"),
                "Eq. (11) of Chen & Chiang 2024 (R^nu of b -> s)",
            ),
            "aligned": (
                p("BR_KLpinunu_SM") * _r_nu_paper("sd"),
                "Eq. (11) with the s -> d coefficient: exact only if C^{S1}_{L,sd} is real",
            ),
        },
    )
    yield observable(
        "R_nu",
        _ratio_pseudoscalar("bs"),
        latex=r"R^\nu",
        reference="Eqs. (2) and (8) of Chen & Chiang 2024",
        description="B(B+ -> K+ nu nubar) / B(B+ -> K+ nu nubar)_SM",
        approximations={"paper": (_r_nu_paper("bs"), "Eq. (8) of Chen & Chiang 2024")},
    )


def build() -> tuple[Observable, ...]:
    """The d_i → d_j νν̄ observables; B decays read the coefficients at m_b, K decays at 2 GeV."""
    import attrs

    from lqmodel.physics.running import B_DECAY_SCALE, K_SCALE

    kaons = ("BR(K+->pinunu)", "BR(KL->pinunu)")
    return tuple(attrs.evolve(o, scale=K_SCALE if o.name in kaons else B_DECAY_SCALE) for o in _builders())
