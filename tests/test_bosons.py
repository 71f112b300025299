"""Observables belong to models: a light gauge boson declared by the model, its charges, and Δa_ℓ as
the sum of what the model contributes.

Independent numbers: the paper's ε = e g ln(m_τ²/m_μ²)/(12π²) (after eq. 13), the same formula for
U(1)_{Le−Lμ} (e.g. arXiv:1901.02010's general expression), the Z′ loop's m_Z′ → 0 limit g²Q²/(8π²)
(Schwinger's α/2π with e → gQ), and flavio 2.7.1 reading lqmodel's export.
"""

from __future__ import annotations

import math
import os

import attrs
import pytest
import sympy

from lqmodel import (
    PAPER_HYPERCHARGE,
    U1,
    Coupling,
    Field,
    Model,
    ModelDefinitionError,
    ParameterValueError,
    Study,
    Yukawa,
    barc,
    conj,
    load_model,
    standard_model,
)
from lqmodel.core.parameters import load_parameters
from lqmodel.model.model import InputConflictError

SM = load_parameters("sm").natural_values()


def s1_with(group: U1, lepton_charges, eR_charges=None, quark_charges=None, s1_charge=0, defaults=None):
    """S1 (y_L to every lepton) with a gauged U(1)′ of the given charges and a light Z′."""
    sm = standard_model(PAPER_HYPERCHARGE).with_charges(
        group, L=lepton_charges, eR=eR_charges or lepton_charges
    )
    if quark_charges is not None:
        sm = sm.with_charges(group, Q=quark_charges, uR=quark_charges, dR=quark_charges)
    S1 = Field.scalar("S1", su3=3, Y="-2/3", charges={group: s1_charge}, mass="m_S1")
    return Model(
        "s1_zp",
        sm,
        (S1,),
        (Yukawa(Coupling("yL", shape=(3, 3), real=True), barc(sm.Q), sm.L, conj(S1)),),
        groups=(group,),
        defaults={"m_S1": "1.5 TeV", "m_Zp": "100 MeV", "g_Zp": "1e-3", **(defaults or {})},
    )


