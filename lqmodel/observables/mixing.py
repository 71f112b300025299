"""ΔF = 2: the new-physics parts of ΔM_K, ΔM_d, ΔM_s and x_D from a general ΔF = 2 L_eff.

Conventions.  L ⊃ Σ_S C_S O_S + h.c. with O_S = (q̄_1 Γ q_2)(q̄_1 Γ' q_2), colour-singlet
bilinears, S ∈ {VLL, VRR, VLR, SLL, SRR, SLR, TLL, TRR} (VRL ≡ VLR, SRL ≡ SLR); the operator that
turns M̄ into M: (d̄ s)² for K⁰, (d̄ b)² for B_d, (s̄ b)² for B_s, (c̄ u)² for D⁰.  The C_S are read
from the JMS coefficients (VddLL, VddRR, V1ddLR, V8ddLR, S1ddRR, S8ddRR and the uu ones) with
:func:`lqmodel.physics.bases.df2_chiral` (colour-octet operators re-paired with lqmodel.fierz).

* M12 = ⟨M|H_eff|M̄⟩/(2 m_M) = −Σ_S C_S ⟨M|O_S|M̄⟩/(2 m_M) (H = −L; flavio's definition,
  flavio/physics/mesonmixing/amplitude.py), with matrix elements in the SUSY basis O1..O5
  (⟨O1⟩ = (2/3) m² f² B1, ⟨O_i⟩ = c_i r m² f² B_i, c = (−5/12, 1/12, 1/2, 1/6),
  r = (m_M/(m_q1 + m_q2))², MSbar masses at the scale); the map of TLL and VLR onto O3 and O5
  is derived with lqmodel.fierz, not typed.  The coefficients are taken at the scale of the
  B-parameters: 4.2 GeV for B_d, B_s, 2 GeV for K and D (run there from the matching scale).
* ΔM_q^NP = 2|M12^SM + M12^NP| − 2|M12^SM| for B_q (Γ12 neglected), with M12^SM =
  (G_F² m_W²/12π²) m_B f² B̂ η_B S0(x_t) (V_tb V_tq*)² (Buchalla, Buras, Lautenbacher,
  RMP 68 (1996) 1125, Sec. XII); ΔM_K^NP = 2 Re M12^NP (the SM part adds linearly);
  x_D^NP = 2|M12^NP| τ_D (the SM part of D mixing is long-distance and not computed).
* The ``paper`` form is eq. (23) of Chen & Chiang 2024: (2/3) f²B m |C| (Re C for K) with the
  paper's f√B and the coefficient at the matching scale, no running and no SM interference.
"""

from __future__ import annotations

from functools import cache

from lqmodel.core.cache import derivation
from lqmodel.observables.base import Observable, observable, p

__all__ = ["MESONS", "build", "m12_np", "m12_sm", "matrix_elements", "susy_decomposition"]

STRUCTS = ("VLL", "VRR", "VLR", "SLL", "SRR", "SLR", "TLL", "TRR")
_ALIASES = {"VRL": "VLR", "SRL": "SLR"}
SUSY_C = {2: (-5, 12), 3: (1, 12), 4: (1, 2), 5: (1, 6)}  # c_i of ⟨O_i⟩ = c_i r m² f² B_i

#: meson -> (species, (f1, f2) of the M̄ → M operator (q̄_f1 q_f2)², mass, decay constant,
#: bag-parameter suffix, MSbar quark masses at the scale, scale in GeV)
MESONS = {
    "K0": ("d", (0, 1), "m_K", "f_K", "K", ("ms_2GeV", "md_2GeV"), 2.0),
    "B0": ("d", (0, 2), "m_Bd", "f_Bd", "Bd", ("mb_4p2GeV", "md_4p2GeV"), 4.2),
    "Bs": ("d", (1, 2), "m_Bs", "f_Bs", "Bs", ("mb_4p2GeV", "ms_4p2GeV"), 4.2),
    "D0": ("u", (1, 0), "m_D0", "f_D", "D", ("mc_2GeV", "mu_2GeV"), 2.0),
}


