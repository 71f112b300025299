"""b → cτν̄: R(D), R(D*), P_τ(D), P_τ(D*), F_L(D*) and B(B_c → τν̄).

The formulas take flavio's coefficients C_VL, C_VR, C_SL, C_SR, C_T (the paper's C_V, C_S, C_T
of eq. 18 of Chen & Chiang 2024 are C_VL, C_SL, C_T) at m_b, obtained from the JMS symbols by
:func:`cbtaunu_coefficients`.  The running of C_S, C_T from m_S1 to m_b (η_S, η_T) belongs to
the running layer, not here.
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p, table

__all__ = ["CBTAUNU_JMS", "build", "cbtaunu_coefficients"]

#: flavio coefficient ↔ JMS symbol of the hermitian-conjugate operator (τ, ν_τ; b̄ c).
CBTAUNU_JMS = {
    "CVL": "VnueduLL_3332",
    "CVR": "VnueduLR_3332",
    "CSL": "SnueduRR_3332",
    "CSR": "SnueduRL_3332",
    "CT": "TnueduRR_3332",
}


def cbtaunu_coefficients() -> dict:
    """flavio's b → cτν̄ coefficients in JMS symbols: C_X = −conj(C_JMS) / ((4 G_F/√2) V_cb).

    flavio: L = −(4G_F/√2) V_cb Σ C_X O_X + h.c. with O_X = (c̄ Γ b)(τ̄ Γ' ν); the JMS operators
    are the conjugates O_X†, so L ⊃ C_JMS O_X† + conj(C_JMS) O_X.
    """
    import sympy

    from lqmodel.symbols.ckm import ckm_symbols
    from lqmodel.symbols.wet import wet_symbol

    norm = 4 * p("GF") / sympy.sqrt(2) * ckm_symbols()[1, 2]
    return {k: -sympy.conjugate(wet_symbol(v)) / norm for k, v in CBTAUNU_JMS.items()}


def _z():
    c = cbtaunu_coefficients()
    return (1 + c["CVL"], c["CVR"], c["CSL"], c["CSR"], c["CT"])


def _quadratic(name: str):
    """Σ_ij H_ij Re(z_i* z_j) with H from observables.yaml (fitted to flavio 2.7.1)."""
    import sympy

    H = table(name)["matrix"]
    z = _z()
    terms = []
    for i in range(5):
        terms.append(sympy.Float(H[i][i]) * sympy.Abs(z[i]) ** 2)
        for j in range(i + 1, 5):
            if H[i][j] != 0:
                terms.append(2 * sympy.Float(H[i][j]) * sympy.re(sympy.conjugate(z[i]) * z[j]))
    return sympy.Add(*terms)


def _eq20(key: str, cv, cs, ct, interfere: bool):
    """|1+C_V|² + a|C_S|² + b|C_T|² + Re[c C_S + d C_T] (eq. 20); with ``interfere`` the linear
    terms are Re[(1+C_V)* (c C_S + d C_T)], their form for any complex C_V."""
    import sympy

    t = table("paper_eq20")[key]
    f = {k: sympy.Float(v) for k, v in t.items()}
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
    # B → D sees only the vector (C_VL + C_VR) and scalar (C_SL + C_SR) currents; B → D* the
    # axial and pseudoscalar ones too, so C_S enters P_τ(D*) as C_SL − C_SR.
    cv_d, cs_d, cs_ds = c["CVL"] + c["CVR"], c["CSL"] + c["CSR"], c["CSL"] - c["CSR"]
    rd_p, rds_p = _eq20("RD", cv, cs, ct, False), _eq20("RDstar", cv, cs, ct, False)
    rd_gen = _quadratic("RD_flavio")
    rds_gen = _quadratic("RDstar_flavio")
    eq20 = "Eq. (20{}) of Chen & Chiang 2024 (ref. [81])"
    yield observable(
        "Rtaul(B->Dlnu)",
        p("RD_SM") * rd_gen,
        latex="R(D)",
        reference="Eq. (20a) of Chen & Chiang 2024; general quadratic form fitted to flavio 2.7.1",
        description="R(D) = B(B -> D tau nu)/B(B -> D l nu), l = e, mu",
        approximations={"paper": (p("RD_SM") * rd_p, eq20.format("a"))},
    )
    yield observable(
        "Rtaul(B->D*lnu)",
        p("RDstar_SM") * rds_gen,
        latex="R(D^*)",
        reference="Eq. (20b) of Chen & Chiang 2024; general quadratic form fitted to flavio 2.7.1",
        description="R(D*) = B(B -> D* tau nu)/B(B -> D* l nu), l = e, mu",
        approximations={"paper": (p("RDstar_SM") * rds_p, eq20.format("b"))},
    )
    ptd_gen = _eq20("Ptau_D", cv_d, cs_d, ct, True) / _eq20("RD", cv_d, cs_d, ct, True)
    yield observable(
        "Ptau(B->Dtaunu)",
        p("Ptau_D_SM") * ptd_gen,
        latex=r"P_\tau(D)",
        reference="Eq. (20c) of Chen & Chiang 2024 (ref. [81]), for any complex C_VL+C_VR, C_SL+C_SR",
        description="tau longitudinal polarisation in B -> D tau nu",
        approximations={
            "paper": (p("Ptau_D_SM") * _eq20("Ptau_D", cv, cs, ct, False) / rd_p, eq20.format("c"))
        },
    )
    ptds_gen = _eq20("Ptau_Dstar", cv, cs_ds, ct, True) / _eq20("RDstar", cv, cs_ds, ct, True)
    yield observable(
        "Ptau(B->D*taunu)",
        p("Ptau_Dstar_SM") * ptds_gen,
        latex=r"P_\tau(D^*)",
        reference="Eq. (20d) of Chen & Chiang 2024 (ref. [81]), complex C_VL, C_SL-C_SR, C_T; "
        "C_VR is not included (ref. [81]'s simplified form has no C_VR terms)",
        description="tau longitudinal polarisation in B -> D* tau nu",
        approximations={
            "paper": (p("Ptau_Dstar_SM") * _eq20("Ptau_Dstar", cv, cs, ct, False) / rds_p, eq20.format("d"))
        },
    )
    yield observable(
        "FLtot(B0->D*taunu)",
        p("FL_Dstar_SM") * _quadratic("GammaL_Dstar_flavio") / rds_gen,
        latex=r"F_L^{D^*}",
        reference="Eq. (20e) of Chen & Chiang 2024; general: Gamma_L and Gamma "
        "quadratic forms fitted to flavio 2.7.1",
        description="longitudinal D* polarisation fraction in B0 -> D* tau nu",
        approximations={
            "paper": (p("FL_Dstar_SM") * _eq20("FL_Dstar", cv, cs, ct, False) / rds_p, eq20.format("e"))
        },
    )
    chi = p("m_Bc") ** 2 / (p("m_tau") * (p("m_b") + p("m_c")))
    bc = sympy.Abs(1 + c["CVL"] - c["CVR"] + chi * (c["CSR"] - c["CSL"])) ** 2
    yield observable(
        "BR(Bc->taunu)",
        p("BR_Bctaunu_SM") * bc,
        latex=r"\mathcal{B}(B_c\to\tau\bar\nu)",
        reference="Eq. (21) of Chen & Chiang 2024, with C_VR and C_SR added (axial and "
        "pseudoscalar currents); m_b, m_c are MSbar masses at their own scale (the paper does not say)",
        description="B_c -> tau nu branching ratio",
        approximations={
            "paper": (
                p("BR_Bctaunu_SM") * sympy.Abs(1 + cv - chi * cs) ** 2,
                "Eq. (21) of Chen & Chiang 2024",
            )
        },
    )


def build() -> tuple[Observable, ...]:
    """The b → cτν̄ observables; they read the coefficients at m_b (:data:`B_SCALE`)."""
    import attrs

    from lqmodel.physics.running import B_SCALE

    return tuple(attrs.evolve(o, scale=B_SCALE) for o in _builders())
