"""b → cℓν̄ for ℓ = e, μ, τ and any neutrino flavour: R(D(*)), R_τμ, R_μe, P_τ(D(*)), F_L(D*), B(B_c → τν̄).

Coefficients.  flavio's basis (WCxf ``WET``/``flavio``, sectors ``cbenu``, ``cbmunu``, ``cbtaunu``):
L = −(4G_F/√2) V_cb Σ_X C_X^{ℓν} O_X^{ℓν} + h.c. with O_VL = (c̄γ^μP_Lb)(ℓ̄γ_μP_Lν), O_VR = (c̄γ^μP_Rb)(…),
O_SL = (c̄P_Lb)(ℓ̄P_Lν), O_SR = (c̄P_Rb)(ℓ̄P_Lν), O_T = (c̄σ^{μν}P_Lb)(ℓ̄σ_{μν}P_Lν).  The JMS operator
O_{prst} = (ν̄_p Γ e_r)(d̄_s Γ' u_t) with (p, r, s, t) = (ν, ℓ, b, c) = (ν, ℓ, 3, 2) is O_X†, so
C_X^{ℓν} = −conj(C_JMS)/((4G_F/√2) V_cb) (:func:`cbln_coefficients`; e.g. CVL_bctaunumu ↔ VnueduLL_2332).

Rates.  Γ(B̄ → D^(*) ℓ ν̄)/Γ_SM, summed over the neutrino flavour ν, is Σ_ν Q(z_ν) with Q(z) = Σ_ij H_ij
Re(z_i* z_j) and z = (η_EW δ_ℓν + C_VL, C_VR, C_SL, C_SR, C_T)/η_EW (:func:`z_vector`): flavio's SM
coefficient is η_EW = 1 + α_e/π ln(M_Z/4.8 GeV) (parameter ``eta_EW_cb``), the NP coefficients are read
as the full coefficients at 4.8 GeV (as flavio reads a WCxf file).  Different neutrino flavours do not
interfere (only ν = ν_ℓ has an SM part), as in flavio's ``get_angularcoeff``.  The rates are exactly
quadratic in the coefficients; H is measured from flavio 2.7.1 (the ``tables`` of observables.yaml,
made by tools/bcln/make_tables.py): total rates and the longitudinal-D* rate from flavio's ``BR`` and
``BR_L``; the τ-helicity difference Γ(λ_τ = +½) − Γ(λ_τ = −½) (flavio has no P_τ) from lqmodel's
explicit-spinor computation on flavio's form factors (tools/bcln/engine.py), whose total and
longitudinal rates reproduce flavio's to 2e-5.  The B → D tensor terms correct flavio 2.7.1's B → P
tensor amplitude (a factor √2, docs/observables.md); flavio's
released numbers are the ``flavio271`` approximation.

Coefficients are at 4.8 GeV (flavio's scale for these decays); running to it belongs to the running layer.
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p, table

__all__ = [
    "COEFFICIENTS",
    "LEPTONS",
    "build",
    "cbln_coefficients",
    "cbtaunu_coefficients",
    "jms_name",
    "quadratic_form",
    "rate_ratio",
    "z_vector",
]

LEPTONS = ("e", "mu", "tau")
_GENERATION = {"e": 1, "mu": 2, "tau": 3}
#: flavio coefficient → JMS prefix of the hermitian-conjugate operator.
_JMS_PREFIX = {"CVL": "VnueduLL", "CVR": "VnueduLR", "CSL": "SnueduRR", "CSR": "SnueduRL", "CT": "TnueduRR"}
COEFFICIENTS = tuple(_JMS_PREFIX)
_HADRON = {"D": "B->D", "Dstar": "B->D*"}


def jms_name(x: str, lepton: str, nu: str) -> str:
    """JMS name of flavio's ``x`` (``"CVL"`` …) for ℓ = ``lepton``, ν = ``nu``: index order (ν, ℓ, b, c)."""
    return f"{_JMS_PREFIX[x]}_{_GENERATION[nu]}{_GENERATION[lepton]}32"


