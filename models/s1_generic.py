"""S1 ~ (3̄, 1, 1/3) without the paper's U(1)′: generic complex 3×3 couplings to every lepton generation.

Written in the Q = T3 + Y convention of Doršner, Fajfer, Greljo, Kamenik, Košnik,
Phys. Rep. 641 (2016) 1, with its Lagrangian
L ⊃ y^{LL}_{ij} Q̄^{c i} iτ₂ L^j S1 + y^{RR}_{ij} ū_R^{c i} e_R^j S1 + h.c.
(the diquark couplings are left out).  Down-type quarks are diagonal (u_L → V† u_L).  It is the
paper's S1 (models/s1_lmu_ltau.py, in the conjugate convention Y = −2/3 of Q = T3 + Y/2) with no
U(1)_{Lμ−Lτ} to confine it to one lepton family: b → sνν̄ and s → dνν̄ with every neutrino pair,
b → cℓν̄ for ℓ = e, μ, τ with C_S = −4 C_T at its mass, no b → sℓℓ at tree level.
"""

from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, barc, standard_model

sm = standard_model(REVIEW_HYPERCHARGE)
S1 = Field.scalar("S1", su3="3bar", su2=1, Y="1/3", mass="m_S1", latex="S_1")
yLL = Coupling("yLL", shape=(3, 3), real=False, latex=r"y^{LL}_{#}")  # quark doublet x lepton doublet
yRR = Coupling("yRR", shape=(3, 3), real=False, latex=r"y^{RR}_{#}")  # u_R x e_R generation

model = Model(
    name="s1_generic",
    sm=sm,
    fields=(S1,),
    terms=(
        Yukawa(yLL, barc(sm.Q), sm.L, S1),  # Q̄^c iτ₂ L S1
        Yukawa(yRR, barc(sm.uR), sm.eR, S1),  # ū_R^c e_R S1
    ),
    sign="+L",
    aligned="down",
    defaults={"m_S1": "1.5 TeV"},
    description="S1 ~ (3bar, 1, 1/3) leptoquark (Q = T3 + Y), generic couplings to every lepton",
    reference="Dorsner et al., Phys. Rep. 641 (2016) 1",
)