class TestDeclaredBoson:
    def test_boson_needs_its_inputs(self):
        """A U(1) that declares a boson needs its mass and coupling: one error naming them."""
        g = U1("Le-Lmu", boson="Zp")
        sm = standard_model(PAPER_HYPERCHARGE).with_charges(g, L=(1, -1, 0), eR=(1, -1, 0))
        S1 = Field.scalar("S1", su3=3, Y="-2/3", mass="m_S1")
        model = Model(
            "x",
            sm,
            (S1,),
            (Yukawa(Coupling("yL"), barc(sm.Q), sm.L, conj(S1)),),
            groups=(g,),
            defaults={"m_S1": "1 TeV"},
        )
        with pytest.raises(
            ModelDefinitionError, match=r"declares the gauge boson 'Zp': give its input\(s\) m_Zp, g_Zp"
        ):
            _ = model.parameters

    def test_model_without_boson_has_no_zprime_observables(self, r2):
        """R2 declares no Z′: the Z′ observables are left out, naming why; Δa_μ has no Z′ loop."""
        study = Study(r2)
        result = study.at(yLR32=0.3)
        for name in ("BR(B+->KZp)", "epsilon_Zp", "Delta_a_mu_Zp", "C_Zp"):
            assert name not in result.observables
            assert "declares no light gauge boson 'Zp'" in result.excluded[name]
        note = result.info["Delta_a_mu"]["contributions"]["Z' loop"]
        assert note.startswith("not in this model: the model declares no light gauge boson")

    def test_paper_model(self, s1):
        """The paper's S1 couples to τ only: Δa_μ is the Z′ loop alone (the leptoquark part is 0, said
        so), and the ε derived from the U(1)_{Lμ−Lτ} charges is eq. (13)'s loop formula."""
        r = Study(s1).at(yL3=1.0, yR3=0.5, g_Zp=6.5e-4)
        notes = r.info["Delta_a_mu"]["contributions"]
        assert notes["heavy-field loops (egamma_22)"] == "0: the model generates no egamma_22"
        assert notes["Z' loop"] == "included"
        assert r.observables["Delta_a_mu"] == pytest.approx(r.observables["Delta_a_mu_Zp"], rel=1e-12)
        paper = Study(s1, observables=("epsilon_Zp",), form="paper").at(g_Zp=6.5e-4)
        assert r.observables["epsilon_Zp"] == pytest.approx(paper.observables["epsilon_Zp"], rel=1e-12)
        e = math.sqrt(4 * math.pi * SM["alpha_em_0"])
        by_hand = e * 6.5e-4 * math.log(SM["m_tau"] ** 2 / SM["m_mu"] ** 2) / (12 * math.pi**2)
        assert r.observables["epsilon_Zp"] == pytest.approx(by_hand, rel=1e-12)
        # Δa_τ has both: the S1 top loop (yL3 yR3) and the Z′ loop (Q′_τ = −1)
        assert r.info["Delta_a_tau"]["contributions"]["heavy-field loops (egamma_33)"] == "included"

    def test_charges_enter(self):
        """U(1)_{Le−Lμ}: ε = e g ln(m_μ²/m_e²)/(12π²); the Z′ loop appears in Δa_e and Δa_μ, not in Δa_τ."""
        model = s1_with(U1("Le-Lmu", boson="Zp"), (1, -1, 0))
        r = Study(model).at()
        e = math.sqrt(4 * math.pi * SM["alpha_em_0"])
        eps = e * 1e-3 * math.log(SM["m_mu"] ** 2 / SM["m_e"] ** 2) / (12 * math.pi**2)
        assert r.observables["epsilon_Zp"] == pytest.approx(eps, rel=1e-12)
        assert r.observables["Delta_a_tau"] == 0
        # a 100 MeV Z′ is heavy for the electron: g²m_e²/(12π²m_Z′²) up to O(m_e²/m_Z′²)
        heavy = 1e-6 * SM["m_e"] ** 2 / (12 * math.pi**2 * 0.1**2)
        assert r.observables["Delta_a_e"] == pytest.approx(heavy, rel=1e-3)
        assert r.observables["Delta_a_mu"] > 0

    def test_charge_squared(self):
        """Charges (2, −2) for (μ, τ): Δa_μ^Z′ is 4 times that of charges (1, −1), ε twice."""
        one = Study(s1_with(U1("A", boson="Zp"), (0, 1, -1))).at()
        two = Study(s1_with(U1("A", boson="Zp"), (0, 2, -2))).at()
        assert two.observables["Delta_a_mu"] == pytest.approx(4 * one.observables["Delta_a_mu"], rel=1e-12)
        assert two.observables["epsilon_Zp"] == pytest.approx(2 * one.observables["epsilon_Zp"], rel=1e-12)

    def test_quark_charges_refuse_the_kinetic_mixing(self):
        """B−L: quarks carry the charge, so the Z′ couples to them directly; ε is not computed, named."""
        model = s1_with(
            U1("B-L", boson="Zp"), (-1, -1, -1), quark_charges=("1/3", "1/3", "1/3"), s1_charge="-2/3"
        )
        result = Study(model).at()
        assert "quarks (Q, uR, dR) carry B-L charge" in result.excluded["epsilon_Zp"]
        assert "quarks (Q, uR, dR) carry B-L charge" in result.excluded["BR(B+->KZp)"]
        assert result.info["Delta_a_mu"]["contributions"]["Z' loop"] == "included"  # vector charge −1

    def test_axial_coupling_refused(self):
        """μ with different charges in L and e_R couples axially: that Z′ loop is not computed, named."""
        model = s1_with(U1("X", boson="Zp"), (0, 1, -1), eR_charges=(0, 0, -1))
        note = Study(model).at().info["Delta_a_mu"]["contributions"]["Z' loop"]
        assert "an axial Zp coupling" in note


class TestLeptoquarkDipole:
    def test_muon_variant_sums_both(self):
        """S1 coupled to muons (the charge-flipped variant): Δa_μ = the S1 top loop + the Z′ loop,
        each as its own observable would give it."""
        mu = load_model("s1_lmu_ltau_mu")
        point = {"yL3": 0.3, "yR3": 0.2}
        r = Study(mu).at(point)
        notes = r.info["Delta_a_mu"]["contributions"]
        assert notes == {"heavy-field loops (egamma_22)": "included", "Z' loop": "included"}
        jms = r.wilson["JMS"]
        assert "egamma_22" not in jms  # dipoles are not run to m_b, so they are not listed there
        lq = Study(mu, wilson=("JMS",), running="none").at(point).wilson["JMS"]["egamma_22"]
        e = math.sqrt(4 * math.pi * SM["alpha_em_0"])
        dipole = 4 * SM["m_mu"] * lq.real / e
        assert r.observables["Delta_a_mu"] == pytest.approx(dipole + r.observables["Delta_a_mu_Zp"], rel=1e-9)
        # chirally enhanced (y_L y_R m_t/m_μ): far larger than the Z′ part at g = 6.5e-4
        assert abs(dipole) > 10 * r.observables["Delta_a_mu_Zp"]

    def test_flavio_reads_the_export(self, tmp_path):
        """The dipole exported at the matching scale (--running none) and read by flavio 2.7.1: flavio
        runs it down with QED (which lqmodel leaves out), giving Δa_μ about 8% below lqmodel's one-loop
        value (measured 0.922; the leading-log estimate 1 − (4α/π) ln(M/m_μ) is 0.911)."""
        if os.environ.get("CI"):
            import flavio
        else:
            flavio = pytest.importorskip("flavio")
        import wilson

        from lqmodel.faces.cli import main

        out = tmp_path / "mu.json"
        point = {"yL3": 0.3, "yR3": 0.2, "g_Zp": 1e-9}
        argv = ["wcxf", "s1_lmu_ltau_mu", "--set", *(f"{k}={v}" for k, v in point.items())]
        assert main([*argv, "--basis", "flavio", "--running", "none", "-o", str(out)]) == 0
        with open(out) as fh:
            w = wilson.Wilson.load_wc(fh)
        theirs = flavio.np_prediction("a_mu", w) - flavio.sm_prediction("a_mu")
        ours = Study(load_model("s1_lmu_ltau_mu")).at(point).observables["Delta_a_mu"]
        assert 0.89 < theirs / ours < 0.95


