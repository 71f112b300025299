"""ΔF = 2 boxes: eq. (22) of Chen & Chiang 2024 as a general result."""

import itertools

import sympy as sp

from lqmodel.physics.fierz import decompose, dirac
from lqmodel.physics.loops import box_integral, delta_f2_boxes
from lqmodel.physics.matching import Operator
from lqmodel.symbols.formula import param_symbol

Yd, Ys, Yb = sp.symbols("Y_d Y_s Y_b")
m = param_symbol("m_S1")


class TestBoxIntegral:
    def test_value(self):
        """∫d⁴k_E/(2π)⁴ k²/(k⁴(k²+M²)²) = 1/(16π²M²)."""
        integral, M = box_integral()
        assert sp.simplify(integral - 1 / (16 * sp.pi**2 * M**2)) == 0


class TestDiracReduction:
    def test_three_gamma_identity(self):
        """γ^μγ^ργ^ν P_L ⊗ γ_νγ_ργ_μ P_L = 4 γ^μ P_L ⊗ γ_μ P_L (used for the box)."""
        d = dirac()
        g, PL, metric = d["gamma"], d["PL"], d["g"]
        flat = [0] * 256
        for mu, rho, nu in itertools.product(range(4), repeat=3):
            w = metric[mu] * metric[rho] * metric[nu]
            a = g[mu] * g[rho] * g[nu] * PL
            b = g[nu] * g[rho] * g[mu] * PL
            for i, j, k, l in itertools.product(range(4), repeat=4):
                flat[((i * 4 + j) * 4 + k) * 4 + l] += w * a[i, j] * b[k, l]
        assert decompose(flat) == {"VLL": 4}


class TestEq22:
    def test_bs_mixing(self, s1):
        """(s̄γP_L b)² has −(Y_s* Y_b)²/(128π² m²) in L, i.e. eq. (22) with H = −L."""
        leff = delta_f2_boxes(s1)
        c = leff.coefficient(Operator((("d", 1), ("d", 2), ("d", 1), ("d", 2)), "VLL"))
        assert sp.simplify(c + (sp.conjugate(Ys) * Yb) ** 2 / (128 * sp.pi**2 * m**2)) == 0

    def test_kaon_and_bd(self, s1):
        """(d̄ s)² and (d̄ b)² follow the same pattern with Y_d* Y_s and Y_d* Y_b."""
        leff = delta_f2_boxes(s1)
        for j, Y in ((1, Ys), (2, Yb)):
            c = leff.coefficient(Operator((("d", 0), ("d", j), ("d", 0), ("d", j)), "VLL"))
            assert sp.simplify(c + (sp.conjugate(Yd) * Y) ** 2 / (128 * sp.pi**2 * m**2)) == 0

    def test_eq23_bs_mass_difference(self, s1):
        """ΔM_s = (2/3) f²B m_B |C| reproduces eq. (23): |Y_b Y_s|² f²B m_B/(64π² m²)/3."""
        leff = delta_f2_boxes(s1)
        c = leff.coefficient(Operator((("d", 1), ("d", 2), ("d", 1), ("d", 2)), "VLL"))
        f2B, mB = sp.symbols("f2B m_B", positive=True)
        point = {Ys: sp.Rational(1, 10), Yb: sp.Rational(4, 5)}
        delta_m = sp.Rational(2, 3) * f2B * mB * sp.Abs(c.xreplace(point))
        eq23 = (sp.Rational(1, 10) * sp.Rational(4, 5)) ** 2 * f2B * mB / (64 * sp.pi**2 * m**2) / 3
        assert sp.simplify(delta_m - eq23) == 0
