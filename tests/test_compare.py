"""lqmodel compare: two models side by side, symbolically and at a point (issue 11, section 4).

The physics checks are independent of the comparison: the U(1)_{Lμ−Lτ} charge decides the lepton
a model's S1 couples to (the paper's Table I and the variant's flipped charge); tree-level S1
exchange gives C = Y_b Y_s*/(2 m²) for b → sνν̄ (Chen & Chiang 2024, eq. 7); at the leptoquark
scale C_S = +4 C_T for R2 and C_S = −4 C_T for S1 (Doršner et al., Phys. Rep. 641 (2016) 1);
R̃2 ~ (3, 2, 1/6) with d_R–L couplings has no up-quark vertex, so no b → cτν̄ at tree level; and
the values at a point are those of ``lqmodel evaluate`` of each model.
"""

from __future__ import annotations

import json
import re

import pytest
import sympy

from lqmodel import load_model
from lqmodel.core.errors import UnknownNameError
from lqmodel.faces.cli import main
from lqmodel.faces.compare import CoefficientPair, CompareError, Comparison, ObservablePair, compare

NO_ZP = "the model declares no light gauge boson 'Zp'"
POINT = {"yL3": 1.0, "yR2": -0.8, "yRL33": 0.5, "yRL23": 0.3}  # S1 (paper) couplings and R̃2 couplings
ARGS = ("--set", "yL3=1", "yR2=-0.8", "yRL33=0.5", "yRL23=0.3")

TAU_ONLY = (
    "from lqmodel import REVIEW_HYPERCHARGE, U1, Coupling, Field, Model, Yukawa, bar, barc, conj\n"
    "from lqmodel import standard_model\n"
    "Ltau = U1('Ltau')  # no boson: only confines the leptoquark to the tau family (fast to derive)\n"
    "sm = standard_model(REVIEW_HYPERCHARGE).with_charges(Ltau, L=(0, 0, 1), eR=(0, 0, 1))\n"
)
USER_MODELS = {
    # S1 ~ (3bar, 1, 1/3), generic in quark flavour (as tests/test_kinds.py), tau family only
    "s1.py": "S1 = Field.scalar('S1', su3='3bar', Y='1/3', charges={Ltau: -1}, mass='m_S1')\n"
    "model = Model('s1_tau', sm, (S1,), (\n"
    "    Yukawa(Coupling('yL', shape=(3, 3)), barc(sm.Q), sm.L, S1),\n"
    "    Yukawa(Coupling('yR', shape=(3, 3)), barc(sm.uR), sm.eR, S1)),\n"
    "    groups=(Ltau,), sign='+L', defaults={'m_S1': '1.5 TeV'})\n",
    # R2 ~ (3, 2, 7/6), tau family only
    "r2.py": "R2 = Field.scalar('R2', su3=3, su2=2, Y='7/6', charges={Ltau: -1}, mass='m_R2')\n"
    "model = Model('r2_tau', sm, (R2,), (\n"
    "    Yukawa(Coupling('yRL', shape=(3, 3)), bar(sm.uR), sm.L, R2),\n"
    "    Yukawa(Coupling('yLR', shape=(3, 3)), bar(sm.eR), sm.Q, conj(R2))),\n"
    "    groups=(Ltau,), sign='+L', defaults={'m_R2': '1.5 TeV'})\n",
}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def typesets(tex: str) -> None:
    mathtext = pytest.importorskip("matplotlib.mathtext")
    mathtext.MathTextParser("path").parse(f"${tex}$")


@pytest.fixture(scope="module")
def muon_variant() -> Comparison:
    return compare("s1_lmu_ltau", "s1_lmu_ltau_mu")


@pytest.fixture(scope="module")
def at_point() -> Comparison:
    return compare("s1_lmu_ltau", "r2tilde", POINT)


@pytest.fixture(scope="module")
def user_files(tmp_path_factory):
    path = tmp_path_factory.mktemp("models")
    for name, text in USER_MODELS.items():
        (path / name).write_text(TAU_ONLY + text)
    return {name: str(path / name) for name in USER_MODELS}