def test_derived_inputs_are_symbolic(s1):
    """The derived ε/g is a formula in the lepton masses and α(0), read from the charges, not a number."""
    values, missing = s1.derived_inputs
    assert values["Q_Zp_mu"] == 1 and values["Q_Zp_tau"] == -1 and values["Q_Zp_e"] == 0
    assert not missing
    names = {s.name for s in sympy.sympify(values["eps_per_g_Zp"]).free_symbols}
    assert names == {"alpha_em_0", "m_mu", "m_tau", "m_e"} or names == {"alpha_em_0", "m_mu", "m_tau"}


class TestGivenEpsilon:
    """ε given instead of derived from g_Z′ (Model.given, Model.with_set_inputs)."""

    def test_set_epsilon_where_the_mixing_diverges(self):
        """Charges with Σ Q Q′ ≠ 0: ε is not derived, named ("set epsilon instead"); set, every Z′
        observable reads it."""
        model = s1_with(U1("Lmu", boson="Zp"), (0, 1, 0))
        names = ("epsilon_Zp", "BR(B+->KZp)", "Delta_a_mu_Zp")
        study = Study(model, observables=names, couplings=False, wilson=())
        with pytest.raises(ModelDefinitionError, match=r"observable 'epsilon_Zp'.*set epsilon instead"):
            study.at()
        r = study.at(epsilon=1e-5)
        assert r.observables["epsilon_Zp"] == 1e-5
        assert r.observables["BR(B+->KZp)"] > 0 and r.observables["Delta_a_mu_Zp"] > 0

    def test_quark_charges_still_refused(self):
        """A given ε does not make B−L's direct Z′–quark couplings computable: still refused."""
        model = s1_with(
            U1("B-L", boson="Zp"), (-1, -1, -1), quark_charges=("1/3", "1/3", "1/3"), s1_charge="-2/3"
        )
        study = Study(model, observables=("BR(B+->KZp)",), couplings=False, wilson=())
        with pytest.raises(ModelDefinitionError, match=r"quarks \(Q, uR, dR\) carry B-L charge"):
            study.at(epsilon=1e-5)

    def test_model_gives_epsilon(self, s1):
        """`given=("epsilon",)` or a default for epsilon: ε/g is epsilon/g_Zp; else the loop formula."""
        eps, g = sympy.Symbol("epsilon", real=True), sympy.Symbol("g_Zp", real=True)
        assert not s1.gives("epsilon")
        for model in (attrs.evolve(s1, given=("epsilon",)), attrs.evolve(s1, defaults={"epsilon": "2e-5"})):
            assert model.gives("epsilon")
            assert sympy.simplify(model.derived_inputs[0]["eps_per_g_Zp"] - eps / g) == 0
        variant = s1.with_set_inputs({"epsilon", "yL3"})
        assert variant.given == ("epsilon",) and variant.with_set_inputs({"epsilon"}) is variant
        assert s1.with_set_inputs({"g_Zp", "yL3"}) is s1

    def test_without_a_zprime_nothing_changes(self, r2):
        """A model without the Z′ is its own variant whatever is set."""
        assert r2.with_set_inputs({"epsilon", "g_Zp"}) is r2

    def test_only_epsilon_can_be_given(self, s1):
        """given names only inputs lqmodel knows how to take as given."""
        with pytest.raises(ModelDefinitionError, match=r"given='m_S1': only epsilon can be given"):
            attrs.evolve(s1, given=("m_S1",))

    def test_model_default_and_g_set(self, s1):
        """A model that gives ε by default refuses g_Zp set beside it, saying where ε comes from."""
        model = attrs.evolve(s1, defaults={"epsilon": "2e-5"})
        with pytest.raises(InputConflictError, match=r"\(epsilon is given by model 's1_lmu_ltau'\)"):
            Study(model, observables=("epsilon_Zp",), couplings=False, wilson=()).at(g_Zp=1e-4)

    def test_zprime_mass_positive(self):
        """A model's own Z′ mass default takes the domain of a mass: m_Zp ≤ 0 is refused, named."""
        model = s1_with(U1("Lmu-Ltau", boson="Zp"), (0, 1, -1))
        assert model.parameters["m_Zp"].domain == "positive"
        with pytest.raises(ParameterValueError, match=r"'m_Zp' = -0.1 is not allowed: must be positive"):
            Study(model, observables=("epsilon_Zp",), couplings=False, wilson=()).at(m_Zp=-0.1)
