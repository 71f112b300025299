"""Gauge-invariance checks of Yukawa terms and the flavour entries the symmetries remove."""

import pytest

from lqmodel import U1, Coupling, Field, GaugeInvarianceError, Yukawa, barc, cc, conj, standard_model
from lqmodel.model.lagrangian import analyse

G = U1("Lmu-Ltau")
SM = standard_model().with_charges(G, L=(0, 1, -1), eR=(0, 1, -1))
Y = Coupling("y", real=True)


def s1(charge=-1, Y_="-2/3"):
    return Field.scalar("S1", su3=3, Y=Y_, charges={G: charge}, mass="m_S1")


def check(left, right, scalar):
    return analyse(Yukawa(Y, left, right, scalar), (G,), SM.convention)


class TestAllowedTerms:
    def test_eq3_left_term_keeps_only_tau(self):
        """Q^c iτ2 L S1*: only the L_τ column survives U(1)_{Lμ−Lτ} (eq. 3)."""
        a = check(barc(SM.Q), SM.L, conj(s1()))
        assert a.allowed == ((0, 2), (1, 2), (2, 2))
        assert a.contraction == "eps"
        assert {r.index for r in a.removed} == {(i, j) for i in range(3) for j in (0, 1)}

    def test_removal_reason_names_group_and_sum(self):
        """Each removed entry states the U(1) and its charge sum."""
        a = check(barc(SM.Q), SM.L, conj(s1()))
        reasons = {str(r) for r in a.removed}
        assert "y11 = 0: bar(Q^c)_1 L_1 S1^* has Lmu-Ltau charge sum +1 != 0" in reasons
        assert "y12 = 0: bar(Q^c)_1 L_2 S1^* has Lmu-Ltau charge sum +2 != 0" in reasons

    def test_flipped_charge_keeps_only_mu(self):
        """With S1 charge +1 the same term couples to L_μ only."""
        a = check(barc(SM.Q), SM.L, conj(s1(+1)))
        assert a.allowed == ((0, 1), (1, 1), (2, 1))

    def test_right_handed_term(self):
        """u_R^c e_R S1*: allowed, singlet contraction, τ only."""
        a = check(barc(SM.uR), SM.eR, conj(s1()))
        assert a.contraction == "" and [ix[1] for ix in a.allowed] == [2, 2, 2]


class TestForbiddenTerms:
    def test_only_u1_prime_forbids(self):
        """A term fine under the SM group but with U(1)' sums -3, -2, -4 is refused."""
        with pytest.raises(GaugeInvarianceError) as err:
            check(barc(SM.Q), SM.L, conj(s1(3)))
        assert str(err.value) == (
            "term y bar(Q^c) L S1^* is not invariant under Lmu-Ltau: "
            "charge sum -2, -3, -4 != 0 for every flavour entry"
        )

    def test_hypercharge(self):
        """A wrong S1 hypercharge is named with the sum and the convention."""
        with pytest.raises(GaugeInvarianceError) as err:
            check(barc(SM.Q), SM.L, conj(s1(-1, "1/3")))
        assert str(err.value) == (
            "term y bar(Q^c) L S1^* is not invariant under U(1)Y: hypercharge sum -1 != 0 (Q = T3 + 1/2*Y)"
        )

    def test_su3(self):
        """S1 instead of S1* leaves a 3 x 3: not a colour singlet."""
        with pytest.raises(GaugeInvarianceError, match=r"SU\(3\)c: 3 x 3 has 3-ality 2"):
            check(barc(SM.Q), SM.L, s1())

    def test_su2(self):
        """A doublet with two singlets is not SU(2) invariant."""
        with pytest.raises(GaugeInvarianceError, match=r"SU\(2\)L"):
            check(barc(SM.Q), cc(SM.eR), conj(s1()))

    def test_lorentz(self):
        """bar(u_R^c) L pairs two left-handed spinors: no scalar bilinear."""
        with pytest.raises(GaugeInvarianceError, match="opposite chiralities, got L and L"):
            check(barc(SM.uR), SM.L, conj(s1()))
