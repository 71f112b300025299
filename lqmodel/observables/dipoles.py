"""Charged-lepton dipoles: Δa_e, Δa_μ, Δa_τ and ℓ → ℓ′γ from the WET coefficients ``egamma_pr``.

Convention (WCxf/JMS): L ⊃ C_pr (ē_p σ^{μν} P_R e_r) F_μν + h.c. (GeV⁻¹), D_μ = ∂_μ + ieQA_μ,
Q_ℓ = −1.  Then L ⊃ (e a_ℓ/4m_ℓ) ℓ̄σ^{μν}ℓ F_μν gives

* Δa_ℓ = 4 m_ℓ Re C_ℓℓ / e (e = √(4πα(0)), the same e the matching puts into C);
* Γ(ℓ_i → ℓ_j γ) = (m_i² − m_j²)³ (|C_ji|² + |C_ij|²)/(4π m_i³), exact in m_j, no
  interference of the two photon helicities (equal to flavio's ``GammaFvf``).

The coefficients are read at the matching scale: QED running from the heavy mass down to m_ℓ is
not included.  Its leading log, 1 − (4α/π) ln(M/m_ℓ) (Degrassi & Giudice, hep-ph/9803384), is
−9 % for Δa_μ at M = 1.5 TeV, and wilson's running gives −5.5 % for Δa_μ and −11 % for
BR(μ → eγ); the values here are that much too large (docs/observables.md).

``Delta_a_<ℓ>`` is the sum of what the model contributes: the dipole of its heavy fields and,
for a model that declares a Z′ (``U1(..., boson="Zp")``), the Z′ loop (``Delta_a_<ℓ>_Zp``).
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p

__all__ = ["LEPTONS", "build"]

LEPTONS = ("e", "mu", "tau")
_TEX = {"e": "e", "mu": r"\mu", "tau": r"\tau"}
_LIFETIME = {"mu": "tau_mu", "tau": "tau_tau"}
_REFERENCE = (
    "one-loop dipole of the heavy fields (lqmodel.physics.dipoles: Lavoura hep-ph/0302221 in JMS "
    "conventions, checked against Leveille 1978 and the S1, R2 top-quark formulas); no QED running "
    "below the heavy mass"
)


def _egamma(p_: int, r: int):
    from lqmodel.symbols.wet import wet_symbol

    return wet_symbol(f"egamma_{p_}{r}")


def _builders():
    import sympy

    from lqmodel.observables.zprime import z_prime_amu_formula
    from lqmodel.physics.dipoles import electric_charge

    e = electric_charge()  # the e the matching puts into C, so that it cancels
    for i, lep in enumerate(LEPTONS, start=1):
        zp, _ = z_prime_amu_formula(lep)
        approximations = {}
        if lep == "mu":
            paper, _ = z_prime_amu_formula(lep, charge=1)
            approximations["paper"] = (
                paper,
                "Chen & Chiang 2024, Sec. IV: the Z' loop of U(1)_{Lmu-Ltau} alone",
            )
        yield observable(
            f"Delta_a_{lep}",
            4 * p(f"m_{lep}") * sympy.re(_egamma(i, i)) / e,
            latex=rf"\Delta a_{_TEX[lep]}",
            reference=f"Delta a = 4 m Re C(egamma_{i}{i})/e; " + _REFERENCE,
            description=f"new-physics part of the {lep} anomalous magnetic moment: every contribution "
            "the model has (see 'contributions')",
            approximations=approximations,
            parts={"Z' loop": (zp, "one-loop Z' exchange" + (" (Delta_a_mu_Zp)" if lep == "mu" else ""))},
            contribution=f"heavy-field loops (egamma_{i}{i})",
        )
    for heavy, light in (("mu", "e"), ("tau", "mu"), ("tau", "e")):
        i, j = LEPTONS.index(heavy) + 1, LEPTONS.index(light) + 1
        mi, mj = p(f"m_{heavy}"), p(f"m_{light}")
        width = (mi**2 - mj**2) ** 3 / (4 * sympy.pi * mi**3)
        yield observable(
            f"BR({heavy}->{light}gamma)",
            p(_LIFETIME[heavy]) * width * (sympy.Abs(_egamma(j, i)) ** 2 + sympy.Abs(_egamma(i, j)) ** 2),
            latex=rf"\mathcal{{B}}({_TEX[heavy]}\to {_TEX[light]}\gamma)",
            reference=f"Gamma = (m_i^2 - m_j^2)^3 (|C_{j}{i}|^2 + |C_{i}{j}|^2)/(4 pi m_i^3); " + _REFERENCE,
            description=f"lepton-flavour-violating {heavy} -> {light} gamma branching ratio",
        )


def build() -> tuple[Observable, ...]:
    """The dipole observables."""
    return tuple(_builders())
