"""WCxf bases: names and normalisations of the derived coefficients."""

import pytest
import sympy as sp

from lqmodel import BasisError
from lqmodel.physics.bases import conjugate_operator, to_basis
from lqmodel.physics.effective import effective_lagrangian
from lqmodel.physics.matching import Operator
from lqmodel.symbols.ckm import ckm_symbols
from lqmodel.symbols.formula import param_symbol

V = ckm_symbols()
GF, m = param_symbol("GF"), param_symbol("m_S1")
Yd, Ys, Yb = sp.symbols("Y_d Y_s Y_b")
yL2, yR2 = sp.Symbol("yL2", real=True), sp.Symbol("yR2", real=True)


@pytest.fixture(scope="module")
def leff(s1):
    return effective_lagrangian(s1)


class TestJMS:
    def test_nunu_names_and_values(self, leff):
        """VnudLL_3323 = Y_s* Y_b/(2m²) is (s̄ b); VnudLL_3312 = Y_d* Y_s/(2m²) is (d̄ s) — JMS orders."""
        v = to_basis(leff, "JMS").values
        assert sp.simplify(v["VnudLL_3323"] - sp.conjugate(Ys) * Yb / (2 * m**2)) == 0
        assert sp.simplify(v["VnudLL_3312"] - sp.conjugate(Yd) * Ys / (2 * m**2)) == 0
        assert "VnudLL_3332" not in v and "VnudLL_3321" not in v  # redundant partners

    def test_charged_current_is_conjugate_operator(self, leff):
        """VnueduLL_3332 is (ν̄τ)(b̄ c): the coefficient of O_VL† = −y_L2 Y_b*/(2m²)."""
        v = to_basis(leff, "JMS").values
        assert sp.simplify(v["VnueduLL_3332"] + yL2 * sp.conjugate(Yb) / (2 * m**2)) == 0

    def test_top_quark_operators_set_aside(self, leff):
        """Operators with a top quark are not WET operators and are listed apart."""
        r = to_basis(leff, "JMS")
        assert r.not_wet and all(("u", 2) in op.fields for op in r.not_wet)


class TestFlavio:
    def test_CL_bs_normalisation(self, leff):
        """CL_bsnutaunutau = π Y_s* Y_b/(2√2 G_F α m² V_tb V_ts*) (flavio's e²/16π², (1−γ5) = 2P_L),
        α at 4.8 GeV where flavio reads B → K(*)νν̄ (bvnunu.py prefactor)."""
        from lqmodel.physics.running import alpha_em

        v = to_basis(leff, "flavio", sectors=("sbnunu",)).values
        alpha_e = alpha_em(4.8, param_symbol("alpha_em"))
        expected = (
            sp.pi
            * sp.conjugate(Ys)
            * Yb
            / (2 * sp.sqrt(2) * GF * alpha_e * m**2 * V[2, 2] * sp.conjugate(V[2, 1]))
        )
        assert sp.simplify(v["CL_bsnutaunutau"] - expected) == 0

    def test_CSL_is_paper_CS(self, leff):
        """CSL_bctaunutau is the paper's C_S of eq. (19)."""
        v = to_basis(leff, "flavio", sectors=("cbtaunu",)).values
        expected = -sp.sqrt(2) / (4 * GF * V[1, 2]) * Yb * yR2 / (2 * m**2)
        assert sp.simplify(v["CSL_bctaunutau"] - expected) == 0

    def test_unexpressible_operators_are_named(self, leff):
        """Without --sectors, operators outside lqmodel's flavio sectors are an error that names them."""
        with pytest.raises(BasisError) as err:
            to_basis(leff, "flavio")
        assert str(err.value).startswith("basis 'flavio': cannot express ")
        assert "(bar(d1) γ^μ P_L d1)(bar(nu3) γ_μ P_L nu3)" in str(err.value)


class TestBadInput:
    def test_unknown_basis(self, leff):
        """A basis lqmodel does not know is named with the choices."""
        with pytest.raises(BasisError) as err:
            to_basis(leff, "Bern")
        assert str(err.value) == "basis 'Bern': not supported; choose one of flavio, JMS"

    def test_unknown_sector(self, leff):
        """A sector the basis does not hold is named."""
        with pytest.raises(BasisError, match=r"^sector 'sbmumu': not in lqmodel's flavio basis"):
            to_basis(leff, "flavio", sectors=("sbmumu",))


class TestConjugateOperator:
    def test_flips_scalar_chirality_keeps_vector(self):
        """(c̄ P_L b)(τ̄ P_L ν)† = (b̄ P_R c)(ν̄ P_R τ); vectors keep their chirality."""
        f = (("u", 1), ("d", 2), ("e", 2), ("nu", 2))
        g = (("d", 2), ("u", 1), ("nu", 2), ("e", 2))
        assert conjugate_operator(Operator(f, "SLL")) == Operator(g, "SRR")
        assert conjugate_operator(Operator(f, "VLL")) == Operator(g, "VLL")
        assert conjugate_operator(Operator(f, "TLL")) == Operator(g, "TRR")