def _symbols(expr) -> dict:
    """The expression's own symbols by name (they carry assumptions: m_S1 > 0)."""
    return {x.name: x for x in expr.free_symbols}


def _leptons(name: str) -> str:
    return name.split("_")[1][:2]


class TestCompare:
    def test_muon_variant_generates_the_muon_coefficients(self, muon_variant):
        """The flipped U(1)′ charge moves every lepton coefficient from τ (A) to μ (B); only quark
        operators (the boxes) are common, and the same."""
        c = muon_variant
        only_a, only_b, both = c.names("A"), c.names("B"), c.names("both")
        assert "VnudLL_3323" in only_a and "VnudLL_2223" in only_b and "egamma_22" in only_b
        assert {_leptons(n) for n in only_a} == {"33"} and {_leptons(n) for n in only_b} == {"22"}
        assert "VddLL_2323" in both and all(not set(n.split("_")[0]) & set("en") for n in both)  # no lepton
        assert all(p.same for p in c.coefficients if p.where == "both")
        assert c.conventions == () and c.observables is None

    def test_b_to_s_nunu_is_eq_7(self, muon_variant):
        """b → sνν̄ from tree-level S1 exchange is Y_b Y_s*/(2 m_S1²) in both (eq. 7), for ν_τ in A
        and ν_μ in B."""
        pairs = {p.name: p for p in muon_variant.coefficients}
        a, b = pairs["VnudLL_3323"].a, pairs["VnudLL_2223"].b
        assert pairs["VnudLL_3323"].b is None and pairs["VnudLL_2223"].a is None
        for expr in (a, b):
            expected = sympy.sympify("Y_b*conjugate(Y_s)/(2*m_S1**2)", locals=_symbols(expr))
            assert sympy.simplify(expr - expected) == 0

    def test_scalar_tensor_relation_r2_and_s1(self, user_files):
        """At the leptoquark scale C_S = +4 C_T for R2 and C_S = −4 C_T for S1 (Doršner et al. 2016):
        b → cτν̄ is common, with different expressions."""
        c = compare(user_files["r2.py"], user_files["s1.py"])
        pairs = {p.name: p for p in c.coefficients}
        s, t = pairs["SnueduRR_3332"], pairs["TnueduRR_3332"]
        assert s.where == t.where == "both" and not s.same
        assert sympy.simplify(s.a / t.a) == 4
        assert sympy.simplify(s.b / t.b) == -4
        assert c.conventions == ()  # both in the review's conventions

    def test_different_conventions_are_stated(self):
        """The paper's conventions (Q = T3 + Y/2, −L) and the review's (Q = T3 + Y, +L): allowed, stated."""
        c = compare("s1_lmu_ltau", "r2tilde")
        assert c.conventions == (
            ("hypercharge", "Q = T3 + 1/2*Y", "Q = T3 + Y"),
            ("Lagrangian", "-L ⊃ ... + h.c.", "+L ⊃ ... + h.c."),
        )
        text = c.text()
        assert "  hypercharge: A Q = T3 + 1/2*Y; B Q = T3 + Y" in text
        assert "  Lagrangian: A -L ⊃ ... + h.c.; B +L ⊃ ... + h.c." in text
        assert "Give a point with --set NAME=VALUE ... to compare the observables." in text

    def test_same_model_twice(self, s1):
        """The same name twice, or a name and the equal Model object, is a CompareError naming it."""
        with pytest.raises(CompareError) as err:
            compare("s1_lmu_ltau", "s1_lmu_ltau")
        assert str(err.value) == "compare needs two different models; 's1_lmu_ltau' was given twice"
        with pytest.raises(CompareError) as err:
            compare("s1_lmu_ltau", s1)
        assert str(err.value) == "compare needs two different models; 's1_lmu_ltau' was given twice"

    def test_name_in_neither_model(self):
        """A --set name that is an input of neither model is an error naming it, with suggestions."""
        with pytest.raises(UnknownNameError) as err:
            compare("s1_lmu_ltau", "r2tilde", {"m_S2": 1000.0})
        assert str(err.value) == (
            "unknown parameter 'm_S2': an input of neither s1_lmu_ltau nor r2tilde; "
            "did you mean 'm_S1' or 'm_R2t' or 'm_t'?"
        )


