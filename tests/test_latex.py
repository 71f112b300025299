"""Everything a physicist inspects typesets: each _repr_latex_ and each line of show --latex parses.

matplotlib's mathtext is the independent LaTeX parser: a formula it cannot lay out raises.
"""

from __future__ import annotations

import pytest

from lqmodel import Study, coefficient, effective_lagrangian, load_model
from lqmodel.faces.cli import main
from lqmodel.observables import get, names

mathtext = pytest.importorskip("matplotlib.mathtext")


def typesets(tex: str) -> None:
    """Raise unless ``tex`` (one formula, with or without $...$) lays out."""
    text = tex if tex.startswith("$") else f"${tex}$"
    assert text.endswith("$") and text.count("$") == 2, text
    mathtext.MathTextParser("path").parse(text)


MODELS = ("s1_lmu_ltau", "s1_lmu_ltau_mu", "r2tilde")


@pytest.mark.parametrize("name", MODELS)
def test_model_field_coupling_term(name):
    """Model, each Field, each Coupling and each Yukawa term has a _repr_latex_ that typesets."""
    model = load_model(name)
    typesets(model._repr_latex_())
    for f in model.all_fields:
        typesets(f._repr_latex_())
    for t in model.terms:
        typesets(t._repr_latex_())
        typesets(t.coupling._repr_latex_())


@pytest.mark.parametrize("name", MODELS)
def test_effective_lagrangian_and_operators(name):
    """The effective Lagrangian, its operators and a coefficient typeset with the model's names."""
    model = load_model(name)
    leff = effective_lagrangian(model)
    typesets(leff._repr_latex_())
    for op in list(leff.terms)[:20]:
        typesets(op._repr_latex_())


def test_model_names_are_used(s1):
    """A Wilson coefficient's LaTeX uses the model's names: Y_b^{S_1}, m_{S_1}."""
    f = coefficient(s1, "VnudLL_3323")
    tex = f._repr_latex_()
    typesets(tex)
    assert "Y_{b}^{S_1}" in tex and "m_{S_1}" in tex


@pytest.mark.parametrize("name", names())  # one test each, so that workers share the parsing
def test_observables(name):
    """Every observable of the catalogue typesets, in its general and its paper form."""
    o = get(name)
    typesets(o._repr_latex_())
    if "paper" in o.forms:
        typesets(f"{o.latex or 'x'} = {o.form('paper').to_latex()}")


def test_point_result(s1):
    """A point result typesets (observables with their LaTeX names and values)."""
    typesets(Study(s1).at(yL2=0.1, yL3=1.0, yR2=-0.5)._repr_latex_())


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "s1_lmu_ltau", "--latex"],
        ["show", "s1_lmu_ltau", "--wilson", "--latex"],
        ["show", "r2tilde", "--wilson", "--latex"],
        ["show", "s1_lmu_ltau_mu", "--latex"],
    ],
)
def test_show_latex_every_line(capsys, argv):
    """Every line of show --latex is a comment or a formula that typesets on its own."""
    assert main(argv) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.strip() and not ln.startswith("%")]
    assert len(lines) > 10
    for ln in lines:
        typesets(ln)


def test_show_wilson_text_is_not_sympy_syntax(capsys):
    """show --wilson prints readable math: no '**', no 'conjugate(', no 'sqrt('."""
    assert main(["show", "s1_lmu_ltau", "--wilson"]) == 0
    out = capsys.readouterr().out
    assert "**" not in out and "conjugate(" not in out and "sqrt(" not in out
    assert "VnudLL_3323 = Y_b Y_s*/(2 m_S1²)" in out
