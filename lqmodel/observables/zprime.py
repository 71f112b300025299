"""The light Z′ of a gauged U(1)′ (the paper's U(1)_{Lμ−Lτ}): b → sZ′, B → K(*)Z′, its kinetic mixing, Δa_μ.

These have no WET form: they take the Z′ parameters ``g_Zp`` and ``m_Zp`` and the quantities the
model's charges fix (``Q_Zp_mu``, ``eps_per_g_Zp``: ``Model.derived_inputs``), so they exist
only for a model that declares the boson (``U1(..., boson="Zp")``).  The Z′ couples to quarks
through kinetic mixing, −ε e J_em^μ Z′_μ (ref. [78] of Chen & Chiang 2024), with
e = √(4π α(0)) since the Z′ is on shell at q² = m_Z′² ≈ 0.

**One ε.**  Every general form reads ε = g_Zp × eps_per_g_Zp: the value the lepton loops induce,
or, when the user sets ``epsilon``, that value (the model then gives ``eps_per_g_Zp =
epsilon/g_Zp``; ``Model.with_set_inputs``).  The paper forms of eqs. (13), (16), (17) keep the
paper's input ``epsilon`` (9.4e-6 unless set).

**Current conservation** (general forms).  A kinetically mixed Z′ couples to quarks like a photon
with e → εe, so b → sZ′ is ε times the b → sγ* vertex at q² = m_Z′²:

    Γ^μ = ε N [C9^em (q² γ^μ − q^μ q̸) P_L − 2 m_b iσ^{μν} q_ν (C7 P_R + C7′ P_L)],
    N = (4 G_F/√2) V_tb V_ts* e/(16π²),

the photon-coupled part of the b → sℓℓ effective Hamiltonian with the lepton current replaced by
the Z′ polarisation — a dark photon couples like the photon with e → εe (as in Datta et al.,
JHEP 03 (2023) 108, arXiv:2210.15662); the amplitudes are those of b → sℓℓ, times q²:
arXiv:0709.4174 (B → K) and arXiv:0811.1214 (B → K*).  C9^em = C9 + C10 is the part of C9 that
couples to J_em (the Z-penguin and box parts couple to the lepton doublet and enter C9 and −C10
equally; lqmodel's reading is that the O(m_Z′²/m_Z²) Z admixture of a kinetically mixed Z′
completes the photon penguin as the J_em part of the Z exchange does in C9), with the four-quark
matrix elements; C7 includes them too.  The SM values are flavio 2.7.1's effective coefficients
(the ``zprime_vertex`` table of observables.yaml), split into λ_t and λ_u parts so that the rates
are CP averages as flavio's are; the leptoquark's own b → sγ* loop (< 1% of the SM's at the
paper's couplings) and non-factorisable (QCDF) corrections are not included.  The vector part
vanishes as q² → 0, so B(B → KZ′) ∝ m_Z′² and B(B → K*Z′) → ε² B(B → K*γ) (its transverse,
dipole part; the longitudinal part ∝ m_Z′²).  The paper's eq. (13) instead takes a constant
vector coupling — that of a Z-like, non-conserved current, as for a "dark Z" with mass mixing
(arXiv:1203.2947) — whose longitudinal Z′ gives the 1/m_Z′² growth of eqs. (16) and (17): those
stay as the ``paper`` forms.  Form factors: BSZ z-expansions at q² = m_Z′²
(:func:`bsz_form_factor`).  The rates are 0 above the thresholds m_B − m_K(*)
(:func:`threshold_notes`).
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p, table

__all__ = [
    "THRESHOLDS",
    "bsz_form_factor",
    "build",
    "i0_closed_form",
    "kallen",
    "threshold_notes",
    "z_prime_amu",
    "z_prime_amu_formula",
]


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


def bsz_form_factor(name: str, ff: str, q2, m_parent, m_daughter):
    """Form factor ``ff`` of ``name`` ("B->K": f+, fT; "B->K*": A1, A12, V, T1, T2, T23) at ``q2``.

    F = Σ_k a_k (z(q²) − z(0))^k / (1 − q²/m_R²) with t₀ = t₊(1 − √(1 − t₋/t₊)) (BSZ, arXiv:1503.05534;
    arXiv:1811.00983 for B → K), the coefficients of observables.yaml's ``bsz_form_factors`` as
    flavio 2.7.1 uses them.  The pole mass m_R enters as its ratio to the table's B mass times the
    B mass input ``m_parent``."""
    import sympy

    entry = table("bsz_form_factors")[name]
    tp, tm = (m_parent + m_daughter) ** 2, (m_parent - m_daughter) ** 2
    t0 = tp * (1 - sympy.sqrt(1 - tm / tp))

    def z(t):
        return (sympy.sqrt(tp - t) - sympy.sqrt(tp - t0)) / (sympy.sqrt(tp - t) + sympy.sqrt(tp - t0))

    dz = z(q2) - z(0)
    a = entry[ff]["a"]
    m_pole = sympy.Float(entry[ff]["pole"] / entry["m_B"]) * m_parent
    return sum(sympy.Float(c) * dz**k for k, c in enumerate(a)) / (1 - q2 / m_pole**2)


def _vertex(q2):
    """The SM b → sγ* vertex of the ``zprime_vertex`` table: {name: ((Re, Im) of the λ_t part,
    (Re, Im) of the part multiplying r = λ_u/λ_t)} for ``mC7`` = m_b C7, ``mC7p`` = m_b C7′ and
    ``C9`` = C9^em = c₀ + c₁ ln(q²/m_B²), with m_b = m_b(4.8 GeV), the input m_b(m_b) run as flavio
    runs it.  The CP-conjugate decay takes r*."""
    import sympy

    t = table("zprime_vertex")

    def number(k, factor=1):
        return (sympy.Float(t[k]["re"]) * factor, sympy.Float(t[k]["im"]) * factor)

    mb = sympy.Float(t["mb_run"]) * p("m_b")
    log = sympy.log(q2 / p("m_Bd") ** 2)

    def c9(base):
        (r0, i0), (r1, i1) = number(f"{base}_c0"), number(f"{base}_c1")
        return (r0 + r1 * log, i0 + i1 * log)

    return {
        "mC7": (number("C7", mb), number("C7_u", mb)),
        "mC7p": (number("C7p", mb), (0, 0)),
        "C9": (c9("C9em"), c9("C9em_u")),
    }


def _cp_average(amplitudes, q2, r):
    """Σ_λ |M_λ|² averaged over the decay and its CP conjugate, for M_λ = Σ_i C_i X_iλ with real
    X_iλ (``amplitudes``: {coefficient name: [X_iλ for each helicity]}) and C_i = t_i + r u_i (the
    conjugate decay: r*).  The average is Σ_ij Re⟨C_i C_j*⟩ Σ_λ X_iλ X_jλ with
    Re⟨C_i C_j*⟩ = Re(t_i t_j*) + |r|² Re(u_i u_j*) + Re r Re(t_i u_j* + u_i t_j*), all real algebra
    (the complex form took minutes to compile)."""
    import sympy

    coefficients = _vertex(q2)
    re_r, abs_r2 = (r + sympy.conjugate(r)) / 2, r * sympy.conjugate(r)

    def dot(a, b):  # Re(a b*)
        return a[0] * b[0] + a[1] * b[1]

    total = 0
    for i, xi in amplitudes.items():
        for j, xj in amplitudes.items():
            (ti, ui), (tj, uj) = coefficients[i], coefficients[j]
            bilinear = dot(ti, tj) + abs_r2 * dot(ui, uj) + re_r * (dot(ti, uj) + dot(ui, tj))
            total += bilinear * sum(a * b for a, b in zip(xi, xj, strict=True))
    return total


def _below(m_parent, m_daughter, value):
    """``value`` below the threshold m_Z′ < m_parent − m_daughter, else 0 (by kinematics)."""
    import sympy

    return sympy.Piecewise((value, p("m_Zp") < m_parent - m_daughter), (0, True))


def _builders():
    import sympy

    xt = p("m_t") ** 2 / p("m_W") ** 2
    i0 = i0_closed_form(xt)
    e = sympy.sqrt(4 * sympy.pi * p("alpha_em_0"))
    from lqmodel.symbols.ckm import ckm_symbols

    V = ckm_symbols()
    lam_t = V[2, 2] * sympy.conjugate(V[2, 1])

    def paper_coupling(epsilon):
        """Eq. (13): C_Z' = 4√2 G_F V_ts* V_tb m_t² Q_t e ε I₀(x_t)/(4π)²."""
        return (
            4
            * sympy.sqrt(2)
            * p("GF")
            * lam_t
            / (4 * sympy.pi) ** 2
            * p("m_t") ** 2
            * sympy.Rational(2, 3)
            * e
            * epsilon
            * i0
        )

    # ε: one value for every general form, g_Z' × ε/g (the lepton loops, or epsilon/g_Z' when the
    # user sets epsilon: Model.derived_inputs); the paper's forms take its quoted input epsilon
    eps = p("g_Zp") * p("eps_per_g_Zp")
    czp_paper = paper_coupling(p("epsilon"))
    n = 4 * p("GF") / sympy.sqrt(2) * lam_t * e * eps / (16 * sympy.pi**2)  # GeV^-2
    q2 = p("m_Zp") ** 2
    r = V[0, 2] * sympy.conjugate(V[0, 1]) / lam_t  # λ_u/λ_t; the CP conjugate takes r*
    (t9, u9) = _vertex(q2)["C9"]
    c9 = t9[0] + sympy.I * t9[1] + r * (u9[0] + sympy.I * u9[1])
    yield observable(
        "C_Zp",
        n * q2 * c9,
        latex=r"C_{Z'}",
        reference="vector coupling of the current-conserving b -> s Z' vertex at q^2 = m_Z'^2: "
        "(4 G_F/sqrt2) V_tb V_ts* e epsilon m_Z'^2 C9^em/(16 pi^2) (zprime.py docstring)",
        description="b -> s Z' coupling, H = -C_Z' (s gamma^mu P_L b) Z'_mu (alpha(0) in e), complex",
        complex=True,
        approximations={"paper": (czp_paper, "Eq. (13) of Chen & Chiang 2024 with their epsilon = 9.4e-6")},
    )
    mzp2 = p("m_Zp") ** 2
    mb, mk = p("m_Bplus"), p("m_Kplus")
    lam_k = _below(mb, mk, kallen(mb**2, mk**2, mzp2))
    f_plus, f_t = bsz_form_factor("B->K", "f+", q2, mb, mk), bsz_form_factor("B->K", "fT", q2, mb, mk)

    kaon = {"C9": [f_plus], "mC7": [2 * f_t / (mb + mk)], "mC7p": [2 * f_t / (mb + mk)]}  # f_+ F_V, 0709.4174
    yield observable(
        "BR(B+->KZp)",
        _below(  # the whole rate, as the form factors are complex above (m_B + m_K)^2
            mb,
            mk,
            p("tau_Bplus")
            * sympy.Abs(n) ** 2
            * q2
            * _cp_average(kaon, q2, r)
            * lam_k ** sympy.Rational(3, 2)
            / (64 * sympy.pi * mb**3),
        ),
        latex=r"\mathcal{B}(B^+\to K^+ Z')",
        reference="epsilon times the b -> s gamma* vertex at q^2 = m_Z'^2: "
        "tau |N|^2 q^2 |f_+ C9^em + 2 m_b (C7 + C7') f_T/(m_B + m_K)|^2 lambda^{3/2}/(64 pi m_B^3) "
        "(zprime.py docstring; arXiv:0709.4174, arXiv:1811.00983 form factors); 0 above m_B - m_K",
        description="B+ -> K+ Z' branching ratio (on-shell Z', kinetic mixing)",
        approximations={
            "paper": (
                _below(mb, mk, 1)
                * p("tau_Bplus")
                * mb
                * sympy.Abs(czp_paper * p("f_plus_BK_at_mZp")) ** 2
                * mb**2
                / (64 * sympy.pi * mzp2),
                "Eq. (16) of Chen & Chiang 2024 (0 above m_B - m_K)",
            )
        },
    )
    md, mv = p("m_Bd"), p("m_Kstar0")
    lam_v = _below(md, mv, kallen(md**2, mv**2, mzp2))
    ff = {k: bsz_form_factor("B->K*", k, q2, md, mv) for k in ("A1", "A12", "V", "T1", "T2", "T23")}
    root = sympy.sqrt(lam_v)

    # helicities −, +, 0 in units of N/2: the arXiv:0811.1214 amplitudes times q², split by coefficient
    t_even, t_odd = 2 * (md**2 - mv**2) * ff["T2"], 2 * root * ff["T1"]
    long7 = 8 * md * mv * p("m_Zp") * ff["T23"] / (md + mv)
    kstar = {
        "C9": [
            *(q2 * ((md + mv) * ff["A1"] - sign * root * ff["V"] / (md + mv)) for sign in (-1, 1)),
            8 * md * mv * p("m_Zp") * ff["A12"],
        ],
        "mC7": [t_even + t_odd, t_even - t_odd, long7],
        "mC7p": [-t_even + t_odd, -t_even - t_odd, -long7],
    }
    yield observable(
        "BR(B0->K*Zp)",
        _below(  # the whole rate, as the form factors are complex above (m_B + m_K*)^2
            md,
            mv,
            p("tau_Bd") * sympy.Abs(n) ** 2 / 4 * _cp_average(kstar, q2, r) * root / (16 * sympy.pi * md**3),
        ),
        latex=r"\mathcal{B}(B^0\to K^{*0} Z')",
        reference="epsilon times the b -> s gamma* vertex at q^2 = m_Z'^2, three helicities "
        "(zprime.py docstring; arXiv:0811.1214 amplitudes, arXiv:1503.05534 form factors); "
        "epsilon^2 B(B -> K* gamma) for m_Z' -> 0; 0 above m_B - m_K*",
        description="B0 -> K*0 Z' branching ratio (on-shell Z', kinetic mixing)",
        approximations={
            "paper": (
                _below(md, mv, 1)
                * p("tau_Bd")
                * md
                * sympy.Abs(czp_paper * p("A12_BKstar_at_mZp")) ** 2
                * mv**2
                / (sympy.pi * mzp2),
                "Eq. (17) of Chen & Chiang 2024 (0 above m_B - m_K*)",
            )
        },
    )
    yield observable(
        "epsilon_Zp",
        eps,
        latex=r"\epsilon",
        reference="the kinetic mixing every general Z' formula reads: the one-loop mixing of the Z' with "
        "the photon from the charged-lepton loops, epsilon = (e g_Z'/12 pi^2) sum_l Q_l Q'_l ln m_l^2 at "
        "q^2 = 0 (for U(1)_{Lmu-Ltau}: e g_Z' ln(m_tau^2/m_mu^2)/(12 pi^2) ~ g_Z'/70, arXiv:1901.02010), "
        "or the epsilon set",
        description="Z'-photon kinetic mixing: from g_Z' and the model's U(1)' charges, or as set",
        approximations={
            "paper": (
                e * p("g_Zp") * sympy.log(p("m_tau") ** 2 / p("m_mu") ** 2) / (12 * sympy.pi**2),
                "Chen & Chiang 2024 after eq. (13), ref. [78]: the mu and tau loops of U(1)_{Lmu-Ltau}",
            )
        },
    )
    yield z_prime_amu("mu")


#: The B → K(*)Z′ rates and their thresholds: (parent mass, daughter mass, decay).
THRESHOLDS = {
    "BR(B+->KZp)": ("m_Bplus", "m_Kplus", "B+ -> K+ Z'"),
    "BR(B0->K*Zp)": ("m_Bd", "m_Kstar0", "B0 -> K*0 Z'"),
}


def threshold_notes(value, names) -> dict[str, str]:
    """Why a B → K(*)Z′ rate among ``names`` is 0 at a point: m_Z′ at or above m_B − m_K(*).

    ``value(name)`` gives an input's value at the point in GeV units (no sympy needed: the warm
    path of ``Study.at`` calls this).  Returns {observable: note} for the rates that are 0 there.
    """
    notes = {}
    for name, (parent, daughter, decay) in THRESHOLDS.items():
        if name not in names:
            continue
        m, top = float(value("m_Zp")), float(value(parent)) - float(value(daughter))
        if m >= top:
            notes[name] = (
                f"0: m_Zp = {m:.6g} GeV is at or above the threshold {parent} - {daughter} = {top:.6g} GeV, "
                f"so {decay} is forbidden by kinematics"
            )
    return notes


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
