"""Heavy vector leptoquarks: tree-level exchange with the −g^{μν}/M² propagator, spin checks,
and loops refused with their reason.

The reference model is U1 ~ (3, 1, 2/3) of Doršner, Fajfer, Greljo, Kamenik, Košnik,
Phys. Rep. 641 (2016) 1 (Q = T3 + Y), L ⊃ x^{LL} Q̄ γ^μ U1_μ L + x^{RR} d̄_R γ^μ U1_μ e_R + h.c.
(models/u1.py).
"""

import itertools

import numpy as np
import pytest

from lqmodel import (
    REVIEW_HYPERCHARGE,
    Coupling,
    Current,
    Field,
    Model,
    Study,
    Yukawa,
    bar,
    barc,
    coefficient,
    load_model,
    standard_model,
)
from lqmodel.core.errors import GaugeInvarianceError, ModelDefinitionError


@pytest.fixture(scope="module")
def u1():
    return load_model("u1")


# -- the Fierz identities of vector exchange, numerically, in an independent representation --------
def _dirac_representation():
    """γ matrices in the Dirac (not chiral) representation, built here with numpy."""
    s = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
    one, zero = np.eye(2), np.zeros((2, 2))
    g0 = np.block([[one, zero], [zero, -one]]).astype(complex)
    gs = [np.block([[zero, si], [-si, zero]]).astype(complex) for si in s]
    g = [g0, *gs]
    g5 = 1j * g[0] @ g[1] @ g[2] @ g[3]
    return g, (np.eye(4) - g5) / 2, (np.eye(4) + g5) / 2


def test_vector_fierz_identities_numerically():
    """(γ^μP_L)_ab (γ_μP_L)_cd = −(γ^μP_L)_ad (γ_μP_L)_cb and
    (γ^μP_L)_ab (γ_μP_R)_cd = 2 (P_R)_ad (P_L)_cb for c-numbers; anticommuting fields add a
    sign, so exchanging the two spinors of a vector exchange gives +VLL and −2 S_RL — the factors
    the matching must produce for U1 (below)."""
    g, PL, PR = _dirac_representation()
    metric = (1, -1, -1, -1)
    LL = sum(w * np.einsum("ab,cd->abcd", gm @ PL, gm @ PL) for w, gm in zip(metric, g, strict=True))
    LR = sum(w * np.einsum("ab,cd->abcd", gm @ PL, gm @ PR) for w, gm in zip(metric, g, strict=True))
    assert np.allclose(LL, -LL.transpose(0, 3, 2, 1))
    assert np.allclose(LR, 2 * np.einsum("ad,cb->abcd", PR, PL))


# -- U1 against the literature ------------------------------------------------------------------
def test_u1_semileptonic_coefficients(u1):
    """−(1/M²) J†J with J = x Q̄γL: (d̄γP_L d)(ēγP_L e) with −x x*/M², no (d̄ d)(ν̄ ν) at tree level
    (the known absence of b → sνν̄ in U1; Doršner et al. 2016, Sec. 6), and the scalar
    (ē P_R d)... = +2 x^{RR} x^{LL*}/M² from the −2 of the LR Fierz identity."""
    vals = {"m_U1": 2000.0, "xL22": 0.3 + 0.1j, "xL32": -0.7 + 0.2j, "xR33": 0.4 - 0.5j, "xL33": 0.9 + 0.3j}

    def at(name):
        expr = coefficient(u1, name).expr
        return complex(expr.subs({s: vals[s.name] for s in expr.free_symbols}))

    M2 = vals["m_U1"] ** 2
    assert at("VedLL_2223") == pytest.approx(-vals["xL22"] * np.conj(vals["xL32"]) / M2)
    for name in ("VnudLL_3323", "VnudLL_2323", "VnudLL_1112"):
        assert coefficient(u1, name).expr == 0
    assert at("SedRL_3333") == pytest.approx(2 * vals["xR33"] * np.conj(vals["xL33"]) / M2)


def test_u1_c9_equals_minus_c10(u1):
    """With left-handed couplings only, U1 gives C9 = −C10 (b → sμμ) and no primed or scalar
    coefficients (Doršner et al. 2016; Buttazzo, Greljo, Isidori, Marzocca, JHEP 11 (2017) 044)."""
    r = Study(u1, observables=(), wilson=("JMS",)).at(xL22=0.3, xL32=0.5 + 0.2j)
    jms = r.wilson["JMS"]
    ll, lr = jms.get("VedLL_2223", 0), jms.get("VdeLR_2322", 0)
    assert abs(ll) > 0 and lr == 0  # only (s̄γP_L b)(μ̄γP_L μ): C9 = −C10 in any normalisation
    assert all(v == 0 for k, v in jms.items() if k.startswith("Sed"))


def test_u1_rd_follows_the_literature_cvl(u1):
    """C_VL = v²/(2M²) x_{bτ} (V x)*_{cτ}/V_cb ... with v = (√2 G_F)^{-1/2} (Buttazzo et al. 2017,
    eq. for the U1 contribution to b → cτν̄), so R(D)/R(D)_SM = R(D*)/R(D*)_SM = |1 + C_VL|²."""
    x33, x23 = 0.8, 0.25
    r = Study(u1, observables=["Rtaul(B->Dlnu)", "Rtaul(B->D*lnu)"], couplings=False, wilson=()).at(
        xL33=x33, xL23=x23
    )
    GF, M = 1.1663787e-5, 2000.0
    lam, A, rho, eta = 0.223, 0.833, 0.163, 0.357  # the catalogue's Wolfenstein inputs
    Vcb, Vcs = A * lam**2, 1 - lam**2 / 2
    v2 = 1 / (np.sqrt(2) * GF)
    cvl = v2 / (2 * M**2) * x33 * (Vcb * x33 + Vcs * x23) / Vcb
    # the running of a vector current is QCD-free; lqmodel's QED running and higher CKM orders
    # shift the ratio by well under 1 %
    assert r.ratio("Rtaul(B->Dlnu)") == pytest.approx((1 + cvl) ** 2, rel=5e-3)
    assert r.ratio("Rtaul(B->D*lnu)") == pytest.approx(r.ratio("Rtaul(B->Dlnu)"), rel=1e-9)
    assert rho and eta