class TestSetValue:
    def test_a_name_of_one_model_sets_that_model(self, at_point):
        """yL3, yR2 set only the paper's S1 (A), yRL33, yRL23 only R̃2 (B)."""
        where = {s.name: s.applies_to for s in at_point.point}
        assert where == {"yL3": ("A",), "yR2": ("A",), "yRL33": ("B",), "yRL23": ("B",)}


class TestObservablePair:
    def test_values_are_those_of_evaluate(self, at_point, capsys):
        """R(D), R(D*), R_ν and B → Kνν̄ in each column are lqmodel evaluate's value for that model alone."""
        rows = {o.name: o for o in at_point.observables}
        for key, model, args in (("a", "s1_lmu_ltau", ARGS[:3]), ("b", "r2tilde", ("--set", *ARGS[3:]))):
            code, out, err = run(capsys, "evaluate", model, *args, "--json")
            assert code == 0, err
            obs = json.loads(out)["observables"]
            for name in ("Rtaul(B->Dlnu)", "Rtaul(B->D*lnu)", "R_nu", "BR(B+->Knunu)"):
                assert getattr(rows[name], key) == pytest.approx(obs[name], rel=1e-12), (model, name)

    def test_which_model_moves_what(self, at_point):
        """R̃2 (no up-quark vertex) leaves b → cτν̄ at the SM; both move b → sνν̄; ratios are value/SM."""
        rows = {o.name: o for o in at_point.observables}
        rd = rows["Rtaul(B->Dlnu)"]
        assert rd.moved_by == ("A",) and rd.ratio_b == 1.0 and rd.ratio_a == pytest.approx(rd.a / rd.sm_a)
        assert rows["R_nu"].moved_by == ("A", "B")
        assert rows["R_nu"].ratio_b == pytest.approx(rows["BR(B+->Knunu)"].ratio_b)

    def test_not_computed_is_a_reason_never_a_number(self, at_point):
        """R̃2 has no Z′: its Z′ observables carry the reason from PointResult.excluded and no value."""
        kzp = next(o for o in at_point.observables if o.name == "BR(B+->KZp)")
        assert isinstance(kzp, ObservablePair) and isinstance(kzp.a, float)
        assert kzp.b is None and kzp.sm_b is None and kzp.ratio_b is None and kzp.moved_by == ()
        assert kzp.not_computed_b.startswith(NO_ZP) and kzp.not_computed_a is None


class TestCoefficientPair:
    def test_where(self):
        """where says which models generate the coefficient."""
        x = sympy.Symbol("x")
        assert [CoefficientPair("c", *ab).where for ab in ((x, x), (x, None), (None, x))] == [
            "both",
            "A",
            "B",
        ]


