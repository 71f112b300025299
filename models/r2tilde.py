"""R̃2 ~ (3, 2, 1/6) leptoquark coupling d_R to the lepton doublet.

Written in the Q = T3 + Y convention of Doršner, Fajfer, Greljo, Kamenik, Košnik,
Phys. Rep. 641 (2016) 1, with its Lagrangian L ⊃ −ỹ^{RL}_{ij} d̄_R^i R̃2^a ε^{ab} L^{j,b} + h.c.
(lqmodel contracts ε in the order L, R̃2, so the term reads +ỹ d̄_R L ε R̃2 in "+L").
Its R̃2^{−1/3} component gives right-handed d_i → d_j νν̄ (C_R) at tree level.
"""

from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, bar, standard_model

sm = standard_model(REVIEW_HYPERCHARGE)
R2t = Field.scalar("R2t", su3=3, su2=2, Y="1/6", mass="m_R2t", latex=r"\tilde R_2")
y = Coupling("yRL", shape=(3, 3), real=False, latex=r"\tilde y^{RL}_{#}")  # d_R x lepton generation

model = Model(
    name="r2tilde",
    sm=sm,
    fields=(R2t,),
    terms=(Yukawa(y, bar(sm.dR), sm.L, R2t),),  # ỹ d̄_R L^a ε^{ab} R̃2^b
    sign="+L",
    defaults={"m_R2t": "1.5 TeV"},
    description="R2tilde ~ (3, 2, 1/6) leptoquark (Q = T3 + Y), d_R-L couplings",
    reference="Dorsner et al., Phys. Rep. 641 (2016) 1",
)
