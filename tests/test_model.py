"""The Model: derived mass-basis couplings (eq. 4), Y = V^T y_L and its series (eq. 5)."""

import attrs
import pytest
import sympy

from lqmodel import Field, ModelDefinitionError, UnknownNameError, Yukawa, barc, conj
from lqmodel.symbols.ckm import ckm_symbols, wolfenstein_symbols


def sym(name):
    return sympy.Symbol(name, real=True)


yL = [sym(f"yL{i}") for i in (1, 2, 3)]
yR = [sym(f"yR{i}") for i in (1, 2, 3)]
V = ckm_symbols()


def vertex_table(model):
    return {(v.left.label(), v.right.label(), v.projector): v.coefficient for v in model.vertices}


class TestMassBasis:
    def test_eq4_up_quark_couplings(self, s1):
        """−L ⊃ ū^c y_L P_L τ S1* + ū^c y_R P_R τ S1* (eq. 4): +L coefficients −y."""
        t = vertex_table(s1)
        for k, u in enumerate(("u^c", "c^c", "t^c")):
            assert t[(u, "tau", "L")] == -yL[k]
            assert t[(u, "tau", "R")] == -yR[k]

    def test_eq4_down_quark_couplings_are_VT_y(self, s1):
        """−L ⊃ −d̄^c V^T y_L P_L ν_τ S1* (eq. 4): Y_k = Σ_i V_ik y_Li."""
        t = vertex_table(s1)
        for k, d in enumerate(("d^c", "s^c", "b^c")):
            expected = sum(V[i, k] * yL[i] for i in range(3))
            assert sympy.expand(t[(d, "nu_tau", "L")] - expected) == 0

    def test_no_light_lepton_couplings(self, s1):
        """U(1)_{Lμ−Lτ} leaves no S1 coupling to e, μ or their neutrinos."""
        for v in s1.vertices:
            assert v.right.flavour == 2

    def test_named_couplings(self, s1):
        """Y_d, Y_s, Y_b carry the paper's names and equal (V^T y_L)_{d,s,b}."""
        Y = s1.named_couplings
        assert list(Y) == ["Y_d", "Y_s", "Y_b"]
        assert sympy.expand(Y["Y_b"] - (V[0, 2] * yL[0] + V[1, 2] * yL[1] + V[2, 2] * yL[2])) == 0

    def test_charge_conserved_at_every_vertex(self, s1):
        """Electric charge adds to zero at each derived vertex (independent consistency)."""
        assert s1.electric_charge_check() == []

    def test_down_aligned_moves_ckm_to_up_quarks(self, s1):
        """Down-aligned doublets: d couplings are y_L, u couplings (V* y_L) (u_L → V† u_L)."""
        t = vertex_table(attrs.evolve(s1, aligned="down"))
        assert t[("b^c", "nu_tau", "L")] == yL[2]
        expected = -sum(V[1, i].conjugate() * yL[i] for i in range(3))
        assert sympy.expand(t[("c^c", "tau", "L")] - expected) == 0