class TestCommandLine:
    def test_text(self, capsys, at_point):
        """The text names which model each value sets, and a missing observable with its reason."""
        code, out, err = run(capsys, "compare", "s1_lmu_ltau", "r2tilde", *ARGS)
        assert code == 0, err
        assert "  set yRL33 = 0.5: B = r2tilde only (not an input of s1_lmu_ltau)" in out
        assert "  set yL3 = 1: A = s1_lmu_ltau only (not an input of r2tilde)" in out
        assert f"      B = r2tilde: not computed: {NO_ZP}" in out
        row = next(line for line in out.splitlines() if line.startswith("  BR(B+->KZp) "))
        assert "not computed" in row
        assert (
            re.search(r"^Only in B = r2tilde \(\d+\):$", out, re.M)
            and "  hypercharge: A Q = T3 + 1/2*Y; B Q = T3 + Y" in out
        )

    def test_models_after_set(self, capsys, at_point):
        """--set ... MODEL_A MODEL_B works like MODEL_A MODEL_B --set ...; --json: complex as {Re, Im}."""
        code, out, err = run(capsys, "compare", *ARGS, "yRL32=0.1+0.05j", "s1_lmu_ltau", "r2tilde", "--json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["models"]["A"]["name"] == "s1_lmu_ltau" and doc["models"]["B"]["name"] == "r2tilde"
        assert doc["conventions_differ"] == ["hypercharge", "Lagrangian"]
        assert doc["point"]["yRL33"] == {"value": 0.5, "applies_to": ["B"]}
        assert doc["point"]["yRL32"] == {"value": {"Re": 0.1, "Im": 0.05}, "applies_to": ["B"]}
        assert doc["observables"]["C_Zp"]["B"] is None and doc["observables"]["C_Zp"]["A"] is not None
        assert doc["observables"]["C_Zp"]["not_computed"]["B"].startswith(NO_ZP)
        assert doc["observables"]["Rtaul(B->Dlnu)"]["moved_by"] == ["A"]
        assert sympy.sympify(doc["wilson"]["only_A"]["VnudLL_3323"]) == sympy.sympify(
            "Y_b*conjugate(Y_s)/(2*m_S1**2)"
        )

    def test_latex_typesets(self, capsys, at_point):
        """--latex: every line is a % comment or a formula that typesets on its own (mathtext)."""
        code, out, err = run(capsys, "compare", "s1_lmu_ltau", "r2tilde", *ARGS, "--latex")
        assert code == 0, err
        formulas = [line for line in out.splitlines() if line and not line.startswith("%")]
        assert any(line.startswith(r"C^{\mathrm{VnudLL}}_{3323} = ") for line in formulas)
        assert any(r"\text{not computed: " + NO_ZP.replace("_", r"\_") in line for line in formulas)
        kinds = {}  # each observable, and one coefficient per JMS class (hundreds take long to lay out)
        for line in formulas:
            kinds.setdefault(line.split("}_{")[0] if line.startswith("C^") else line, line)
        assert len(kinds) > 20
        for line in kinds.values():
            typesets(line)

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ("s1_lmu_ltau", "s1_lmu_ltau"),
                "lqmodel: error: compare needs two different models; 's1_lmu_ltau' was given twice\n",
            ),
            (
                ("s1_lmu_ltau", "r2tilde", "--set", "m_S2=1"),
                "lqmodel: error: unknown parameter 'm_S2': an input of neither s1_lmu_ltau nor r2tilde; "
                "did you mean 'm_S1' or 'm_R2t' or 'm_t'?\n",
            ),
            (
                ("s1_lmu_ltau", "--set", "yL3=1"),
                "lqmodel: error: compare: give two models, MODEL_A MODEL_B (see 'lqmodel compare --help')\n",
            ),
            (
                ("s1_lmu_ltau", "no_such_model"),
                None,
            ),
        ],
    )
    def test_mistakes(self, capsys, argv, message):
        """A mistake is one line on stderr naming the culprit, exit code 2, nothing on stdout."""
        code, out, err = run(capsys, "compare", *argv)
        assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
        if message is None:
            assert "no_such_model" in err
        else:
            assert err == message

    def test_help_says_the_same_model_twice_is_an_error(self, capsys):
        """--help documents the self-comparison."""
        with pytest.raises(SystemExit):
            main(["compare", "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert (
            "The same model twice (one name given twice, or two files that define an equal model) "
            "is an error, exit 2" in out
        )


def test_same_model_from_two_sources(capsys, tmp_path):
    """An installed model and a copy of its file define the same model: an error, exit 2."""
    import inspect

    from lqmodel.models import r2tilde

    copy = tmp_path / "r2tilde_copy.py"
    copy.write_text(inspect.getsource(r2tilde))
    assert load_model(str(copy)) == load_model("r2tilde")
    code, _, err = run(capsys, "compare", "r2tilde", str(copy))
    assert code == 2 and err == (
        f"lqmodel: error: compare needs two different models; 'r2tilde' and '{copy}' define the same model "
        "'r2tilde'\n"
    )