@derivation
def _colour_fierz(structure: str) -> dict[str, object]:
    """(q̄1^a Γ q2^b)(q̄3^b Γ' q4^a), the colour-crossed S, in colour-singlet structures.

    Reordering the fields to (q̄1 q4)(q̄3 q2) puts colour in singlet form; the Dirac tensor
    (sign −1 for the transposition) is projected with lqmodel.physics.fierz.decompose.
    """
    from lqmodel.physics.fierz import decompose, structure_tensor

    t = structure_tensor(structure)
    flat = [0] * 256
    for idx, v in enumerate(t):
        if v != 0:
            a, b, c, d = idx // 64, (idx // 16) % 4, (idx // 4) % 4, idx % 4
            flat[((a * 4 + d) * 4 + c) * 4 + b] -= v
    out: dict[str, object] = {}
    for name, c in decompose(flat).items():
        name = _ALIASES.get(name, name)
        out[name] = out.get(name, 0) + c
    return out


@cache
def susy_decomposition() -> dict[str, dict[int, object]]:
    """Each colour-singlet structure as Σ k_i O_i of the SUSY basis (O1 = VLL, O2 = SLL,
    O3 = colour-crossed SLL, O4 = SLR, O5 = colour-crossed SLR; parity images for R).

    O3 = a SLL + b TLL  ⇒  TLL = (O3 − a O2)/b;   VLR = d × (colour-crossed SLR) = d O5.
    """
    crossed_sll = _colour_fierz("SLL")
    a, b = crossed_sll.get("SLL", 0), crossed_sll.get("TLL", 0)
    vlr = _colour_fierz("VLR")
    if set(crossed_sll) != {"SLL", "TLL"} or set(vlr) != {"SLR"}:
        raise AssertionError("unexpected colour Fierz identities")
    tll = {3: 1 / b, 2: -a / b}
    return {
        "VLL": {1: 1},
        "VRR": {1: 1},
        "SLL": {2: 1},
        "SRR": {2: 1},
        "SLR": {4: 1},
        "TLL": tll,
        "TRR": tll,
        "VLR": {5: vlr["SLR"]},
    }


def matrix_elements(meson: str) -> dict[str, object]:
    """{S: ⟨M|O_S|M̄⟩/(2 m_M)} in GeV³, sympy expressions in the input parameters."""
    import sympy as sp

    _, _, mass, fconst, bag, (mq1, mq2), _ = MESONS[meson]
    mM, f = p(mass), p(fconst)
    r = (mM / (p(mq1) + p(mq2))) ** 2
    susy = {1: sp.Rational(2, 3) * mM**2 * f**2 * p(f"B1_{bag}")}
    for i, (num, den) in SUSY_C.items():
        susy[i] = sp.Rational(num, den) * r * mM**2 * f**2 * p(f"B{i}_{bag}")
    return {s: sum(k * susy[i] for i, k in susy_decomposition()[s].items()) / (2 * mM) for s in STRUCTS}


def _chiral(meson: str) -> dict[str, object]:
    """The chiral coefficients of the meson's M̄ → M operator, in JMS symbols."""
    from lqmodel.physics.bases import df2_chiral, df2_jms_names
    from lqmodel.symbols.wet import wet_symbol

    species, (f1, f2), *_ = MESONS[meson]
    lo, hi = min(f1, f2) + 1, max(f1, f2) + 1
    jms = {n: wet_symbol(n) for n in df2_jms_names(species, lo, hi)}
    return df2_chiral(jms, species, f1, f2)


def m12_np(meson: str):
    """M12^NP (GeV) in the JMS symbols of the meson's ΔF = 2 operators (at the hadronic scale)."""
    me = matrix_elements(meson)
    return sum(-c * me[_ALIASES.get(s, s)] for s, c in _chiral(meson).items())


def _s0(x):
    """S0(x) = (4x − 11x² + x³)/(4(1−x)²) − 3x³ ln x/(2(1−x)³): the top box with GIM
    (Inami & Lim, PTP 65 (1981) 297; Buchalla, Buras, Lautenbacher 1996, Sec. XII)."""
    import sympy as sp

    return (4 * x - 11 * x**2 + x**3) / (4 * (1 - x) ** 2) - 3 * x**3 * sp.log(x) / (2 * (1 - x) ** 3)


def _bhat(alpha_s, nf: int):
    """b(μ) with B̂ = b(μ) B1(μ): α_s^{−γ0/(2β0)} [1 + α_s/(4π)(γ0β1/(2β0²) − γ1/(2β0))], NLO NDR
    (γ0 = 4, γ1 = −7 + 4n_f/9; Buras, Jamin, Weisz, NPB 347 (1990) 491)."""
    import sympy as sp

    g0, g1 = 4, sp.Rational(-7) + sp.Rational(4, 9) * nf
    b0, b1 = 11 - sp.Rational(2, 3) * nf, 102 - sp.Rational(38, 3) * nf
    J = g0 * b1 / (2 * b0**2) - g1 / (2 * b0)
    return alpha_s ** (-sp.Rational(g0, 1) / (2 * b0)) * (1 + alpha_s / (4 * sp.pi) * J)


