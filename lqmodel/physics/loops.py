"""One-loop ΔF = 2 boxes with two heavy-scalar propagators.

For any model whose heavy scalar S couples ``L ⊃ Γ_{ka} d̄_k^c P_L F_a S* + h.c.`` to
massless fermions F (the neutrinos), the box with two S and two F propagators gives

    L_eff ⊃ − (Σ_a Γ*_{ia} Γ_{ja})² / (8 · 16π² M²) · (d̄_i γ^μ P_L d_j)(d̄_i γ_μ P_L d_j),

i.e. H = +(λ_ij)²/(128 π² M²)(d̄_i γ P_L d_j)², eq. (22) of Chen & Chiang 2024 with the
complex conjugation the paper leaves out (λ_ij = Y_i* Y_j; it matters through the phase
of V_td).  The loop integral is evaluated here with sympy; the factor 1/8 collects the
Lorentz average k_μ k_ν → g_μν k²/4, the Dirac reduction
γ^μγ^ργ^ν P_L ⊗ γ_νγ_ργ_μ P_L = 4 γ^μ P_L ⊗ γ_μ P_L (proved in the tests with
:mod:`lqmodel.physics.fierz`) and the two box orientations with the symmetry factor of the
identical-current operator (the standard result, e.g. Davidson, Bailey, Campbell,
Z. Phys. C61 (1994) 613; Bauer & Neubert, PRL 116 (2016) 141802).
"""

from __future__ import annotations

import itertools
from functools import cache

from lqmodel.model.model import Model
from lqmodel.physics.matching import EffectiveLagrangian, Operator, in_named_couplings
from lqmodel.symbols.formula import param_symbol

__all__ = ["box_integral", "delta_f2_boxes"]


@cache
def box_integral():
    """∫ d⁴k_E/(2π)⁴ k_E² / (k_E⁴ (k_E² + M²)²) = 1/(16π² M²), evaluated by sympy."""
    import sympy as sp

    t, M = sp.symbols("t M", positive=True)
    # d⁴k_E = π² t dt with t = k_E²; the integrand is t/(t² (t+M²)²)
    radial = sp.integrate(sp.pi**2 * t * t / (t**2 * (t + M**2) ** 2), (t, 0, sp.oo))
    return sp.simplify(radial / (2 * sp.pi) ** 4), M


def delta_f2_boxes(model: Model) -> EffectiveLagrangian:
    """The ΔF = 2 (d̄_i γ P_L d_j)² coefficients from boxes of each heavy scalar (i ≠ j)."""
    import sympy as sp

    integral, M_sym = box_integral()
    couplings: dict[tuple[str, int], dict[int, object]] = {}
    masses = {}
    for v in model.vertices:
        if not (
            v.left.species.name == "d" and v.left.c and v.right.species.name == "nu" and v.projector == "L"
        ):
            continue
        key = (v.scalar.name, v.scalar_component, v.right.flavour)
        c = in_named_couplings(model, v.coefficient)
        c = c if v.scalar_conj else sp.conjugate(c)
        couplings.setdefault(key, {})[v.left.flavour] = c
        masses[key] = param_symbol(v.scalar.mass)
    terms: dict[Operator, object] = {}
    by_scalar: dict[tuple[str, int], list] = {}
    for (name, comp, a), gam in couplings.items():
        by_scalar.setdefault((name, comp), []).append((gam, masses[(name, comp, a)]))
    for rows in by_scalar.values():
        M = rows[0][1]
        for i, j in itertools.permutations(range(3), 2):
            lam = sum(sp.conjugate(g.get(i, 0)) * g.get(j, 0) for g, _ in rows)
            if lam == 0:
                continue
            coeff = -(lam**2) * integral.subs(M_sym, M) / 8
            op = Operator((("d", i), ("d", j), ("d", i), ("d", j)), "VLL")
            terms[op] = sp.expand(terms.get(op, 0) + coeff)
    return EffectiveLagrangian(terms, next(iter(masses.values()), None))
