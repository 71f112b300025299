"""The catalogue of a user's mistakes: one line naming the culprit, exit code 2, nothing written.

Every case runs through the command line (``lqmodel.faces.cli.main``); model files and scan specs
are user input too, written to a temporary directory.  A traceback anywhere fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from lqmodel.faces.cli import main
from lqmodel.model.loader import available_models

INSTALLED = ", ".join(available_models())

HEAD = (
    "from lqmodel import PAPER_HYPERCHARGE, Coupling, Field, Model, Yukawa, barc, conj, standard_model\n"
    "sm = standard_model(PAPER_HYPERCHARGE)\n"
)
S1 = 'S1 = Field.scalar("S1", su3=3, Y="-2/3", mass="m_S1")\n'
TERM = "(Yukawa(Coupling('y', real=True), barc(sm.Q), sm.L, conj({s})),)"

MODEL_FILES = {
    "syntax.py": (
        HEAD + "S1 = Field.scalar('S1', su3=3 Y='-2/3')\n",
        "{d}/syntax.py, line 3: syntax error: invalid syntax. Perhaps you forgot a comma?",
    ),
    "nameerr.py": (
        HEAD + S1 + "model = Model('x', sm, (S1,), (Yukawa(yL, barc(sm.Q), sm.L, conj(S1)),))\n",
        "{d}/nameerr.py, line 4: NameError: name 'yL' is not defined",
    ),
    "zerodiv.py": (HEAD + "x = 1/0\n", "{d}/zerodiv.py, line 3: ZeroDivisionError: division by zero"),
    "nomodel.py": (HEAD + S1, "{d}/nomodel.py: defines no lqmodel.Model (assign one to 'model')"),
    "dupfield.py": (
        HEAD + S1 + "S1b = Field.scalar('S1', su3=3, Y='-2/3', mass='m_S2')\n"
        f"model = Model('x', sm, (S1, S1b), {TERM.format(s='S1')}, defaults={{'m_S2': '2 TeV'}})\n",
        "model 'x': field name 'S1' is used twice (it is already another field); "
        "give each field its own name",
    ),
    "smclash.py": (
        HEAD + "L = Field.scalar('L', su3=3, Y='-2/3', mass='m_S1')\n"
        f"model = Model('x', sm, (L,), {TERM.format(s='L')})\n",
        "model 'x': field name 'L' is used twice (it is already an SM field); give each field its own name",
    ),
    "cdim.py": (
        HEAD + S1 + "model = Model('x', sm, (S1,), (Yukawa(Coupling('y', real=True, mass_dimension=1), "
        "barc(sm.Q), sm.L, conj(S1)),))\n",
        "term y bar(Q^c) L S1^*: coupling 'y' is declared with mass dimension 1, but a Yukawa term "
        "(dimension 3/2 + 3/2 + 1 = 4) needs 0",
    ),
    "rep15.py": (
        HEAD + "S = Field.scalar('S', su3=15, Y='-2/3', mass='m_S1')\n",
        "field 'S': SU(3) representation 15 is not supported (lqmodel handles 1, 3, 3bar, 6, 6bar and 8)",
    ),
    "repbad.py": (
        HEAD + "S = Field.scalar('S', su3='3b', Y='-2/3', mass='m_S1')\n",
        "SU(3) representation: '3b' is not one (write 1, 3, '3bar', 6, '6bar' or 8)",
    ),
    "su2quad.py": (
        HEAD + "S = Field.scalar('S', su3=3, su2=4, Y='-2/3', mass='m_S1')\n",
        "field 'S': SU(2) 4-plet is not supported (lqmodel handles singlets, doublets and triplets)",
    ),
    "vector.py": (
        HEAD + "U = Field('U1v', 1, 3, 1, '4/3', None, 1, {}, ('U1v',), 'm_U1', 'U_1')\n"
        f"model = Model('x', sm, (U,), {TERM.format(s='U')})\n",
        "term y bar(Q^c) L U1v^*: 'U1v' has spin 1: a Yukawa (scalar-type) term needs a spin-0 field; "
        "write a vector's coupling as Current(coupling, bar(left), right, field)",
    ),
    "gauge.py": (
        HEAD + "S = Field.scalar('S', su3=3, Y='2/3', mass='m_S1')\n"
        f"model = Model('x', sm, (S,), {TERM.format(s='S')})\n",
        "term y bar(Q^c) L S^* is not invariant under U(1)Y: hypercharge sum -4/3 != 0 (Q = T3 + 1/2*Y)",
    ),
    "nomass.py": (
        HEAD + "S = Field.scalar('S', su3=3, Y='-2/3', mass='m_S9')\n"
        f"model = Model('x', sm, (S,), {TERM.format(s='S')})\n",
        "model 'x': heavy mass 'm_S9' has no value in sm.yaml; "
        "give it in Model(defaults={{'m_S9': '1.5 TeV'}})",
    ),
}

SPECS = {
    "badyaml.yaml": (
        "parameters: {yL3: [1, 2]\n",
        "{d}/badyaml.yaml, line 2: invalid YAML: expected ',' or '}}', but got '<stream end>'",
    ),
    "topkey.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraint:\n  - {observable: R_nu, max: 2}\n",
        "unknown key in {d}/topkey.yaml 'constraint'; did you mean 'constraints'?",
    ),
    "paramkey.yaml": (
        "parameters:\n  yL3: {rnage: [-1, 1]}\n",
        "unknown key in {d}/paramkey.yaml, parameter 'yL3' 'rnage'; did you mean 'range'?",
    ),
    "ckey.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraints:\n  - {observable: R_nu, maximum: 2}\n",
        "unknown key in {d}/ckey.yaml, constraint 1 'maximum'; did you mean 'max'?",
    ),
    "keepkey.yaml": (
        "parameters: {yL3: [-1, 1]}\nkeep:\n  - {observable: R_nu, frm: paper}\n",
        "unknown key in {d}/keepkey.yaml, keep 'frm'; did you mean 'form'?",
    ),
    "definekey.yaml": (
        "parameters: {yL3: [-1, 1]}\ndefine:\n  r: {exp: 'R_nu'}\n",
        "unknown key in {d}/definekey.yaml, define 'r' 'exp'; did you mean 'expr' or 'latex'?",
    ),
    "noparam.yaml": (
        "parameters: {m_S2: [1000, 2000]}\n",
        "unknown parameter 'm_S2'; did you mean 'm_S1' or 'm_t' or 'm_e'?",
    ),
    "removed.yaml": (
        "parameters: {yL11: [-1, 1]}\n",
        "unknown parameter 'yL11': it was removed by the symmetry (yL11 = 0: bar(Q^c)_1 L_1 S1^* "
        "has Lmu-Ltau charge sum +1 != 0)",
    ),
    "negmass.yaml": (
        "parameters: {m_S1: {range: [-1, 2], unit: TeV}, yL3: [-1, 1]}\n",
        "'m_S1' = (-1, 2) is not allowed: the range leaves the parameter's domain: it must be positive",
    ),
    "unitmass.yaml": (
        "parameters: {m_S1: {range: [1, 2], unit: ps}}\n",
        "'m_S1' must have dimension [mass] (got ps)",
    ),
    "inverted.yaml": (
        "parameters: {yL3: [1.5, -1.5]}\n",
        "'yL3' = (1.5, -1.5) is not allowed: the range is empty or inverted (need low < high)",
    ),
    "logzero.yaml": (
        "parameters: {yL3: {range: [0, 1], sampling: log}}\n",
        "'yL3' = (0, 1) is not allowed: log sampling needs low > 0",
    ),
    "sampling.yaml": (
        "parameters: {yL3: {range: [0, 1], sampling: gaussian}}\n",
        "'yL3' = 'gaussian' is not allowed: sampling must be one of uniform, log, grid, lhs",
    ),
    "empty.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraints:\n  - {observable: R_nu, between: [2, 1]}\n",
        "'R_nu' = (2, 1) is not allowed: the constraint window is empty (min >= max)",
    ),
    "nobound.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraints:\n  - {observable: R_nu}\n",
        "{d}/nobound.yaml, constraint 1: needs a bound: 'min', 'max' or 'between'",
    ),
    "both.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraints:\n  - {observable: R_nu, max: 2, between: [0, 1]}\n",
        "{d}/both.yaml, constraint 1: give either 'between' or 'min'/'max', not both",
    ),
    "unknownobs.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraints:\n  - {observable: R_nuu, max: 2}\n",
        "unknown observable 'R_nuu'; did you mean 'R_nu'?",
    ),
    "keep.yaml": (
        "parameters: {yL3: [-1, 1]}\nkeep: [R_nuu]\n",
        "unknown observable 'R_nuu'; did you mean 'R_nu'?",
    ),
    "keeptwice.yaml": (
        "parameters: {yL3: [-1, 1]}\nkeep: [R_nu, R_nu]\n",
        "{d}/keeptwice.yaml, keep: 'R_nu' is listed twice",
    ),
    "definebad.yaml": (
        "parameters: {yL3: [-1, 1]}\ndefine:\n  r: {expr: 'R_nu *'}\nkeep: [r]\n",
        "observable 'r': cannot parse 'R_nu *': invalid syntax",
    ),
    "definename.yaml": (
        "parameters: {yL3: [-1, 1]}\ndefine:\n  r: {expr: 'R_nu * m_S2', unit: GeV}\nkeep: [r]\n",
        "unknown name in observable 'r' 'm_S2'; did you mean 'm_S1' or 'm_t' or 'm_e'?",
    ),
    "defineunit.yaml": (
        "parameters: {yL3: [-1, 1]}\ndefine:\n  r: {expr: 'R_nu * m_S1'}\nkeep: [r]\n",
        "'r' must have dimension dimensionless (got [mass])",
    ),
    "definescale.yaml": (
        "parameters: {yL3: [-1, 1]}\ndefine:\n  r: {expr: 'abs(VnudLL_3323)', unit: GeV^-2, scale: 0.5}\n"
        "keep: [r]\n",
        "scale 0.5 GeV: below m_c = 1.275 GeV, the lowest quark threshold lqmodel's running handles",
    ),
    "fixedsampled.yaml": (
        "parameters: {yL3: [-1, 1]}\nfixed: {yL3: 0.5}\n",
        "{d}/fixedsampled.yaml, fixed 'yL3': is also sampled",
    ),
    "fixedunknown.yaml": (
        "parameters: {yL3: [-1, 1]}\nfixed: {m_S2: 2 TeV}\n",
        "unknown parameter 'm_S2'; did you mean 'm_S1' or 'm_t' or 'm_e'?",
    ),
    "listparams.yaml": (
        "parameters: [yL3]\n",
        "{d}/listparams.yaml: 'parameters' must be a mapping (got list)",
    ),
    "range3.yaml": (
        "parameters: {yL3: [-1, 0, 1]}\n",
        "{d}/range3.yaml, parameter 'yL3', range: needs two values [low, high] (got [-1, 0, 1])",
    ),
    "formbad.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraints:\n  - {observable: x_D_NP, max: 1.0e-2, form: paper}\n",
        "unknown form of x_D_NP 'paper': x_D_NP has the forms general",
    ),
    "twoforms.yaml": (
        "parameters: {yL3: [-1, 1]}\nconstraints:\n  - {observable: R_nu, max: 2, form: paper}\n"
        "keep: [{observable: R_nu, form: general}]\n",
        "scan spec 'twoforms': observable 'R_nu' is asked for in two forms, paper and general",
    ),
    "noparams.yaml": (
        "name: x\n",
        "{d}/noparams.yaml: a scan spec needs a 'parameters' mapping of the sampled parameters",
    ),
}

EVALUATE = [
    (["--set", "m_S1=1.5 ps"], "'m_S1' must have dimension [mass] (got 1.5 picosecond)"),
    (["--set", "m_S2=1"], "unknown parameter 'm_S2'; did you mean 'm_S1' or 'm_t' or 'm_e'?"),
    (["--set", "lambda=1.3"], "'lambda' = 1.3 is not allowed: needs 0 < lambda < 1 (lambda = sin θ12)"),
    (["--set", "A=-1"], "'A' = -1.0 is not allowed: must be positive"),
    (["--set", "yL1=nan"], "'yL1' = nan is not allowed: must be finite"),
    (["--set", "yL1=inf"], "'yL1' = inf is not allowed: must be finite"),
    (["--set", "yL1=0.1j"], "'yL1' = 0.1j is not allowed: must be real"),
    (["--set", "yL1"], "'yL1' = 'yL1' is not allowed: write NAME=VALUE, e.g. m_S1='1.5 TeV'"),
    (["--set", "yL3=1", "yL3=2"], "'yL3' = '2' is not allowed: is set twice"),
    (
        ["--set", "Y_b=1"],
        "unknown parameter 'Y_b': Y_b is a derived coupling, Y_b = V_cb*yL2 + V_tb*yL3 + V_ub*yL1; "
        "set the coupling entries it is made of (and the CKM inputs lambda A rho eta) instead",
    ),
    (
        ["--set", "yL11=1"],
        "unknown parameter 'yL11': it was removed by the symmetry (yL11 = 0: bar(Q^c)_1 L_1 S1^* "
        "has Lmu-Ltau charge sum +1 != 0)",
    ),
    (["--set", "yl3=1"], "unknown parameter 'yl3'; did you mean 'yL3' or 'yR3'?"),
    (["--set", "m_S1=-1500"], "'m_S1' = -1500.0 is not allowed: must be positive"),
    (["--set", "m_S1=1.5 TeV^2"], "'m_S1' must have dimension [mass] (got 1.5 TeV^2)"),
    (["--set", "GF=1 GeV"], "'GF' must have dimension [mass]^-2 (got 1 GeV)"),
    (["--set", "m_S1=1.5 TeVV"], "'m_S1' must have dimension [mass] (got unknown unit 'TeVV' in '1.5 TeVV')"),
    (["--set", "m_S1=abc"], "'m_S1' must have dimension [mass] (got unknown unit 'abc' in 'abc')"),
    (
        ["--form", "papr"],
        "evaluate: argument --form: invalid choice: 'papr' (choose from 'general', 'paper') "
        "(see 'lqmodel evaluate --help')",
    ),
]

WCXF = [
    (
        ["--basis", "flavio", "--strict"],
        "basis 'flavio': cannot express 3 coefficient(s) of this model: "
        "VnudLL_3311, VnudLL_3322, VnudLL_3333",
    ),
    (
        ["--basis", "flavio", "--sectors", "sbmumu"],
        "sector 'sbmumu': not in lqmodel's flavio basis; known: cbenu, cbmunu, cbtaunu, cucu, dF=0, db, "
        "dbdb, dbemu, dbetau, dbmue, dbmutau, dbnunu, dbtaue, dbtaumu, mue, mutau, sb, sbemu, sbetau, "
        "sbmue, sbmutau, sbnunu, sbsb, sbtaue, sbtaumu, sdnunu, sdsd, taue",
    ),
    (
        ["--sectors", "sbnunu"],
        "basis 'JMS': --sectors selects coefficients of the flavio basis; "
        "the JMS export holds every operator",
    ),
    (["--scale", "0"], "scale 0.0: must be a positive number of GeV"),
    (["--scale", "-4"], "scale -4.0: must be a positive number of GeV"),
    (["--scale", "2 ps"], "'scale' must have dimension [mass] (got 2 picosecond)"),
    (
        ["--scale", "0.9 GeV"],
        "scale 0.9 GeV: below m_c = 1.275 GeV, the lowest quark threshold lqmodel's running handles",
    ),
    (
        ["--running", "wilson", "--scale", "1"],
        "scale 1 GeV: below m_c = 1.275 GeV, the lowest quark threshold lqmodel's running handles",
    ),
    (
        ["--running", "none", "--scale", "4.18"],
        "scale 4.18 GeV: with running 'none' the coefficients are at m_S1 = 1500 GeV",
    ),
    (
        ["--running", "paper", "--scale", "10"],
        "scale 10 GeV: the paper's running factors eta_S, eta_T take the heavy mass to m_b = 4.18 GeV only; "
        "use another running for another scale",
    ),
    (
        ["--basis", "wcxf"],
        "wcxf: argument --basis: invalid choice: 'wcxf' (choose from 'flavio', 'JMS') "
        "(see 'lqmodel wcxf --help')",
    ),
]

SCAN = [
    (["--points", "0"], "'--points' = 0 is not allowed: needs a positive number of points"),
    (["--points", "-5"], "'--points' = -5 is not allowed: needs a positive number of points"),
    (
        ["--points", "1e12"],
        "'--points' = 1000000000000 is not allowed: is beyond the maximum 1e+11 (hours of "
        "computing); split the scan into several seeds",
    ),
    (
        ["--points", "1.5"],
        "scan: argument --points: not a whole number of points: '1.5' (see 'lqmodel scan --help')",
    ),
    (
        ["--points", "many"],
        "scan: argument --points: not a number of points: 'many' (see 'lqmodel scan --help')",
    ),
    (["--points", "1000", "--seed", "-1"], "'--seed' = -1 is not allowed: needs a non-negative integer"),
    (
        ["--points", "1000", "--workers", "0"],
        "'--workers' = 0 is not allowed: needs a positive number of processes",
    ),
    (["--points", "1000", "--spec", "{d}/nospec.yaml"], "{d}/nospec.yaml: no such file"),
    (
        ["--points", "1000", "--form", "papr"],
        "scan: argument --form: invalid choice: 'papr' (choose from 'general', "
        "'paper') (see 'lqmodel scan --help')",
    ),
]


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def check(code, err, expected):
    assert code == 2
    assert err == f"lqmodel: error: {expected}\n"


@pytest.mark.parametrize("argv, expected", EVALUATE, ids=[" ".join(a) for a, _ in EVALUATE])
def test_evaluate(capsys, argv, expected):
    """evaluate with a bad value or name: one line naming it."""
    try:
        code = main(["evaluate", "s1_lmu_ltau", *argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    check(code, err, expected)
    assert out == ""


@pytest.mark.parametrize("name", sorted(MODEL_FILES))
def test_model_file(capsys, tmp_path, name):
    """A model file with a mistake: one line naming the file (and line) or the field, term or coupling."""
    text, expected = MODEL_FILES[name]
    (tmp_path / name).write_text(text)
    code, _, err = run(capsys, ["evaluate", str(tmp_path / name)])
    check(code, err, expected.format(d=tmp_path))


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["evaluate", "s2_foo"], f"unknown model 's2_foo' (installed: {INSTALLED})"),
        (["evaluate", "{d}/nofile.py"], "{d}/nofile.py: no such model file"),
        (
            ["evaluate", "--set", "yL3=1"],
            "evaluate: the MODEL argument is missing (see 'lqmodel evaluate --help')",
        ),
        (["show", "s2_foo"], f"unknown model 's2_foo' (installed: {INSTALLED})"),
        (["show", "s1_lmu_ltau", "--order", "-1"], "--order -1: needs a non-negative order"),
        (
            ["params", "s1_lmu_tau"],
            "unknown model 's1_lmu_tau'; did you mean 's1_lmu_ltau' or 's1_lmu_ltau_mu'? "
            f"(installed: {INSTALLED})",
        ),
        (
            ["frob"],
            "argument COMMAND: invalid choice: 'frob' (choose from 'models', 'show', 'params', 'evaluate', "
            "'wcxf', 'scan', 'reproduce', 'plot', 'compare') (see 'lqmodel --help')",
        ),
    ],
)
def test_names_and_arguments(capsys, tmp_path, argv, expected):
    """Unknown models and commands, a missing argument, a bad option value."""
    try:
        code = main([a.format(d=tmp_path) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    check(code, err, expected.format(d=tmp_path))


@pytest.mark.parametrize("argv, expected", WCXF, ids=[" ".join(a) for a, _ in WCXF])
def test_wcxf(capsys, tmp_path, argv, expected):
    """wcxf with a bad basis, sector, scale or running: one line, and no file written."""
    out = tmp_path / "out.json"
    try:
        code = main(["wcxf", "s1_lmu_ltau", "--set", "yL3=1", *argv, "-o", str(out)])
    except SystemExit as exit_:
        code = exit_.code
    check(code, capsys.readouterr().err, expected)
    assert not out.exists()


@pytest.mark.parametrize(
    "where, expected",
    [
        ("nodir/x.json", "cannot write '{d}/nodir/x.json': directory '{d}/nodir' does not exist"),
        ("", "cannot write '{d}/': is a directory"),
    ],
)
def test_wcxf_output(capsys, tmp_path, where, expected):
    """-o into a missing directory, or onto a directory, is refused before anything is computed."""
    code = main(["wcxf", "s1_lmu_ltau", "--set", "yL3=1", "-o", f"{tmp_path}/{where}"])
    check(code, capsys.readouterr().err, expected.format(d=tmp_path))


@pytest.mark.parametrize("argv, expected", SCAN, ids=[" ".join(a) for a, _ in SCAN])
def test_scan_arguments(capsys, tmp_path, argv, expected):
    """scan with bad points, seed, workers or spec path: one line, and no output directory."""
    out = tmp_path / "out"
    try:
        code = main(
            ["scan", "s1_lmu_ltau", *(a.format(d=tmp_path) for a in argv), "--out", str(out), "--quiet"]
        )
    except SystemExit as exit_:
        code = exit_.code
    check(code, capsys.readouterr().err, expected.format(d=tmp_path))
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(SPECS))
def test_scan_spec(capsys, tmp_path, name):
    """A scan spec that breaks the schema or does not fit the model: one line, nothing written."""
    text, expected = SPECS[name]
    (tmp_path / name).write_text(text)
    out = tmp_path / "out"
    code = main(
        [
            "scan",
            "s1_lmu_ltau",
            "--spec",
            str(tmp_path / name),
            "--points",
            "1000",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    check(code, capsys.readouterr().err, expected.format(d=tmp_path))
    assert not out.exists()


def test_range_as_a_bare_list_is_accepted(capsys, tmp_path):
    """'yL3: [-1, 1]' is read as a range, like 'yL3: {range: [-1, 1]}'."""
    (tmp_path / "s.yaml").write_text("parameters: {yL3: [-1, 1]}\nkeep: [R_nu]\n")
    code = main(
        [
            "scan",
            "s1_lmu_ltau",
            "--spec",
            str(tmp_path / "s.yaml"),
            "--points",
            "1000",
            "--out",
            str(tmp_path / "o"),
            "--quiet",
        ]
    )
    assert code == 0, capsys.readouterr().err


class TestOutputs:
    def test_out_is_a_file(self, capsys, tmp_path):
        """--out naming a file is refused."""
        (tmp_path / "f").write_text("x")
        code = main(["scan", "s1_lmu_ltau", "--points", "1000", "--out", str(tmp_path / "f"), "--quiet"])
        check(
            code,
            capsys.readouterr().err,
            f"output directory {str(tmp_path / 'f')!r} is a file, not a directory",
        )

    def test_out_below_a_file(self, capsys, tmp_path):
        """--out below a file cannot be created."""
        (tmp_path / "f").write_text("x")
        code = main(
            ["scan", "s1_lmu_ltau", "--points", "1000", "--out", str(tmp_path / "f" / "s"), "--quiet"]
        )
        check(
            code,
            capsys.readouterr().err,
            f"cannot write {str(tmp_path / 'f' / 's')!r}: {str(tmp_path / 'f')!r} is a file, not a directory",
        )

    @pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
    def test_out_not_writable(self, capsys, tmp_path):
        """--out inside a read-only directory is refused before any work."""
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        code = main(["scan", "s1_lmu_ltau", "--points", "1000", "--out", str(ro / "s"), "--quiet"])
        check(code, capsys.readouterr().err, f"cannot write {str(ro / 's')!r}: {str(ro)!r} is not writable")

    def test_out_that_cannot_be_created(self, capsys):
        """A directory the system will not create (under /proc) is refused in one line."""
        code = main(["scan", "s1_lmu_ltau", "--points", "1000", "--out", "/proc/lqmodel-test/s", "--quiet"])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("lqmodel: error: cannot write '/proc/lqmodel-test/s'")
        assert err.count("\n") == 1

    def test_other_seed_hint_does_not_suggest_resume(self, capsys, tmp_path):
        """A refused --out that holds a different scan does not suggest --resume."""
        base = ["scan", "s1_lmu_ltau", "--points", "1000", "--out", str(tmp_path / "s"), "--quiet"]
        assert main([*base, "--seed", "1"]) == 0
        capsys.readouterr()
        check(
            main([*base, "--seed", "2"]),
            capsys.readouterr().err,
            f"output directory {str(tmp_path / 's')!r} already holds a scan; it is a different scan, "
            "so choose another --out",
        )


class TestProcesses:
    def test_closed_pipe_exits_quietly(self):
        """'lqmodel evaluate … | head -1' ends without a traceback or a message."""
        r = subprocess.run(
            f"{sys.executable} -m lqmodel evaluate s1_lmu_ltau --set yL3=1 | head -1",
            shell=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.stdout.startswith("Model s1_lmu_ltau")
        assert r.stderr == ""

    def test_dask_without_scheduler(self, tmp_path):
        """--dask with no scheduler: one line within 10 s, and no output directory left behind."""
        pytest.importorskip("distributed")
        out = tmp_path / "s"
        start = time.monotonic()
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "lqmodel",
                "scan",
                "s1_lmu_ltau",
                "--points",
                "1000",
                "--out",
                str(out),
                "--quiet",
                "--dask",
                "tcp://127.0.0.1:9",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert time.monotonic() - start < 10 + 5  # 10 s, plus a cold kernel build
        assert (r.returncode, r.stderr) == (
            2,
            "lqmodel: error: no dask scheduler answers at 'tcp://127.0.0.1:9' (OSError)\n",
        )
        assert not out.exists()

    def test_no_traceback_from_the_installed_command(self, tmp_path):
        """The installed entry point turns an error into one line (no traceback), exit code 2."""
        exe = os.path.join(os.path.dirname(sys.executable), "lqmodel")
        r = subprocess.run(
            [exe, "evaluate", "s1_lmu_ltau", "--set", "m_S1=1.5 ps"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (r.returncode, r.stderr) == (
            2,
            "lqmodel: error: 'm_S1' must have dimension [mass] (got 1.5 picosecond)\n",
        )


def test_the_catalogue_is_large():
    """The catalogue holds at least 50 cases (the issue's bar)."""
    n = len(EVALUATE) + len(MODEL_FILES) + len(SPECS) + len(WCXF) + len(SCAN) + 7 + 2 + 5 + 3
    assert n >= 50
