"""The light Z′ of a gauged U(1)′ (the paper's U(1)_{Lμ−Lτ}): b → sZ′, B → K(*)Z′, its kinetic mixing, Δa_μ.

These have no WET form: they take the Z′ parameters ``g_Zp``, ``m_Zp`` and ``epsilon``, and the
quantities the model's charges fix (``Q_Zp_mu``, ``eps_per_g_Zp``: ``Model.derived_inputs``), so
they exist only for a model that declares the boson (``U1(..., boson="Zp")``).  The
Z′ couples to quarks through kinetic mixing, −ε e J_em^μ Z′_μ (ref. [78] of Chen & Chiang 2024),
with e = √(4π α(0)) since the Z′ is on shell at q² = m_Z′² ≈ 0.
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p

__all__ = ["build", "i0_closed_form", "kallen", "z_prime_amu", "z_prime_amu_formula"]


def kallen(a, b, c):
    """Källén function λ(a, b, c) = a² + b² + c² − 2ab − 2ac − 2bc."""
    return a**2 + b**2 + c**2 - 2 * a * b - 2 * a * c - 2 * b * c


def i0_closed_form(x):
    """∫₀¹ y/(1 + (x−1)y) dy = 1/(x−1) − ln x/(x−1)² (eq. 14 of Chen & Chiang 2024)."""
    import sympy

    return 1 / (x - 1) - sympy.log(x) / (x - 1) ** 2


def _amu_loop(r):
    """F(r) = ∫₀¹ x²(1−x)/(x² + (1−x) r) dx, r = m_Z′²/m_μ², in closed form (F(0) = 1/2).

    F = 1/2 − r − r(2−r)/2 ln r + (−r + 2r² − r³/2) J(r) with J = ∫₀¹ dx/(x² − r x + r); for
    r > 4, J = ln(s − 1)/√(r(r−4)) with s = (r + √(r(r−4)))/2 (free of cancellations).  The
    terms cancel to O(1/r), so above r = 1000 the asymptotic series
    1/(3r) + (25/12 − ln r)/r² + (9.698 − 6 ln r)/r³ is used (relative error < 1e-6; the last
    coefficients were fitted to 60-digit quadrature).
    """
    import sympy

    root = sympy.sqrt(r * (4 - r))
    j_below = 2 / root * (sympy.atan((2 - r) / root) + sympy.atan(sympy.sqrt(r / (4 - r))))
    root_above = sympy.sqrt(r * (r - 4))
    j_above = sympy.log((r + root_above) / 2 - 1) / root_above
    closed = (
        sympy.Rational(1, 2)
        - r
        - r * (2 - r) / 2 * sympy.log(r)
        + (-r + 2 * r**2 - r**3 / 2) * sympy.Symbol("J")
    )
    series = (
        1 / (3 * r)
        + (sympy.Rational(25, 12) - sympy.log(r)) / r**2
        + (sympy.Float("9.698") - 6 * sympy.log(r)) / r**3
    )
    J = sympy.Symbol("J")
    return sympy.Piecewise(
        (closed.xreplace({J: j_below}), r < 4), (closed.xreplace({J: j_above}), r < 1000), (series, True)
    )


def _builders():
    import sympy

    y = sympy.Symbol("y", positive=True)
    xt = p("m_t") ** 2 / p("m_W") ** 2
    i0 = i0_closed_form(xt)
    e = sympy.sqrt(4 * sympy.pi * p("alpha_em_0"))
    from lqmodel.symbols.ckm import ckm_symbols

    V = ckm_symbols()

    def coupling(epsilon):
        return (
            4
            * sympy.sqrt(2)
            * p("GF")
            * sympy.conjugate(V[2, 1])
            * V[2, 2]
            / (4 * sympy.pi) ** 2
            * p("m_t") ** 2
            * sympy.Rational(2, 3)
            * e
            * epsilon
            * i0
        )

    # ε: the kinetic mixing the model's lepton loops induce from g_Z' (one epsilon for every Z'
    # observable); the paper's forms take its quoted input epsilon = 9.4e-6
    czp, czp_paper = coupling(p("g_Zp") * p("eps_per_g_Zp")), coupling(p("epsilon"))
    yield observable(
        "I0(x_t)",
        i0,
        latex=r"I_0(x_t)",
        reference="Eq. (14) of Chen & Chiang 2024 (closed form)",
        description="loop function of the b -> s Z' penguin, x_t = m_t^2/m_W^2",
        approximations={"integral": (sympy.Integral(y / (1 + (xt - 1) * y), (y, 0, 1)), "Eq. (14)")},
    )
    yield observable(
        "C_Zp",
        czp,
        latex=r"C_{Z'}",
        reference="Eq. (13) of Chen & Chiang 2024 with epsilon = epsilon_Zp from g_Z'",
        description="b -> s Z' coupling, H = -C_Z' (s gamma^mu P_L b) Z'_mu (alpha(0) in e)",
        approximations={"paper": (czp_paper, "Eq. (13) of Chen & Chiang 2024 with their epsilon = 9.4e-6")},
    )
    mzp2 = p("m_Zp") ** 2
    mb, mk = p("m_Bplus"), p("m_Kplus")
    lam_k = kallen(mb**2, mk**2, mzp2)
    yield observable(
        "BR(B+->KZp)",
        p("tau_Bplus")
        * sympy.Abs(czp) ** 2
        * p("f_plus_BK_at_mZp") ** 2
        * lam_k ** sympy.Rational(3, 2)
        / (64 * sympy.pi * mb**3 * mzp2),
        latex=r"\mathcal{B}(B^+\to K^+ Z')",
        reference="Eq. (16) of Chen & Chiang 2024 with the "
        "full phase space lambda^{3/2}/m_B^3 (the paper sets m_K, m_Z' -> 0 there)",
        description="B+ -> K+ Z' branching ratio (on-shell Z')",
        approximations={
            "paper": (
                p("tau_Bplus")
                * mb
                * sympy.Abs(czp_paper * p("f_plus_BK_at_mZp")) ** 2
                * mb**2
                / (64 * sympy.pi * mzp2),
                "Eq. (16) of Chen & Chiang 2024",
            )
        },
    )
    md, mv = p("m_Bd"), p("m_Kstar0")
    lam_v = kallen(md**2, mv**2, mzp2)
    h0 = 8 * md * mv * p("A12_BKstar_at_mZp") / p("m_Zp")
    a1, vv = (md + mv) * p("A1_BKstar_0"), sympy.sqrt(lam_v) * p("V_BKstar_0") / (md + mv)
    helicities = h0**2 + (a1 - vv) ** 2 + (a1 + vv) ** 2
    yield observable(
        "BR(B0->K*Zp)",
        p("tau_Bd") * sympy.Abs(czp) ** 2 * sympy.sqrt(lam_v) * helicities / (64 * sympy.pi * md**3),
        latex=r"\mathcal{B}(B^0\to K^{*0} Z')",
        reference="Eq. (17) of Chen & Chiang 2024 plus the "
        "transverse helicities (A_1, V at q^2 = 0) and the full phase space",
        description="B0 -> K*0 Z' branching ratio (on-shell Z')",
        approximations={
            "paper": (
                p("tau_Bd")
                * md
                * sympy.Abs(czp_paper * p("A12_BKstar_at_mZp")) ** 2
                * mv**2
                / (sympy.pi * mzp2),
                "Eq. (17) of Chen & Chiang 2024",
            )
        },
    )
    yield observable(
        "epsilon_Zp",
        p("g_Zp") * p("eps_per_g_Zp"),
        latex=r"\epsilon",
        reference="one-loop kinetic mixing of the Z' with the photon from the charged-lepton loops, "
        "epsilon = (e g_Z'/12 pi^2) sum_l Q_l Q'_l ln m_l^2 at q^2 = 0 (for U(1)_{Lmu-Ltau}: "
        "e g_Z' ln(m_tau^2/m_mu^2)/(12 pi^2) ~ g_Z'/70, arXiv:1901.02010)",
        description="kinetic mixing induced by the lepton loops, from the model's U(1)' charges",
        approximations={
            "paper": (
                e * p("g_Zp") * sympy.log(p("m_tau") ** 2 / p("m_mu") ** 2) / (12 * sympy.pi**2),
                "Chen & Chiang 2024 after eq. (13), ref. [78]: the mu and tau loops of U(1)_{Lmu-Ltau}",
            )
        },
    )
    yield z_prime_amu("mu")


def z_prime_amu_formula(lepton: str, charge=None):
    """Δa_ℓ from a vector Z′ with coupling g Q′_ℓ: (g Q′_ℓ)²/(4π²) F(m_Z′²/m_ℓ²), g²Q′²/(8π²) at m_Z′ → 0.

    ``charge`` defaults to the model's derived ``Q_Zp_<lepton>``; returns (closed form, integral).
    """
    import sympy

    x = sympy.Symbol("x", positive=True)
    q = p(f"Q_Zp_{lepton}") if charge is None else charge
    r = p("m_Zp") ** 2 / p(f"m_{lepton}") ** 2
    pref = (p("g_Zp") * q) ** 2 / (4 * sympy.pi**2)
    integral = sympy.Integral(x**2 * (1 - x) / (x**2 + (1 - x) * r), (x, 0, 1))
    return pref * _amu_loop(r), pref * integral


def z_prime_amu(lepton: str) -> Observable:
    """The Z′ loop alone, ``Delta_a_<lepton>_Zp``."""
    closed, integral = z_prime_amu_formula(lepton)
    tex = {"e": "e", "mu": r"\mu", "tau": r"\tau"}[lepton]
    return observable(
        f"Delta_a_{lepton}_Zp",
        closed,
        latex=rf"\Delta a_{tex}^{{Z'}}",
        reference="one-loop vector exchange with coupling g_Z' Q'_l (e.g. arXiv:1403.2309, "
        "Altmannshofer et al.); g^2 Q'^2/(8 pi^2) for m_Z' -> 0",
        description=f"Z' loop contribution to the {lepton} anomalous magnetic moment",
        approximations={"integral": (integral, "Feynman-parameter integral")},
    )


def build() -> tuple[Observable, ...]:
    """The Z′ observables."""
    return tuple(_builders())