def cbln_coefficients(lepton: str, nu: str) -> dict:
    """flavio's C_X for b → cℓν̄_ν in JMS symbols: C_X = −conj(C_JMS)/((4G_F/√2) V_cb)."""
    import sympy

    from lqmodel.symbols.ckm import ckm_symbols
    from lqmodel.symbols.wet import wet_symbol

    norm = 4 * p("GF") / sympy.sqrt(2) * ckm_symbols()[1, 2]
    return {x: -sympy.conjugate(wet_symbol(jms_name(x, lepton, nu))) / norm for x in COEFFICIENTS}


def cbtaunu_coefficients() -> dict:
    """The τν_τ coefficients (the paper's C_V, C_S, C_T of eq. 18 are C_VL, C_SL, C_T)."""
    return cbln_coefficients("tau", "tau")


def z_vector(lepton: str, nu: str) -> tuple:
    """(η δ_ℓν + C_VL, C_VR, C_SL, C_SR, C_T)/η, η = eta_EW_cb: the variables of the tables."""
    c = cbln_coefficients(lepton, nu)
    eta = p("eta_EW_cb")
    sm = 1 if lepton == nu else 0
    return (sm + c["CVL"] / eta, *(c[x] / eta for x in COEFFICIENTS[1:]))


def _matrix(name: str) -> list:
    return table(name)["matrix"]


def quadratic_form(name: str, z) -> object:
    """Σ_ij H_ij Re(z_i* z_j) with H the table ``name`` of tables.yaml."""
    import sympy

    H = _matrix(name)
    terms = []
    for i in range(5):
        if H[i][i] != 0:
            terms.append(sympy.Float(H[i][i]) * sympy.Abs(z[i], evaluate=False) ** 2)
        for j in range(i + 1, 5):
            if H[i][j] != 0:
                terms.append(
                    2 * sympy.Float(H[i][j]) * sympy.re(sympy.conjugate(z[i]) * z[j], evaluate=False)
                )
    return sympy.Add(*terms)


def rate_ratio(mode: str, lepton: str, kind: str = "Gamma", variant: str = "") -> object:
    """Σ_ν Q(z_ν): Γ/Γ_SM of B̄ → ``mode`` ℓ ν̄ summed over ν (``mode`` ``"D"`` or ``"Dstar"``).

    ``kind``: ``"Gamma"`` (total rate), ``"GammaL"`` (longitudinal D*), ``"GammaPol"`` (Γ(λ_τ=+½) −
    Γ(λ_τ=−½), normalised to its SM value; ℓ = τ only).  ``variant="_flavio271"``: flavio 2.7.1 as
    released (B → D only).
    """
    import sympy

    name = f"{kind}_{mode}_{lepton}{variant}"
    return sympy.Add(*(quadratic_form(name, z_vector(lepton, nu)) for nu in LEPTONS))


def _light_average(mode: str, variant: str = ""):
    """flavio's light-lepton denominator of Rtaul: (B_e + B_μ)/2 over its SM value, i.e.
    (Q_e + R_μe^SM Q_μ)/(1 + R_μe^SM) (flavio bplnu/bvlnu ``BR_tot`` with lep='l': average of e and μ)."""
    r = p("Rmue_D_SM" if mode == "D" else "Rmue_Dstar_SM")
    return (rate_ratio(mode, "e", variant=variant) + r * rate_ratio(mode, "mu", variant=variant)) / (1 + r)


def _eq20(key: str, cv, cs, ct, interfere: bool):
    """|1+C_V|² + a|C_S|² + b|C_T|² + Re[c C_S + d C_T] (eq. 20 of Chen & Chiang 2024, ref. [81])."""
    import sympy

    f = {k: sympy.Float(v) for k, v in table("paper_eq20")[key].items()}
    linear = f["S"] * cs + f["T"] * ct
    if interfere:
        linear = sympy.conjugate(1 + cv) * linear
    return (
        sympy.Abs(1 + cv) ** 2
        + f["S2"] * sympy.Abs(cs) ** 2
        + f["T2"] * sympy.Abs(ct) ** 2
        + sympy.re(linear)
    )