def test_u1_loops_are_refused_with_the_reason(u1):
    r = Study(u1).at(xL33=1.0, xL23=0.2)
    for name in ("DeltaM_s_NP", "DeltaM_K_NP", "Delta_a_mu", "BR(tau->mugamma)"):
        assert name not in r.observables
        assert "U1 is a vector" in r.excluded[name]
    from lqmodel.physics.effective import missing_dipoles, missing_loops

    assert "completed above its mass" in missing_loops(u1)
    assert "completed above its mass" in missing_dipoles(u1)


def test_show_marks_vector_terms_and_missing_loops(u1, capsys):
    from lqmodel.faces.cli import main

    assert main(["show", "u1", "--wilson"]) == 0
    out = capsys.readouterr().out
    assert "xL bar(Q) gamma^mu L U1_mu" in out
    assert "bar(b) gamma^mu P_L tau U1_mu" in out
    assert "(not included: its ΔF = 2 boxes are not computed: U1 is a vector" in out


# -- spin is checked in every term --------------------------------------------------------------
def _sm():
    return standard_model(REVIEW_HYPERCHARGE)


def test_vector_in_a_yukawa_term_is_refused():
    sm = _sm()
    U1 = Field.vector("U1", su3=3, Y="2/3", mass="m_U1")
    x = Coupling("x", shape=(3, 3))
    with pytest.raises(ModelDefinitionError, match=r"'U1' has spin 1: a Yukawa .* Current"):
        Model("bad", sm, (U1,), (Yukawa(x, bar(sm.Q), sm.L, U1),), sign="+L", defaults={"m_U1": "2 TeV"})


def test_scalar_in_a_current_term_is_refused():
    sm = _sm()
    S1 = Field.scalar("S1", su3="3bar", Y="1/3", mass="m_S1")
    y = Coupling("y", shape=(3, 3))
    with pytest.raises(ModelDefinitionError, match=r"'S1' has spin 0: a Current .* Yukawa"):
        Model("bad", sm, (S1,), (Current(y, barc(sm.Q), sm.L, S1),), sign="+L", defaults={"m_S1": "2 TeV"})


def test_vector_current_between_opposite_chiralities_is_named():
    """ψ̄_L γ^μ ψ_R vanishes: a Lorentz structure lqmodel cannot match is an error, never dropped."""
    sm = _sm()
    V = Field.vector("V2", su3="3bar", su2=2, Y="5/6", mass="m_V2")
    x = Coupling("x", shape=(3, 3))
    with pytest.raises(GaugeInvarianceError, match=r"Lorentz.*equal chiralities"):
        Model("bad", sm, (V,), (Current(x, barc(sm.dR), sm.eR, V),), sign="+L", defaults={"m_V2": "2 TeV"})


def test_v2_doublet_vector_matches():
    """V2 ~ (3bar, 2, 5/6) with L ⊃ x^{RL} d̄_R^c γ^μ V2^a ε^{ab} L^b (Doršner et al. 2016): a
    conjugate quark in a vector current; the exchange gives (d̄ γP_L d)-free charged-lepton
    operators, and the coefficients come out hermitian (C(ij) = C(ji)*)."""
    sm = _sm()
    V2 = Field.vector("V2", su3="3bar", su2=2, Y="5/6", mass="m_V2")
    x = Coupling("x", shape=(3, 3), real=False)
    m = Model("v2", sm, (V2,), (Current(x, barc(sm.dR), sm.L, V2),), sign="+L", defaults={"m_V2": "2 TeV"})
    r = Study(m, observables=(), wilson=("JMS",)).at(x22=0.4, x32=0.3j)
    jms = {k: v for k, v in r.wilson["JMS"].items() if v != 0}
    assert jms  # it generates operators
    # d_R^c with L: (d̄_R γ d_R)(ν̄ γ ν) and (d̄_R γ d_R)(ē γ P_L e) — right-handed quark currents
    assert any(k.startswith("VnudLR") for k in jms) and any(
        k.startswith("VdeLR") or k.startswith("VedLR") for k in jms
    )
    for k, v in jms.items():
        if k.startswith("VnudLR_"):
            i, j, a, b = k[-4:]
            partner = f"VnudLR_{j}{i}{b}{a}"
            if partner in jms:
                assert jms[partner] == pytest.approx(np.conj(v))


def test_u1_evaluates_scans_and_exports(u1, tmp_path):
    from lqmodel.faces.cli import main

    assert main(["evaluate", "u1", "--set", "xL33=1", "xL23=0.2", "--json"]) == 0
    assert main(["wcxf", "u1", "--set", "xL33=1", "xL23=0.2", "-o", str(tmp_path / "u1.json")]) == 0
    doc = (tmp_path / "u1.json").read_text()
    assert "VnueduLL_3332" in doc
    _ = list(itertools.islice(doc, 1))
