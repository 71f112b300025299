"""U1 ~ (3, 1, 2/3): the vector leptoquark, coupling Q-L (left-handed) and d_R-e_R (right-handed).

Written in the Q = T3 + Y convention of Doršner, Fajfer, Greljo, Kamenik, Košnik,
Phys. Rep. 641 (2016) 1, with its Lagrangian
L ⊃ x^{LL}_{ij} Q̄_i γ^μ U_{1μ} L_j + x^{RR}_{ij} d̄_R^i γ^μ U_{1μ} e_R^j + h.c.
Its tree-level exchange (−g^{μν}/M² of the propagator) gives b → cτν̄, b → sℓℓ with
C9 = −C10 from x^{LL} alone, scalar operators from x^{LL} x^{RR}*, and no b → sνν̄ at tree
level.  Its loops (ΔF = 2 boxes, lepton dipoles) depend on how the vector is completed above
its mass (a gauge boson of a larger group, or a composite state); lqmodel does not compute them
and says so wherever they would appear.
"""

from lqmodel import REVIEW_HYPERCHARGE, Coupling, Current, Field, Model, bar, standard_model

sm = standard_model(REVIEW_HYPERCHARGE)
U1 = Field.vector("U1", su3=3, su2=1, Y="2/3", mass="m_U1", latex="U_1")
xL = Coupling("xL", shape=(3, 3), real=False, latex=r"x^{LL}_{#}")  # quark doublet x lepton doublet
xR = Coupling("xR", shape=(3, 3), real=False, latex=r"x^{RR}_{#}")  # d_R x e_R

model = Model(
    name="u1",
    sm=sm,
    fields=(U1,),
    terms=(Current(xL, bar(sm.Q), sm.L, U1), Current(xR, bar(sm.dR), sm.eR, U1)),
    sign="+L",
    aligned="down",
    defaults={"m_U1": "2 TeV"},
    description="U1 ~ (3, 1, 2/3) vector leptoquark (Q = T3 + Y), Q-L and d_R-e_R couplings",
    reference="Dorsner et al., Phys. Rep. 641 (2016) 1",
)