class TestEq5:
    lam, A, rho, eta = wolfenstein_symbols()

    def test_paper_approximation_of_ckm(self, s1):
        """With V_ud = V_cs = V_tb = 1, V_us = −V_cd = λ, V_ub = V_cb = 0, Y is eq. (5) verbatim."""
        approx = {
            V[0, 0]: 1,
            V[1, 1]: 1,
            V[2, 2]: 1,
            V[0, 1]: self.lam,
            V[1, 0]: -self.lam,
            V[0, 2]: 0,
            V[1, 2]: 0,
        }
        Y = {k: sympy.expand(e.xreplace(approx)) for k, e in s1.named_couplings.items()}
        assert sympy.expand(Y["Y_d"] - (V[2, 0] * yL[2] - self.lam * yL[1] + yL[0])) == 0
        assert sympy.expand(Y["Y_s"] - (V[2, 1] * yL[2] + yL[1] + self.lam * yL[0])) == 0
        assert Y["Y_b"] == yL[2]

    def test_series_reproduces_Yd_at_order_lambda3(self, s1):
        """Power-counted series (y_L1 ~ λ², y_L2 ~ λ): Y_d = y_L1 − λ y_L2 + Aλ³(1−ρ−iη) y_L3."""
        lam, A, rho, eta = self.lam, self.A, self.rho, self.eta
        eq5 = yL[0] - lam * yL[1] + A * lam**3 * (1 - rho - sympy.I * eta) * yL[2]
        assert sympy.expand(s1.series(s1.named_couplings["Y_d"], 3) - eq5) == 0

    def test_series_Yb_and_Ys_at_order_lambda2(self, s1):
        """At O(λ²): Y_b = y_L3 and Y_s = y_L2 − Aλ² y_L3 (V_ts ≈ −Aλ²), as eq. (5)."""
        Y = s1.named_couplings
        assert s1.series(Y["Y_b"], 2) == yL[2]
        assert sympy.expand(s1.series(Y["Y_s"], 2) - (yL[1] - self.A * self.lam**2 * yL[2])) == 0

    def test_eq5_Ys_drops_an_order_lambda3_term(self, s1):
        """At O(λ³) Y_s has −λ²y_L2/2 besides eq. (5)'s λ y_L1: the paper's truncation is mixed."""
        lam, A = self.lam, self.A
        diff = s1.series(s1.named_couplings["Y_s"], 3) - (yL[1] - A * lam**2 * yL[2] + lam * yL[0])
        assert sympy.expand(diff + lam**2 * yL[1] / 2) == 0


class TestModelErrors:
    def test_undeclared_field(self, s1):
        """A term with a field the model does not declare names the field."""
        stray = Field.scalar("S3", su3=3, Y="-2/3", mass="m_S3")
        term = Yukawa(s1.terms[0].coupling, barc(s1.sm.Q), s1.sm.L, conj(stray))
        with pytest.raises(UnknownNameError, match="unknown field 'S3'"):
            attrs.evolve(s1, terms=(term,))

    def test_no_heavy_field(self, s1):
        """A model without a massive scalar is refused."""
        with pytest.raises(ModelDefinitionError, match="declares no heavy field"):
            attrs.evolve(s1, fields=(), terms=())

    def test_heavy_field_in_no_term(self, s1):
        """A heavy field that appears in no term is refused."""
        extra = Field.scalar("S3", su3=3, Y="-2/3", mass="m_S3")
        with pytest.raises(ModelDefinitionError, match="heavy field 'S3' appears in no term"):
            attrs.evolve(s1, fields=(*s1.fields, extra))


class TestVariantsByEvolve:
    def test_field_change_reaches_the_terms(self, s1):
        """attrs.evolve of a field (a flipped U(1)' charge) changes every term that uses it."""
        import attrs
        from lqmodel.models import s1_lmu_ltau as base

        flipped = base.S1.with_charges(base.Lmu_Ltau, +1)
        variant = attrs.evolve(s1, name="flipped", fields=(flipped,))  # terms untouched
        assert all(t.scalar.field == flipped for t in variant.terms)
        assert {r.index[1] for r in variant.removed} == {0, 2}  # only the muon column survives
        assert all(v.right.flavour == 1 for v in variant.vertices)

    def test_defaults_override_the_yaml(self, s1):
        """A model default replaces the value of the YAML inputs, and says where it comes from."""
        import attrs

        variant = attrs.evolve(s1, defaults={"m_S1": "3 TeV", "Xt": 1.5})
        assert variant.parameters["m_S1"].value == 3000.0
        assert variant.parameters["Xt"].value == 1.5
        assert variant.parameters["m_S1"].source == "default of model s1_lmu_ltau"
        assert s1.parameters["m_S1"].value == 1500.0