def _builders():
    import sympy

    c = cbtaunu_coefficients()
    cv, cs, ct = c["CVL"], c["CSL"], c["CT"]
    eq20 = "Eq. (20{}) of Chen & Chiang 2024 (ref. [81]); tau nu_tau coefficients only"
    flv = "flavio 2.7.1 as released (B -> D tensor terms too small by the factor of docs/derivations/bcln.md)"
    gen = (
        "rates Sum_nu Q(z_nu) fitted to flavio 2.7.1 (tables.yaml), all neutrino flavours; "
        "light-lepton denominator as flavio's: (B_e + B_mu)/2"
    )
    q_d, q_ds = rate_ratio("D", "tau"), rate_ratio("Dstar", "tau")
    rd_p, rds_p = _eq20("RD", cv, cs, ct, False), _eq20("RDstar", cv, cs, ct, False)

    yield observable(
        "Rtaul(B->Dlnu)",
        p("RD_SM") * q_d / _light_average("D"),
        latex="R(D)",
        reference=gen,
        description="R(D) = B(B -> D tau nu)/[(B(B -> D e nu) + B(B -> D mu nu))/2], summed over nu",
        approximations={
            "paper": (p("RD_SM") * rd_p, eq20.format("a")),
            "flavio271": (
                p("RD_SM") * rate_ratio("D", "tau", variant="_flavio271") / _light_average("D", "_flavio271"),
                flv,
            ),
        },
    )
    yield observable(
        "Rtaul(B->D*lnu)",
        p("RDstar_SM") * q_ds / _light_average("Dstar"),
        latex="R(D^*)",
        reference=gen,
        description="R(D*) = B(B -> D* tau nu)/[(B(B -> D* e nu) + B(B -> D* mu nu))/2], summed over nu",
        approximations={"paper": (p("RDstar_SM") * rds_p, eq20.format("b"))},
    )

    # R_τμ^SM = R(D)_SM (B_e + B_μ)/(2 B_μ) = R(D)_SM (1 + 1/R_μe^SM)/2: one source of truth for R_SM.
    for mode, name, rsm, rmue in (
        ("D", "B->Dlnu", "RD_SM", "Rmue_D_SM"),
        ("Dstar", "B->D*lnu", "RDstar_SM", "Rmue_Dstar_SM"),
    ):
        tex = "D" if mode == "D" else "D^*"
        taumu_sm = p(rsm) * (1 + 1 / p(rmue)) / 2
        extra = (
            {
                "flavio271": (
                    taumu_sm
                    * rate_ratio(mode, "tau", variant="_flavio271")
                    / rate_ratio(mode, "mu", variant="_flavio271"),
                    flv,
                )
            }
            if mode == "D"
            else {}
        )
        yield observable(
            f"Rtaumu({name})",
            taumu_sm * rate_ratio(mode, "tau") / rate_ratio(mode, "mu"),
            latex=rf"R_{{\tau\mu}}({tex})",
            reference=gen + f"; R_taumu^SM = {rsm} (1 + 1/{rmue})/2",
            description=f"B({_HADRON[mode]} tau nu)/B({_HADRON[mode]} mu nu), summed over nu",
            approximations=extra,
        )
        extra = (
            {
                "flavio271": (
                    p(rmue)
                    * rate_ratio(mode, "mu", variant="_flavio271")
                    / rate_ratio(mode, "e", variant="_flavio271"),
                    flv,
                )
            }
            if mode == "D"
            else {}
        )
        yield observable(
            f"Rmue({name})",
            p(rmue) * rate_ratio(mode, "mu") / rate_ratio(mode, "e"),
            latex=rf"R_{{\mu e}}({tex})",
            reference=gen,
            description=f"B({_HADRON[mode]} mu nu)/B({_HADRON[mode]} e nu), summed over nu",
            approximations=extra,
        )

    pol = "tau-helicity rate difference from lqmodel's spinor computation on flavio 2.7.1 form factors"
    yield observable(
        "Ptau(B->Dtaunu)",
        p("Ptau_D_SM") * rate_ratio("D", "tau", "GammaPol") / q_d,
        latex=r"P_\tau(D)",
        reference="P_SM x [Sum_nu (G+ - G-)/(G+ - G-)_SM]/[Sum_nu G/G_SM]; " + pol,
        description="tau longitudinal polarisation in B -> D tau nu (tau helicity in the tau-nu frame)",
        approximations={
            "paper": (p("Ptau_D_SM") * _eq20("Ptau_D", cv, cs, ct, False) / rd_p, eq20.format("c"))
        },
    )
    yield observable(
        "Ptau(B->D*taunu)",
        p("Ptau_Dstar_SM") * rate_ratio("Dstar", "tau", "GammaPol") / q_ds,
        latex=r"P_\tau(D^*)",
        reference="P_SM x [Sum_nu (G+ - G-)/(G+ - G-)_SM]/[Sum_nu G/G_SM]; " + pol,
        description="tau longitudinal polarisation in B -> D* tau nu (tau helicity in the tau-nu frame)",
        approximations={
            "paper": (p("Ptau_Dstar_SM") * _eq20("Ptau_Dstar", cv, cs, ct, False) / rds_p, eq20.format("d"))
        },
    )
    yield observable(
        "FLtot(B0->D*taunu)",
        p("FL_Dstar_SM") * rate_ratio("Dstar", "tau", "GammaL") / q_ds,
        latex=r"F_L^{D^*}",
        reference="F_L,SM x Sum_nu Q_L/Sum_nu Q; Gamma_L, Gamma fitted to flavio 2.7.1",
        description="longitudinal D* polarisation fraction in B0 -> D* tau nu",
        approximations={
            "paper": (p("FL_Dstar_SM") * _eq20("FL_Dstar", cv, cs, ct, False) / rds_p, eq20.format("e"))
        },
    )

    # B_c → τν̄: only the axial and pseudoscalar currents; m_b, m_c at the coefficients' scale (4.8 GeV).
    chi = p("m_Bc") ** 2 / (p("m_tau") * (p("m_b_4p8") + p("m_c_4p8")))
    bc = []
    for nu in LEPTONS:
        z = z_vector("tau", nu)
        bc.append(sympy.Abs(z[0] - z[1] + chi * (z[3] - z[2])) ** 2)
    chi_paper = p("m_Bc") ** 2 / (p("m_tau") * (p("m_b") + p("m_c")))
    yield observable(
        "BR(Bc->taunu)",
        p("BR_Bctaunu_SM") * sympy.Add(*bc),
        latex=r"\mathcal{B}(B_c\to\tau\bar\nu)",
        reference="Eq. (21) of Chen & Chiang 2024 with C_VR, C_SR and every nu (flavio blnu.py form); "
        "m_b, m_c MSbar at 4.8 GeV",
        description="B_c -> tau nu branching ratio, summed over the neutrino flavour",
        approximations={
            "paper": (
                p("BR_Bctaunu_SM") * sympy.Abs(1 + cv - chi_paper * cs) ** 2,
                "Eq. (21) of Chen & Chiang 2024",
            )
        },
    )


def build() -> tuple[Observable, ...]:
    """The b → cℓν̄ observables; they read the coefficients at 4.8 GeV (flavio's scale for these decays)."""
    import attrs

    from lqmodel.physics.running import B_DECAY_SCALE, B_SCALE

    # the paper's forms take C_S, C_T at m_b with its running factors (after eq. 19)
    return tuple(attrs.evolve(o, scale=B_DECAY_SCALE, scales={"paper": B_SCALE}) for o in _builders())
