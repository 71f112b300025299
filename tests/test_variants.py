"""Variant models through the same derivation, checked against the literature's tree-level tables.

Reference: the tree-level dictionary of de Blas, Criado, Pérez-Victoria, Santiago, JHEP 03 (2018)
109 (arXiv:1711.10391), as tabulated for scalar leptoquarks in github.com/Jorge-Alda/bsm2smeft
(scalars/README.md): for ω1 = S1 with ω1† q̄^c iσ2 y ℓ,
C_lq(1)_{ijkl} = −C_lq(3)_{ijkl} = y*_{ki} y_{lj}/(4M²); for Π1 = R̃2 with Π1† iσ2 ℓ̄^T y d_R,
C_ld_{ijkl} = −y*_{jk} y_{il}/(2M²).  At tree level the (ν̄ν)(d̄d) coefficients of the WET are
C_lq(1) − C_lq(3) (left-handed d) and C_ld (right-handed d).  (The review of Doršner et al.,
Phys. Rep. 641 (2016) 1, was not reachable from this environment.)
"""

import pytest
import sympy as sp

from lqmodel import load_model
from lqmodel.physics.bases import to_basis
from lqmodel.physics.effective import effective_lagrangian
from lqmodel.physics.matching import named_symbols
from lqmodel.symbols.formula import param_symbol


@pytest.fixture(scope="module")
def mu_model():
    return load_model("s1_lmu_ltau_mu")


class TestFlippedS1:
    def test_only_muon_entries_survive(self, mu_model):
        """With S1's U(1)' charge +1 the e and τ columns of y_L and y_R are removed."""
        assert {r.index[1] for r in mu_model.removed} == {0, 2}
        assert all(v.right.flavour == 1 for v in mu_model.vertices)

    def test_dictionary_nunu_coefficient(self, mu_model):
        """(ν̄_μ ν_μ)(s̄ b): C_lq(1) − C_lq(3) = y*_{sμ} y_{bμ}/(2M²) with y → V^T y_L (down basis)."""
        leff = effective_lagrangian(mu_model)
        v = to_basis(leff, "JMS").values
        Y = named_symbols(mu_model)
        Ys, Yb = (Y[sp.Symbol(n)] for n in ("Y_s", "Y_b"))
        m = param_symbol("m_S1")
        y = {("s", 2): Ys, ("b", 2): Yb}
        c1 = sp.conjugate(y[("s", 2)]) * y[("b", 2)] / (4 * m**2)
        c3 = -c1
        assert sp.expand(v["VnudLL_2223"].xreplace(Y) - (c1 - c3)) == 0
        assert not [k for k in v if k.startswith("VnudLL_33")]


class TestR2tilde:
    def test_right_handed_current_only(self, r2t):
        """R̃2 gives (ν̄ν)(d̄_R d_R) and no left-handed (C_L) νν̄ operator."""
        v = to_basis(effective_lagrangian(r2t), "JMS").values
        assert any(k.startswith("VnudLR") for k in v)
        assert not any(k.startswith("VnudLL") for k in v)

    def test_dictionary_C_ld(self, r2t):
        """VnudLR_{αβkl} = C_ld_{αβkl} = −y_Π*_{βk} y_Π_{αl}/(2M²) with y_Π = conj(ỹ^T) (Π1† ↔ R̃2)."""
        v = to_basis(effective_lagrangian(r2t), "JMS").values
        m = param_symbol("m_R2t")
        y = {(k, a): sp.Symbol(f"yRL{k}{a}") for k in (1, 2, 3) for a in (1, 2, 3)}
        y_pi = {(a, k): sp.conjugate(y[(k, a)]) for (k, a) in y}
        for a, b, k, l in ((3, 3, 2, 3), (1, 2, 2, 3), (2, 2, 1, 2)):
            expected = -sp.conjugate(y_pi[(b, k)]) * y_pi[(a, l)] / (2 * m**2)
            assert sp.expand(v[f"VnudLR_{a}{b}{k}{l}"] - expected) == 0

    def test_charged_lepton_partner(self, r2t):
        """The R̃2^{2/3} component gives the same C_ld for (ē_L e_L)(d̄_R d_R) (SU(2) symmetry)."""
        v = to_basis(effective_lagrangian(r2t), "JMS").values
        assert sp.expand(v["VedLR_3323"] - v["VnudLR_3323"]) == 0

    def test_component_charges(self, r2t):
        """Q = T3 + Y with Y = 1/6: components 2/3 and −1/3; charge is conserved at each vertex."""
        from fractions import Fraction

        assert r2t.fields[0].electric_charges(r2t.sm.convention) == (Fraction(2, 3), Fraction(-1, 3))
        assert r2t.electric_charge_check() == []


S3_MODEL = """
from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, barc, standard_model
sm = standard_model(REVIEW_HYPERCHARGE)
S3 = Field.scalar("S3", su3="3bar", su2=3, Y="1/3", mass="m_S3")
y = Coupling("y", real=False)
model = Model("s3", sm, (S3,), (Yukawa(y, barc(sm.Q), sm.L, S3),), sign="+L", aligned="down",
              defaults={"m_S3": "1.5 TeV"})
"""


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    f = tmp_path_factory.mktemp("s3") / "s3.py"
    f.write_text(S3_MODEL)
    return load_model(str(f))


class TestS3Triplet:
    """S3 ~ (3bar, 3, 1/3): Q̄^c iτ₂ (τ·S3) L, the triplet contraction of Doršner et al. 2016."""

    def test_components_conserve_charge(self, s3):
        """Components 4/3, 1/3, −2/3 (Q = T3 + Y); every derived vertex conserves charge."""
        from fractions import Fraction

        assert s3.fields[0].electric_charges(s3.sm.convention) == (
            Fraction(4, 3),
            Fraction(1, 3),
            Fraction(-2, 3),
        )
        assert s3.vertices and s3.electric_charge_check() == []

    def test_dictionary(self, s3):
        """ζ of the Granada dictionary: C_lq(1) = 3y*y/(4M²), C_lq(3) = y*y/(4M²), so
        (ν̄ν)(d̄d) = C1 − C3 = y*y/(2M²) and (ēe)(d̄d) = C1 + C3 = y*y/M² (down-aligned: y in the d basis)."""
        v = to_basis(effective_lagrangian(s3), "JMS").values
        m = param_symbol("m_S3")
        y = {(k, a): sp.Symbol(f"y{k}{a}") for k in (1, 2, 3) for a in (1, 2, 3)}
        for i, j, k, l in ((3, 3, 2, 3), (1, 2, 2, 3), (2, 2, 1, 2)):
            yy = sp.conjugate(y[(k, i)]) * y[(l, j)]
            assert sp.expand(v[f"VnudLL_{i}{j}{k}{l}"] - yy / (2 * m**2)) == 0
            assert sp.expand(v[f"VedLL_{i}{j}{k}{l}"] - yy / m**2) == 0
