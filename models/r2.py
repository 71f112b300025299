"""R2 ~ (3, 2, 7/6): the weak-doublet scalar leptoquark with both chiralities, the classic R(D(*)) candidate.

Written in the Q = T3 + Y convention of Doršner, Fajfer, Greljo, Kamenik, Košnik,
Phys. Rep. 641 (2016) 1, with its Lagrangian
L ⊃ −y^{RL}_{ij} ū_R^i R2^a ε^{ab} L^{j,b} + y^{LR}_{ij} ē_R^i R2^{a*} Q^{j,a} + h.c.
(lqmodel contracts ε in the order L, R2, so the first term reads +y^{RL} ū_R L ε R2 in "+L").
Down-type quarks are diagonal (u_L → V† u_L).  Its R2^{2/3} component gives b → cτν̄ with
C_S = +4 C_T at its mass; y^{LR} alone gives b → sℓℓ with C9 = +C10, and y^{RL} alone c → uνν̄;
there is no b → sνν̄ at tree level.
"""

from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, bar, conj, standard_model

sm = standard_model(REVIEW_HYPERCHARGE)
R2 = Field.scalar("R2", su3=3, su2=2, Y="7/6", mass="m_R2", latex="R_2")
yRL = Coupling("yRL", shape=(3, 3), real=False, latex=r"y^{RL}_{#}")  # u_R x lepton doublet generation
yLR = Coupling("yLR", shape=(3, 3), real=False, latex=r"y^{LR}_{#}")  # e_R x quark doublet generation

model = Model(
    name="r2",
    sm=sm,
    fields=(R2,),
    terms=(
        Yukawa(yRL, bar(sm.uR), sm.L, R2),  # ū_R y^RL L^a ε^{ab} R2^b
        Yukawa(yLR, bar(sm.eR), sm.Q, conj(R2)),  # ē_R y^LR R2^{a*} Q^a
    ),
    sign="+L",
    aligned="down",
    defaults={"m_R2": "1.5 TeV"},
    description="R2 ~ (3, 2, 7/6) leptoquark (Q = T3 + Y), u_R-L and e_R-Q couplings",
    reference="Dorsner et al., Phys. Rep. 641 (2016) 1",
)
