"""Tree-level matching: eq. (7) and eq. (19) of Chen & Chiang 2024 come out of the Lagrangian."""

import pytest
import sympy as sp

from lqmodel.core.units import dimension_of
from lqmodel.physics.bases import conjugate_operator, paper_coefficients
from lqmodel.physics.matching import Operator, named_symbols, tree_level
from lqmodel.symbols.ckm import ckm_symbols
from lqmodel.symbols.formula import param_symbol

V = ckm_symbols()
GF, alpha, s2w, m = (param_symbol(n) for n in ("GF", "alpha_em", "s2w", "m_S1"))
Yd, Ys, Yb = sp.symbols("Y_d Y_s Y_b")
yL2, yR2, yL3 = (sp.Symbol(n, real=True) for n in ("yL2", "yR2", "yL3"))
CLSM = 4 * GF / sp.sqrt(2) * alpha / (2 * sp.pi * s2w)


@pytest.fixture(scope="module")
def leff(s1):
    return tree_level(s1)


@pytest.fixture(scope="module")
def paper(leff):
    return {k: v[1] for k, v in paper_coefficients(leff).items()}


class TestEq7:
    def test_CL_bs_exactly(self, paper):
        """C^{S1}_{L,bs} = −Y_s* Y_b / (2 m² λ_t C_L^SM), λ_t = V_tb V_ts* (eq. 7, exact)."""
        expected = -sp.conjugate(Ys) * Yb / (2 * m**2 * V[2, 2] * sp.conjugate(V[2, 1]) * CLSM)
        assert sp.simplify(paper["C_L_bs"] - expected) == 0

    def test_CL_sd_exactly(self, paper):
        """C^{S1}_{L,sd} multiplies (s̄ d): −Y_s* Y_d/(2 m² V_ts* V_td C_L^SM) (eq. 7)."""
        expected = -sp.conjugate(Ys) * Yd / (2 * m**2 * V[2, 0] * sp.conjugate(V[2, 1]) * CLSM)
        assert sp.simplify(paper["C_L_sd"] - expected) == 0

    def test_dimensionless_after_normalisation(self, leff, paper):
        """The raw coefficient has dimension −2 (GeV⁻²), the normalised one 0."""
        op = Operator((("d", 1), ("d", 2), ("nu", 2), ("nu", 2)), "VLL")
        dims = {GF: -2, m: 1, alpha: 0, s2w: 0, Ys: 0, Yb: 0, **{v: 0 for v in V}}
        assert dimension_of(leff.coefficient(op), dims) == -2
        assert dimension_of(paper["C_L_bs"], dims) == 0

    def test_only_left_handed_quarks(self, leff):
        """S1 makes no right-handed d_i → d_j νν̄ current (no C_R)."""
        dnunu = [op for op in leff.terms if [f[0] for f in op.fields] == ["d", "d", "nu", "nu"]]
        assert dnunu and {op.structure for op in dnunu} == {"VLL"}

    def test_no_light_lepton_operators(self, leff):
        """Only τ and ν_τ appear in the operators: U(1)_{Lμ−Lτ} at work."""
        assert {f[1] for op in leff.terms for f in op.fields[2:]} == {2}


class TestEq19:
    def test_exact_coefficients(self, paper):
        """C_V = Y_b y_L2, C_S = −Y_b y_R2, C_T = Y_b y_R2/4, all × √2/(4 G_F V_cb)/(2 m²)."""
        pre = sp.sqrt(2) / (4 * GF * V[1, 2]) / (2 * m**2)
        assert sp.simplify(paper["C_V_tau"] - pre * Yb * yL2) == 0
        assert sp.simplify(paper["C_S_tau"] + pre * Yb * yR2) == 0
        assert sp.simplify(paper["C_T_tau"] - pre * Yb * yR2 / 4) == 0

    def test_tensor_is_minus_quarter_scalar(self, paper):
        """C_T = −C_S/4 at m_S1 (the sentence after eq. 20 saying +1/4 is a sign slip)."""
        assert sp.simplify(paper["C_T_tau"] + paper["C_S_tau"] / 4) == 0

    def test_reduces_to_paper_approximation(self, s1, paper):
        """With V_tb → 1 and V_ub, V_cb → 0 inside Y_b, eq. (19)'s y_L3 y_R2 form appears."""
        Yb_exact = named_symbols(s1)[Yb].xreplace({V[2, 2]: 1, V[0, 2]: 0, V[1, 2]: 0})
        cs = paper["C_S_tau"].xreplace({Yb: Yb_exact})
        expected = -sp.sqrt(2) / (4 * GF * V[1, 2]) * yL3 * yR2 / (2 * m**2)
        assert sp.simplify(cs - expected) == 0


class TestHermiticity:
    def test_conjugate_pairs(self, leff):
        """L_eff is hermitian: the coefficient of O† is the conjugate of that of O."""
        for op, c in leff.terms.items():
            partner = leff.coefficient(conjugate_operator(op))
            assert sp.expand(partner - sp.conjugate(c)) == 0, op.label()
