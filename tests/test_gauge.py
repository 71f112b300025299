"""Groups, representations and the hypercharge convention."""

from fractions import Fraction

from lqmodel.symbols.gauge import PAPER_HYPERCHARGE, REVIEW_HYPERCHARGE, SU2L, SU3C, Rep


class TestSU:
    def test_quark_antiquark_is_a_singlet(self):
        """3 x 3bar contains a singlet."""
        assert SU3C.singlet_in([Rep(3), Rep(3, True)])[0]

    def test_three_quarks_make_a_baryon(self):
        """3 x 3 x 3 contains a singlet (the epsilon tensor): 3-ality 0."""
        assert SU3C.singlet_in([Rep(3), Rep(3), Rep(3)])[0]

    def test_two_quarks_do_not(self):
        """3 x 3 = 6 + 3bar has no singlet; the reason names the 3-ality."""
        ok, why = SU3C.singlet_in([Rep(3), Rep(3), Rep(1)])
        assert not ok and "3-ality 2" in why

    def test_lone_octet_is_not_a_singlet(self):
        """A single adjoint has 3-ality 0 but no singlet."""
        assert not SU3C.singlet_in([Rep(8), Rep(1)])[0]

    def test_su2_two_doublets(self):
        """2 x 2 contains a singlet; 2 x 1 does not; 2 x 2 x 3 does (triangle rule)."""
        assert SU2L.singlet_in([Rep(2), Rep(2)])[0]
        assert not SU2L.singlet_in([Rep(2), Rep(1)])[0]
        assert SU2L.singlet_in([Rep(2), Rep(2), Rep(3)])[0]
        assert not SU2L.singlet_in([Rep(2), Rep(2), Rep(5)])[0]


class TestHyperchargeConvention:
    def test_paper_convention(self):
        """Q = T3 + Y/2: the lepton doublet's Y = -1 gives Q(nu) = 0, Q(e) = -1 (Table I)."""
        assert PAPER_HYPERCHARGE.electric_charge(Fraction(1, 2), Fraction(-1)) == 0
        assert PAPER_HYPERCHARGE.electric_charge(Fraction(-1, 2), Fraction(-1)) == -1

    def test_review_convention(self):
        """Q = T3 + Y: the quark doublet's Y = 1/6 gives Q(u) = 2/3."""
        assert REVIEW_HYPERCHARGE.electric_charge(Fraction(1, 2), Fraction(1, 6)) == Fraction(2, 3)
