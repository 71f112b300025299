"""S1 leptoquark with gauged U(1)_{Lμ−Lτ}: Table I and eq. (3) of Chen & Chiang,
Phys. Rev. D 109, 075004 (2024), doi:10.1103/PhysRevD.109.075004.

Hypercharge convention: Q = T3 + Y/2, as in Table I.  Terms are written as the paper's
−L_Y ⊃ … + h.c.  The U(1)′ charges alone confine S1 to the τ lepton: lqmodel removes the
e and μ entries of y_L and y_R and says why (``lqmodel show s1_lmu_ltau``).
"""

from lqmodel import (
    PAPER_HYPERCHARGE,
    U1,
    Coupling,
    Field,
    Model,
    NamedCoupling,
    Yukawa,
    barc,
    conj,
    standard_model,
)

Lmu_Ltau = U1("Lmu-Ltau", latex=r"L_\mu - L_\tau", boson="Zp")  # its light Z′: m_Zp, g_Zp

sm = standard_model(PAPER_HYPERCHARGE).with_charges(Lmu_Ltau, L=(0, 1, -1), eR=(0, 1, -1))
S1 = Field.scalar("S1", su3=3, su2=1, Y="-2/3", charges={Lmu_Ltau: -1}, mass="m_S1", latex="S_1")

yL = Coupling("yL", shape=(3, 3), real=True, latex=r"y_{L#}^q")  # quark x lepton generation
yR = Coupling("yR", shape=(3, 3), real=True, latex=r"y_{R#}^u")

model = Model(
    name="s1_lmu_ltau",
    sm=sm,
    fields=(S1,),
    groups=(Lmu_Ltau,),
    terms=(
        Yukawa(yL, barc(sm.Q), sm.L, conj(S1)),  # Q̄^c iτ₂ y_L L S1*
        Yukawa(yR, barc(sm.uR), sm.eR, conj(S1)),  # ū_R^c y_R e_R S1*
    ),
    named=(NamedCoupling("Y", left="d", right="nu_tau", latex=r"Y^{S_1}"),),
    power_counting={"yL1": 2, "yL2": 1},  # |y_L1| ~ λ², |y_L2| ~ λ (Sec. V)
    aligned="up",
    sign="-L",
    inputs=("sm.yaml", "chen_chiang_2024.yaml"),
    description="S1 ~ (3, 1, -2/3) leptoquark with gauged U(1)_{Lmu-Ltau}",
    reference="Chen & Chiang, PRD 109, 075004 (2024)",
)