def m12_sm(meson: str):
    """M12^SM (GeV) of B_d or B_s, short distance, in lqmodel's CKM symbols:
    (G_F² m_W²/12π²) m_B f² B̂ η_B S0(x_t) (V_tb V_tq*)², x_t = m_t(m_t)²/m_W²."""
    import sympy as sp

    from lqmodel.symbols.ckm import ckm_symbols

    V = ckm_symbols()
    _, (q, _), mass, fconst, bag, _, _ = MESONS[meson]
    GF, mW = p("GF"), p("m_W")
    pref = GF**2 * mW**2 / (12 * sp.pi**2) * p(mass) * p(fconst) ** 2 * p(f"B1_{bag}")
    xt = p("mt_mt") ** 2 / mW**2
    xi_t = V[2, 2] * sp.conjugate(V[2, q])
    return pref * _bhat(p("alpha_s_4p2GeV"), 5) * p("eta_B") * _s0(xt) * xi_t**2


def _builders():
    import sympy

    from lqmodel.symbols.wet import wet_symbol

    two3 = sympy.Rational(2, 3)
    eq23 = "Eq. (23) of Chen & Chiang 2024 (VLL only, the paper's f sqrt(B), no running)"
    general = (
        "all eight chiral structures with lattice B-parameters at {mu} GeV (flavio 2.7.1's inputs; "
        "Buras-Misiak-Urban hep-ph/0005183 basis), coefficients run there"
    )
    m12k = m12_np("K0")
    yield observable(
        "DeltaM_K_NP",
        2 * sympy.re(m12k, evaluate=False),
        unit="GeV",
        latex=r"\Delta m_K^\mathrm{NP}",
        reference="2 Re M12^NP; " + general.format(mu=2),
        description="new-physics contribution to the K0-K0bar mass difference, 2 Re M12 (may be negative)",
        scale=2.0,
        scales={"paper": None},
        approximations={
            "paper": (-two3 * p("fK_sqrtBK") ** 2 * p("m_K") * sympy.re(wet_symbol("VddLL_1212")), eq23)
        },
    )
    for meson, name, vll, fb, mass in (
        ("B0", "DeltaM_d_NP", "VddLL_1313", "fBd_sqrtBBd", "m_Bd"),
        ("Bs", "DeltaM_s_NP", "VddLL_2323", "fBs_sqrtBBs", "m_Bs"),
    ):
        sm, np_ = m12_sm(meson), m12_np(meson)
        # 2|a + b| − 2|a| written as 2(2 Re(a* b) + |b|²)/(|a + b| + |a|): exactly 0 at b = 0, and no
        # cancellation between two numbers of the size of the SM's when b is small
        total, alone = sympy.Abs(sm + np_, evaluate=False), sympy.Abs(sm, evaluate=False)
        interference = (
            2
            * (2 * sympy.re(sympy.conjugate(sm) * np_) + sympy.Abs(np_, evaluate=False) ** 2)
            / (total + alone)
        )
        yield observable(
            name,
            interference,
            unit="GeV",
            latex=rf"\Delta m_{{B_{name[7]}}}^\mathrm{{NP}}",
            reference="2|M12^SM + M12^NP| - 2|M12^SM|; " + general.format(mu=4.2),
            description=f"change of the B{name[7]} mass difference by new physics, with SM interference",
            scale=4.2,
            scales={"paper": None},
            approximations={"paper": (two3 * p(fb) ** 2 * p(mass) * sympy.Abs(wet_symbol(vll)), eq23)},
        )
    yield observable(
        "x_D_NP",
        2 * sympy.Abs(m12_np("D0"), evaluate=False) * p("tau_D0"),
        latex=r"x_D^\mathrm{NP}",
        reference="2|M12^NP| tau_D; " + general.format(mu=2),
        description="new-physics short-distance part of the D0 mixing parameter x = Delta M_D tau_D",
        scale=2.0,
    )


def build() -> tuple[Observable, ...]:
    """The ΔF = 2 observables."""
    return tuple(_builders())
