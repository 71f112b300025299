"""Fields, occurrences and the ready-made Standard Model."""

from fractions import Fraction

import pytest

from lqmodel import (
    PAPER_HYPERCHARGE,
    REVIEW_HYPERCHARGE,
    U1,
    Field,
    ModelDefinitionError,
    UnknownNameError,
    bar,
    barc,
    cc,
    conj,
    standard_model,
)


class TestStandardModel:
    @pytest.mark.parametrize("convention", [PAPER_HYPERCHARGE, REVIEW_HYPERCHARGE])
    def test_electric_charges_are_convention_independent(self, convention):
        """u, d, nu, e get charges 2/3, -1/3, 0, -1 in either hypercharge convention."""
        sm = standard_model(convention)
        assert sm.Q.electric_charges(convention) == (Fraction(2, 3), Fraction(-1, 3))
        assert sm.uR.electric_charges(convention) == (Fraction(2, 3),)
        assert sm.L.electric_charges(convention) == (0, -1)
        assert sm.eR.electric_charges(convention) == (-1,)

    def test_paper_hypercharges(self):
        """Table I: Y(L) = -1 and Y(e_R) = -2 with Q = T3 + Y/2."""
        sm = standard_model(PAPER_HYPERCHARGE)
        assert sm.L.hypercharge == -1 and sm.eR.hypercharge == -2

    def test_per_generation_charges(self):
        """One call sets L_e, L_mu, L_tau charges (0, 1, -1) as in Table I."""
        g = U1("Lmu-Ltau")
        sm = standard_model().with_charges(g, L=(0, 1, -1))
        assert [sm.L.charge(g, i) for i in range(3)] == [0, 1, -1]
        assert sm.L.generation_dependent(g) and not sm.Q.generation_dependent(g)

    def test_unknown_field(self):
        """Setting charges of a field the SM lacks names it and suggests the closest."""
        with pytest.raises(UnknownNameError) as err:
            standard_model().with_charges(U1("X"), LL=(0, 1, -1))
        assert str(err.value) == "unknown field 'LL'; did you mean 'L'?"


class TestField:
    def test_s1_charge(self):
        """S1 ~ (3, 1, -2/3) has Q = -1/3 with Q = T3 + Y/2 (Table I)."""
        s1 = Field.scalar("S1", su3=3, Y="-2/3", mass="m_S1")
        assert s1.electric_charges(PAPER_HYPERCHARGE) == (Fraction(-1, 3),)

    def test_fermion_needs_chirality(self):
        """A fermion without chirality is refused with a message naming it."""
        with pytest.raises(ModelDefinitionError, match="'psi'"):
            Field.fermion("psi", chirality="X", components="u")

    def test_charges_must_match_generations(self):
        """Two charges for three generations is an error."""
        with pytest.raises(ModelDefinitionError, match="do not match 3 generations"):
            Field.fermion("psi", "L", components="u", charges={U1("X"): (0, 1)})


class TestOccurrence:
    def test_conjugations_flip_charges(self):
        """psi and bar(psi^c) carry the field's charges; bar(psi), psi^c and phi* the opposite."""
        sm = standard_model()
        s = Field.scalar("S", su3=3, mass="m")
        assert sm.Q.name and barc(sm.Q).sign == 1 and bar(sm.Q).sign == -1
        assert cc(sm.Q).sign == -1 and conj(s).sign == -1

    def test_charge_conjugation_flips_chirality(self):
        """(psi_L)^c is right-handed."""
        sm = standard_model()
        assert cc(sm.Q).chirality == "R" and barc(sm.uR).chirality == "L"
