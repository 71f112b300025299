"""ΔF = 2: the new-physics parts of ΔM_K, ΔM_d, ΔM_s (eq. 23 of Chen & Chiang 2024), in GeV.

L ⊃ C (q̄ γ^μ P_L b)² + h.c. (JMS ``VddLL_1313``, ``VddLL_2323``; ``VddLL_1212`` for (d̄ γ P_L s)²),
H = −L.  With ⟨B̄_q|(q̄ γ P_L b)²|B_q⟩ = (2/3) f² B m² (relativistic normalisation) and
M₁₂ = ⟨H⟩/(2m), ΔM_q = 2|M₁₂| = (2/3) f² B m |C|, and ΔM_K = 2 Re M₁₂ = −(2/3) f_K² B_K m_K Re C.
For the S1 box C = −(Y_d* Y_s)²/(128π² m_S1²) this is eq. (23); whether the model's phase sits
on C or on its conjugate (the (s̄ d)² operator) does not matter, since Re C = Re C*.
Use :meth:`Observable.convert` for ps⁻¹.
"""

from __future__ import annotations

from lqmodel.observables.base import Observable, observable, p

__all__ = ["build"]


def _builders():
    import sympy

    from lqmodel.symbols.wet import wet_symbol

    two3 = sympy.Rational(2, 3)
    ref = "Eq. (23) of Chen & Chiang 2024, general complex C (JMS VddLL)"
    yield observable(
        "DeltaM_K_NP",
        -two3 * p("fK_sqrtBK") ** 2 * p("m_K") * sympy.re(wet_symbol("VddLL_1212")),
        unit="GeV",
        latex=r"\Delta m_K^\mathrm{NP}",
        reference=ref,
        description="new-physics contribution to the K0-K0bar mass difference, 2 Re M12 (may be negative)",
    )
    yield observable(
        "DeltaM_d_NP",
        two3 * p("fBd_sqrtBBd") ** 2 * p("m_Bd") * sympy.Abs(wet_symbol("VddLL_1313")),
        unit="GeV",
        latex=r"\Delta m_{B_d}^\mathrm{NP}",
        reference=ref,
        description="new-physics contribution to the Bd mass difference alone, 2 |M12^NP|",
    )
    yield observable(
        "DeltaM_s_NP",
        two3 * p("fBs_sqrtBBs") ** 2 * p("m_Bs") * sympy.Abs(wet_symbol("VddLL_2323")),
        unit="GeV",
        latex=r"\Delta m_{B_s}^\mathrm{NP}",
        reference=ref,
        description="new-physics contribution to the Bs mass difference alone, 2 |M12^NP|",
    )


def build() -> tuple[Observable, ...]:
    """The ΔF = 2 observables."""
    return tuple(_builders())
