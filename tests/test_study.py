"""The Study (lqmodel.numeric.study) and its program and kernel: one road from a model to numbers."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import sympy

from lqmodel import ModelDefinitionError, ParameterValueError, Study, UnknownNameError, load_model
from lqmodel.numeric.kernel import Kernel, cache_dir
from lqmodel.numeric.program import available_observables, unsupported
from lqmodel.observables import define, get, names


def symbolic_values(program, point):
    """Evaluate a program with sympy, stages in order: an independent check of the printed numpy
    (the named loop functions written out in their closed forms, not the kernel's stable ones)."""
    from lqmodel.physics.dipoles import expand_loop_functions

    subs = {i.symbol: point[i.key] for i in program.inputs}

    def value(e):
        return complex(expand_loop_functions(sympy.sympify(e).xreplace(subs)).evalf(30))

    for sym, e in program.stages:
        subs[sym] = value(e)
    return {o.key: value(o.expr) for o in program.outputs}


class TestProgramAndKernel:
    @pytest.mark.parametrize(
        "model_name, free",
        [
            ("s1_lmu_ltau", ["yL1", "yL2", "yL3", "yR2"]),
            ("s1_lmu_ltau_mu", ["yL1", "yL2", "yL3", "yR1", "yR2"]),
        ],
    )
    def test_kernel_matches_symbolic_program(self, model_name, free):
        """Every output of the numpy kernel equals the sympy evaluation of the same program."""
        model = load_model(model_name)
        study = Study(model, free=free)
        program, _, _ = study.program()
        kernel = study.kernel(use_cache=False)
        rng = np.random.default_rng(5)
        arrays = {i.key: rng.uniform(-1, 1, 3) for i in program.inputs}
        out = kernel(arrays)
        for k in range(3):
            ref = symbolic_values(program, {n: a[k] for n, a in arrays.items()})
            for o in program.outputs:
                want = ref[o.key] if o.complex else ref[o.key].real
                assert out[o.key][k] == pytest.approx(want, rel=1e-9, abs=1e-300), (o.key, k)

    def test_complex_couplings_enter_as_two_real_inputs(self):
        """R2tilde's complex couplings become Re/Im inputs; the kernel matches sympy."""
        study = Study(
            load_model("r2tilde"),
            observables=("BR(B+->Knunu)", "BR(B0->K*nunu)", "R_nu"),
            free=("yRL23", "yRL33"),
        )
        program, _, _ = study.program()
        kernel = study.kernel(use_cache=False)
        assert kernel.inputs == ("yRL23.re", "yRL23.im", "yRL33.re", "yRL33.im")
        point = {"yRL23.re": 0.3, "yRL23.im": 0.2, "yRL33.re": -0.5, "yRL33.im": 0.1}
        out = kernel({k: np.array([v]) for k, v in point.items()})
        ref = symbolic_values(program, point)
        for name in ("BR(B+->Knunu)", "BR(B0->K*nunu)", "R_nu"):
            assert out[name][0] == pytest.approx(ref[name].real, rel=1e-10)
        # a right-handed current moves B -> K and B -> K* apart (arXiv:1409.4557)
        assert abs(out["BR(B+->Knunu)"][0] / 4.65e-6 - out["BR(B0->K*nunu)"][0] / 10.13e-6) > 1e-3

    def test_fixed_values_are_folded(self, s1):
        """Inputs that are not free become numbers: the source holds no parameter names."""
        k = Study(s1, observables=("R_nu",), free=("yL3",), couplings=False, wilson=()).kernel()
        assert k.inputs == ("yL3",) and "def kernel(a0)" in k.source
        assert "m_S1" not in k.source and "GF" not in k.source

    def test_json_round_trip(self, s1):
        """A kernel rebuilt from its JSON (as a worker process does) gives the same numbers."""
        k = Study(s1, observables=("DeltaM_s_NP",), free=("yL2", "yL3"), wilson=()).kernel()
        k2 = Kernel.from_json(k.to_json())
        x = {"yL2": np.array([0.1, -0.05]), "yL3": np.array([1.0, 0.7])}
        assert np.array_equal(k(x)["DeltaM_s_NP"], k2(x)["DeltaM_s_NP"])

    def test_cached_on_disk(self, s1):
        """The second request loads the kernel, with its metadata, from the cache directory."""
        study = Study(s1, observables=("R_nu", "DeltaM_d_NP"), fixed={"m_S1": "2 TeV"}, free=("yL1", "yL3"))
        k1 = study.kernel()
        assert list(cache_dir().glob(f"kernel-{s1.name}-{study.key()}.json"))
        k2 = study.kernel()
        assert k1.source == k2.source and k2.meta["inputs"]["m_S1"]["value"] == 2000.0

    def test_scanning_a_ckm_input(self, s1):
        """η can be free: at the default η the kernel equals the fixed-η one to rounding."""
        obs = ("BR(KL->pinunu)", "BR(K+->pinunu)")
        fixed = {"yL3": 1.0, "yL2": 0.1}
        k_free = Study(
            s1, observables=obs, fixed=fixed, free=("eta", "yL1"), couplings=False, wilson=()
        ).kernel()
        k_fixed = Study(s1, observables=obs, fixed=fixed, free=("yL1",), couplings=False, wilson=()).kernel()
        a = k_free({"eta": np.array([0.357, 0.2]), "yL1": np.array([0.02, 0.02])})
        b = k_fixed({"yL1": np.array([0.02])})
        for n in obs:
            assert a[n][0] == pytest.approx(b[n][0], rel=1e-12)
        assert a["BR(K+->pinunu)"][1] != pytest.approx(a["BR(K+->pinunu)"][0], rel=1e-3)
        # with real y_L the phase of Y_s* Y_d follows λ_t, so B(K_L)/SM does not move with η (after eq. 12)
        assert a["BR(KL->pinunu)"][1] == pytest.approx(a["BR(KL->pinunu)"][0], rel=1e-6)


class TestAt:
    def test_point_result(self, s1):
        """at() gives inputs with units, couplings Y = V^T y_L, JMS coefficients and observables."""
        r = Study(s1).at(yL1=0.02, yL2=0.1, yL3=1.0, m_S1="1.5 TeV")
        assert r.inputs["m_S1"].value == 1500.0 and r.inputs["m_S1"].unit == "GeV"
        assert r.inputs["GF"].unit == "GeV^-2"
        # Y_b = V_ub yL1 + V_cb yL2 + V_tb yL3 with |V_cb| = Aλ², V_tb ≈ 1 − A²λ⁴/2
        assert r.couplings["Y_b"].real == pytest.approx(
            0.02 * 0.00150573 + 0.1 * 0.833 * 0.223**2 + 0.99913508, rel=1e-6
        )
        # VnudLL_3323 = Y_b Y_s*/(2 m²): the derivation, evaluated
        c = r.couplings
        assert r.wilson["JMS"]["VnudLL_3323"] == pytest.approx(
            c["Y_b"] * c["Y_s"].conjugate() / (2 * 1500.0**2), rel=1e-12
        )
        assert r.sm["R_nu"] == pytest.approx(1.0, rel=1e-12) and r.observables["R_nu"] > 1

    def test_sm_limit(self, s1):
        """With every coupling 0 each ratio observable equals its SM value."""
        r = Study(s1).at()
        for name in ("R_nu", "Rtaul(B->Dlnu)", "BR(K+->pinunu)"):
            assert r.observables[name] == pytest.approx(r.sm[name], rel=1e-12)

    def test_defaults_of_a_variant_override_the_yaml(self, s1):
        """attrs.evolve(model, defaults={'m_S1': '3 TeV'}) evaluates at 3 TeV, not the YAML's 1.5 TeV."""
        import attrs

        variant = attrs.evolve(s1, name="s1_3tev", defaults={"m_S1": "3 TeV"})
        r = Study(variant, observables=("DeltaM_s_NP",)).at(yL2=0.1, yL3=1.0)
        r0 = Study(s1, observables=("DeltaM_s_NP",)).at(yL2=0.1, yL3=1.0)
        assert r.inputs["m_S1"].value == 3000.0
        assert r.observables["DeltaM_s_NP"] == pytest.approx(r0.observables["DeltaM_s_NP"] / 4, rel=1e-12)

    def test_fixed_input_cannot_be_set(self, s1):
        """A value for an input the study fixed is refused, naming it."""
        study = Study(s1, observables=("R_nu",), fixed={"m_S1": "2 TeV"})
        with pytest.raises(
            ParameterValueError, match=r"^'m_S1' = 1000.0 is not allowed: is fixed in this study"
        ):
            study.at(m_S1=1000.0)

    @pytest.mark.parametrize(
        "name, message",
        [
            (
                "Y_b",
                "unknown parameter 'Y_b': Y_b is a derived coupling, Y_b = V_cb*yL2 + V_tb*yL3 + V_ub*yL1; "
                "set the coupling entries it is made of (and the CKM inputs lambda A rho eta) instead",
            ),
            (
                "yL11",
                "unknown parameter 'yL11': it was removed by the symmetry (yL11 = 0: bar(Q^c)_1 L_1 S1^* "
                "has Lmu-Ltau charge sum +1 != 0)",
            ),
            ("yl3", "unknown parameter 'yl3'; did you mean 'yL3' or 'yR3'?"),
        ],
    )
    def test_hints(self, s1, name, message):
        """Unknown names say what they are: derived, removed by the symmetry, or a near miss."""
        with pytest.raises(UnknownNameError) as err:
            Study(s1).at({name: 1.0})
        assert str(err.value) == message

    def test_observables_left_out_with_reason(self):
        """For S1 coupled to muons, the paper's τ-only eq. (20a) is left out and the reason recorded;
        the general R(D) reads b → cμν̄ in its light-lepton denominator and is kept."""
        mu = load_model("s1_lmu_ltau_mu")
        r = Study(mu, form="paper").at(yL3=0.5)
        assert "Rtaul(B->Dlnu)" not in r.observables
        assert "VnueduLL_2232" in r.excluded["Rtaul(B->Dlnu)"]
        assert "Rtaul(B->Dlnu)" in Study(mu).at(yL3=0.5).observables


class TestForms:
    def test_paper_form_differs_where_the_paper_approximates(self, s1):
        """K_L → π⁰νν̄: eq. (11) takes R^ν of b → s; the general form sees the s → d coefficient."""
        point = {"yL1": 0.04, "yL2": 0.1, "yL3": 1.0}
        obs = ("BR(KL->pinunu)", "R_nu")
        general = Study(s1, observables=obs).at(point).observables
        paper = Study(s1, observables=obs, form="paper").at(point).observables
        assert paper["BR(KL->pinunu)"] == pytest.approx(2.94e-11 * paper["R_nu"], rel=1e-12)  # eq. (11)
        assert general["BR(KL->pinunu)"] != pytest.approx(paper["BR(KL->pinunu)"], rel=1e-2)

    def test_paper_form_refused_where_it_misses_the_model(self):
        """Eq. (8) has no right-handed current: for R2tilde its paper form is refused, with the reason."""
        with pytest.raises(
            ModelDefinitionError,
            match=r"observable 'R_nu' for model 'r2tilde': its formula "
            r"does not include VnudLR_",
        ):
            Study(load_model("r2tilde"), observables=("R_nu",), form="paper").at()

    def test_form_recorded_and_fallback(self, s1):
        """An observable without a paper form uses its general one under form='paper', and says so."""
        r = Study(s1, observables=("R_nu", "x_D_NP"), form="paper").at(yL3=1.0, yL2=0.1)
        assert r.info["R_nu"]["form"] == "paper" and r.info["x_D_NP"]["form"] == "general"

    def test_per_observable_form_must_exist(self, s1):
        """A form an observable does not have, asked for by name, is an error listing its forms."""
        with pytest.raises(UnknownNameError, match=r"x_D_NP has the forms general$"):
            Study(s1, observables=("x_D_NP",), forms={"x_D_NP": "paper"}).at()

    def test_unknown_global_form(self, s1):
        """form must be general or paper."""
        with pytest.raises(UnknownNameError, match=r"^unknown form 'papr': choose one of general, paper$"):
            Study(s1, form="papr")


class TestUserObservables:
    def test_define_from_other_observables(self, s1):
        """A user's ratio of two observables equals the ratio of their values."""
        ratio = define("KstarOverK", "BR(B0->K*nunu) / BR(B+->Knunu)", latex=r"R_{K^*/K}")
        r = Study(s1, observables=("BR(B0->K*nunu)", "BR(B+->Knunu)", ratio)).at(yL2=0.1, yL3=1.0)
        assert r.observables["KstarOverK"] == pytest.approx(
            r.observables["BR(B0->K*nunu)"] / r.observables["BR(B+->Knunu)"], rel=1e-12
        )

    def test_define_from_wilson_coefficients_and_parameters(self, s1):
        """|VnudLL_3323| m_S1² and the flavio-basis CL_bsnutaunutau compile into the same kernel."""
        mine = define("cLbs", "abs(VnudLL_3323) * m_S1^2")
        flav = define("CLflavio", "re(CL_bsnutaunutau)")
        r = Study(s1, observables=(mine, flav)).at(yL2=0.1, yL3=1.0)
        c = r.couplings
        assert r.observables["cLbs"] == pytest.approx(abs(c["Y_b"] * c["Y_s"].conjugate()) / 2, rel=1e-12)
        # flavio's C_L at the b scale is -C_L^{S1}/s_W^2 × α(M_Z)/α(4.18) (DESIGN.md); sign and size
        assert r.observables["CLflavio"] < 0

    def test_dimension_checked(self, s1):
        """A definition whose dimension disagrees with its unit is refused, naming the observable."""
        from lqmodel import UnitError

        bad = define("bad", "m_S1 * R_nu", unit="")
        with pytest.raises(UnitError, match=r"^'bad' must have dimension dimensionless \(got \[mass\]\)$"):
            Study(s1, observables=(bad,)).at()

    def test_unknown_name_in_definition(self, s1):
        """A misspelt parameter in a definition is named with suggestions."""
        bad = define("bad2", "m_S2 * 2", unit="GeV")
        with pytest.raises(
            UnknownNameError, match=r"unknown name in observable 'bad2' 'm_S2'; did you mean 'm_S1'"
        ):
            Study(s1, observables=(bad,)).at()

    def test_builtin_name_refused(self):
        """A definition may not take a built-in observable's name."""
        with pytest.raises(ModelDefinitionError, match=r"is a built-in observable"):
            define("R_nu", "1")


class TestUnsupported:
    """An observable whose formula would miss part of a model's effect is left out, not wrong."""

    def test_muon_variant_excludes_tau_ratios(self):
        """S1 coupled to muons changes b → cμν̄, which the paper's τ-only eq. (20a) does not read; the
        general R(D) = B_τ/((B_e + B_μ)/2) does."""
        mu = load_model("s1_lmu_ltau_mu")
        reason = unsupported(mu, get("Rtaul(B->Dlnu)"), "paper")
        assert reason and "VnueduLL_2232" in reason
        assert unsupported(mu, get("Rtaul(B->Dlnu)")) is None
        assert unsupported(mu, get("BR(B+->Knunu)")) is None  # the ν_μ coefficient is read

    def test_diquark_boxes_are_named(self):
        """A diquark coupling's ΔF = 2 boxes (quarks in the loop) are not computed: the reason names it."""
        from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, barc, conj, standard_model
        from lqmodel.physics.effective import missing_loops

        sm = standard_model(REVIEW_HYPERCHARGE)
        S1 = Field.scalar("S1", su3="3bar", Y="1/3", mass="m_S1")
        model = Model(
            "s1_diquark",
            sm,
            (S1,),
            (Yukawa(Coupling("z"), barc(sm.Q), sm.Q, conj(S1)),),
            sign="+L",
            defaults={"m_S1": "2 TeV"},
        )
        assert missing_loops(model).startswith("its ΔF = 2 boxes are not computed: diquark vertex")
        assert missing_loops(load_model("r2tilde")) is None  # leptoquark couplings: computed

    def test_explicit_request_is_an_error(self):
        """Asking for such an observable is an error naming it and the reason."""
        with pytest.raises(
            ModelDefinitionError,
            match=r"observable 'Rtaul\(B->Dlnu\)' for model "
            r"'s1_lmu_ltau_mu': its formula does not include",
        ):
            Study(load_model("s1_lmu_ltau_mu"), observables=("Rtaul(B->Dlnu)",), form="paper").at()

    def test_paper_model_keeps_everything(self, s1):
        """For the paper's model every built-in observable is complete."""
        kept, excluded = available_observables(s1)
        assert len(kept) == len(names()) and not excluded


WARM = """
import sys, json
from lqmodel.faces.cli import main
main(["evaluate", "s1_lmu_ltau", "--set", "yL3=1.0", "m_S1=2 TeV", "--json"])
heavy = ("sympy", "pint", "yaml", "matplotlib")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
"""


class TestWarmPath:
    def test_cached_evaluate_imports_neither_sympy_nor_pint(self, kernel_cache):
        """After one evaluate, a second process evaluates from the cache without sympy, pint or yaml."""
        env = {**os.environ, "LQMODEL_CACHE": str(kernel_cache)}
        first = subprocess.run(
            [sys.executable, "-c", WARM], capture_output=True, text=True, env=env, timeout=120
        )
        assert first.returncode == 0, first.stderr
        second = subprocess.run(
            [sys.executable, "-c", WARM], capture_output=True, text=True, env=env, timeout=60
        )
        assert json.loads(second.stderr.strip().splitlines()[-1]) == []
        assert json.loads(second.stdout) == json.loads(first.stdout)


def test_on_refuses_bad_arrays_naming_them(s1):
    """Study.on validates arrays like a point: a negative mass, NaN, an unknown name, a fixed input."""
    import numpy as np

    from lqmodel import ParameterValueError, Study, UnknownNameError

    study = Study(s1, observables=["R_nu"], couplings=False, wilson=())
    with pytest.raises(ParameterValueError, match=r"'m_S1' = -2000\.0 is not allowed: must be positive"):
        study.on(m_S1=np.array([1500.0, -2000.0]))
    with pytest.raises(ParameterValueError, match="'yL3' = nan is not allowed: must be finite"):
        study.on(yL3=np.array([0.1, np.nan]))
    with pytest.raises(UnknownNameError, match="unknown parameter 'yL9'"):
        study.on(yL9=np.array([0.1]))
    fixed = Study(s1, observables=["R_nu"], fixed={"m_S1": "2 TeV"}, couplings=False, wilson=())
    with pytest.raises(ParameterValueError, match=r"'m_S1'.*fixed in this study"):
        fixed.on(m_S1=np.array([1000.0]))
