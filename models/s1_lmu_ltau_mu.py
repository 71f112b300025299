"""Variant of s1_lmu_ltau: S1 with its U(1)_{Lμ−Lτ} charge flipped (−1 → +1).

Nothing else changes; lqmodel then finds that only the μ entries of y_L and y_R survive,
so S1 couples to (ν_μ, μ) instead of (ν_τ, τ).  A variant is a few lines of attrs.evolve.
"""

import attrs
from lqmodel.models import s1_lmu_ltau as base

from lqmodel import NamedCoupling, conj

S1 = base.S1.with_charges(base.Lmu_Ltau, +1)

model = attrs.evolve(
    base.model,
    name="s1_lmu_ltau_mu",
    fields=(S1,),
    terms=tuple(attrs.evolve(t, scalar=conj(S1)) for t in base.model.terms),
    named=(NamedCoupling("Y", left="d", right="nu_mu", latex=r"Y^{S_1}"),),
    description="S1 leptoquark with U(1)_{Lmu-Ltau} charge +1: couples to the muon family",
)
