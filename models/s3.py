"""S3 ~ (3̄, 3, 1/3): the weak-triplet scalar leptoquark, coupling the quark doublet to the lepton doublet.

Written in the Q = T3 + Y convention of Doršner, Fajfer, Greljo, Kamenik, Košnik,
Phys. Rep. 641 (2016) 1, with its Lagrangian L ⊃ y^{LL}_{ij} Q̄^{c i} iτ₂ (τ·S3) L^j + h.c.
(the diquark couplings, which would let the proton decay, are left out).  Down-type quarks are
diagonal (d_L in Q, u_L → V† u_L), as in the review.  Its three charge states give at tree level
b → sℓℓ with C9 = −C10, b → sνν̄ with half the charged-lepton coefficient, b → cℓν̄ (left-handed)
and c → uνν̄; its boxes give ΔF = 2 mixing (the factor 5 of the triplet).
"""

from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, barc, standard_model

sm = standard_model(REVIEW_HYPERCHARGE)
S3 = Field.scalar("S3", su3="3bar", su2=3, Y="1/3", mass="m_S3", latex="S_3")
yLL = Coupling("yLL", shape=(3, 3), real=False, latex=r"y^{LL}_{#}")  # quark x lepton generation

model = Model(
    name="s3",
    sm=sm,
    fields=(S3,),
    terms=(Yukawa(yLL, barc(sm.Q), sm.L, S3),),  # Q̄^c iτ₂ (τ·S3) L
    sign="+L",
    aligned="down",
    defaults={"m_S3": "1.5 TeV"},
    description="S3 ~ (3bar, 3, 1/3) leptoquark (Q = T3 + Y), Q-L couplings",
    reference="Dorsner et al., Phys. Rep. 641 (2016) 1",
)
