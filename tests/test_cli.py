"""The command line: output of show and evaluate, and one-line errors with exit code 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lqmodel.faces.cli import main
from lqmodel.model.loader import available_models

INSTALLED = ", ".join(available_models())


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestShow:
    def test_table_terms_removed_and_couplings(self, capsys):
        """show prints Table I, the τ-only reason, and Y = V^T y_L exactly and as eq. (5)."""
        code, out, _ = run(capsys, "show", "s1_lmu_ltau")
        assert code == 0
        assert "S1     0     -      3       1       -2/3  -1" in out
        assert "L      1/2   L      1       2       -1    (0, 1, -1)" in out
        assert "yL11 = 0: bar(Q^c)_1 L_1 S1^* has Lmu-Ltau charge sum +1 != 0" in out
        assert "Y_b = V_cb yL2 + V_tb yL3 + V_ub yL1" in out
        assert "Y_d ~= yL1 - lambda yL2 + A yL3 lambda³ (1 - rho - i eta)" in out

    def test_latex(self, capsys):
        """--latex prints the fields and the couplings as LaTeX formulas."""
        code, out, _ = run(capsys, "show", "s1_lmu_ltau", "--latex")
        assert code == 0 and r"S_1 \sim (\mathbf{3}, \mathbf{1}, -2/3)" in out and r"V_{tb} y_{L3}^q" in out


class TestShowWilson:
    def test_symbolic_coefficients(self, capsys):
        """show --wilson prints the derived coefficients: eq. (7)'s structure and eq. (22)'s box."""
        code, out, _ = run(capsys, "show", "s1_lmu_ltau", "--wilson")
        assert code == 0
        assert "VnudLL_3323 = Y_b Y_s*/(2 m_S1²)" in out
        assert "VddLL_2323 = -Y_b² Y_s*²/(128 π² m_S1²)" in out
        assert "C_T_tau = Y_b yR2 √(2)/(32 V_cb GF m_S1²)    [normalised as eq. (19)]" in out

    def test_latex(self, capsys):
        """--wilson --latex prints the coefficients in LaTeX."""
        code, out, _ = run(capsys, "show", "s1_lmu_ltau", "--wilson", "--latex")
        assert code == 0 and r"\frac{Y_{b}^{S_1} \overline{Y_{s}^{S_1}}}{2 m_{S_1}^{2}}" in out


class TestEvaluate:
    def test_json_layout_and_values(self, capsys):
        """--json gives model, parameters (GeV units) and couplings as {Re, Im}; Y = V^T y_L."""
        code, out, _ = run(
            capsys,
            "evaluate",
            "s1_lmu_ltau",
            "--set",
            "yL1=0.02",
            "yL2=0.1",
            "yL3=1.0",
            "m_S1=1.5 TeV",
            "--json",
        )
        doc = json.loads(out)
        assert code == 0 and doc["model"] == "s1_lmu_ltau"
        assert doc["parameters"]["m_S1"] == 1500.0
        # Y_b = V_ub yL1 + V_cb yL2 + V_tb yL3 with |V_cb| = Aλ², V_tb ≈ 1 - A²λ⁴/2
        assert doc["couplings"]["Y_b"]["Re"] == pytest.approx(
            0.02 * 0.00150573 + 0.1 * 0.833 * 0.223**2 + 0.99913508, rel=1e-6
        )
        assert set(doc["couplings"]) == {"Y_d", "Y_s", "Y_b"}

    def test_json_has_wilson_and_observables(self, capsys):
        """--json adds a WCxf 'wilson' dict (JMS at m_b) and every observable by name."""
        from lqmodel.observables import names

        _, out, _ = run(capsys, "evaluate", "s1_lmu_ltau", "--set", "yL3=1", "yR2=-0.8", "--json")
        doc = json.loads(out)
        assert doc["wilson"]["eft"] == "WET" and doc["wilson"]["basis"] == "JMS"
        assert doc["wilson"]["scale"] == 4.18 and "SnueduRR_3332" in doc["wilson"]["values"]
        assert set(doc["observables"]) == set(names())

    def test_table_prints_every_observable(self, capsys):
        """The issue's command prints every observable with SM value, ratio and measurement."""
        from lqmodel.observables import names

        code, out, _ = run(
            capsys, "evaluate", "s1_lmu_ltau", "--set", "yL1=0.02", "yL2=0.1", "yL3=1.0", "yR2=-0.8"
        )
        assert code == 0
        for name in names():
            assert f"  {name} " in out
        assert "1.14e-10 +4e-11 -3.3e-11" in out  # K+ -> pi+ nu nu measurement (E949 + NA62)

    def test_model_without_zprime(self, capsys):
        """R2tilde has no Z′: evaluate gives its flavour observables and leaves the Z′ sector out."""
        code, out, _ = run(capsys, "evaluate", "r2tilde", "--set", "yRL23=0.3", "yRL33=-0.5+0.1j", "--json")
        doc = json.loads(out)
        assert code == 0 and not {"BR(B+->KZp)", "epsilon_Zp", "Delta_a_mu_Zp"} & set(doc["observables"])
        assert "declares no light gauge boson 'Zp'" in doc["not_evaluated"]["BR(B+->KZp)"]
        # Δa_μ is what R̃2 contributes: its dipole, and no Z′ loop, said so
        assert doc["contributions"]["Delta_a_mu"]["Z' loop"].startswith("not in this model")
        assert doc["observables"]["BR(B+->Knunu)"] > 4.65e-6  # a right-handed C_R effect
        assert doc["parameters"]["yRL33"] == {"Re": -0.5, "Im": 0.1}

    def test_sm_limit(self, capsys):
        """With every coupling at its default (0), all derived couplings vanish."""
        _, out, _ = run(capsys, "evaluate", "s1_lmu_ltau", "--json")
        doc = json.loads(out)
        assert all(v == {"Re": 0.0, "Im": 0.0} for v in doc["couplings"].values())
        assert doc["observables"]["R_nu"] == pytest.approx(1.0, abs=1e-12)
        assert doc["wilson"]["values"] == {}

    def test_table(self, capsys):
        """Without --json a readable table is printed."""
        code, out, _ = run(capsys, "evaluate", "s1_lmu_ltau", "--set", "yL3=1")
        assert code == 0 and "Y_b" in out and "m_S1" in out


BAD = [
    (
        ["evaluate", "s1_lmu_ltau", "--set", "m_S1=1.5 ps"],
        "lqmodel: error: 'm_S1' must have dimension [mass] (got 1.5 picosecond)",
    ),
    (
        ["evaluate", "s1_lmu_ltau", "--set", "m_S2=1"],
        "lqmodel: error: unknown parameter 'm_S2'; did you mean 'm_S1' or 'm_t' or 'm_e'?",
    ),
    (
        ["evaluate", "s1_lmu_ltau", "--set", "lambda=1.3"],
        "lqmodel: error: 'lambda' = 1.3 is not allowed: needs 0 < lambda < 1 (lambda = sin θ12)",
    ),
    (
        ["evaluate", "s1_lmu_ltau", "--set", "yL1=nan"],
        "lqmodel: error: 'yL1' = nan is not allowed: must be finite",
    ),
    (
        ["evaluate", "s1_lmu_ltau", "--set", "yL1=0.1j"],
        "lqmodel: error: 'yL1' = 0.1j is not allowed: must be real",
    ),
    (
        ["evaluate", "s1_lmu_ltau", "--set", "yL1"],
        "lqmodel: error: 'yL1' = 'yL1' is not allowed: write NAME=VALUE, e.g. m_S1='1.5 TeV'",
    ),
    (
        ["scan", "s1_lmu_ltau", "--points", "10", "--seed", "-1", "--out", "unused-dir"],
        "lqmodel: error: '--seed' = -1 is not allowed: needs a non-negative integer",
    ),
    (
        ["show", "s1_lmu_tau"],
        "lqmodel: error: unknown model 's1_lmu_tau'; did you mean 's1_lmu_ltau' or 's1_lmu_ltau_mu'? "
        f"(installed: {INSTALLED})",
    ),
]


class TestErrors:
    @pytest.mark.parametrize("argv, message", BAD)
    def test_one_line_exit_2(self, capsys, argv, message):
        """Each user mistake gives exactly one line on stderr and exit code 2."""
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "" and err == message + "\n"

    def test_scan_of_a_model_file_without_a_spec(self, capsys, tmp_path):
        """A model file with no NAME.scan.yaml beside it: the scan needs --spec, and says so."""
        src = Path(__file__).resolve().parent.parent / "models" / "r2tilde.py"
        f = tmp_path / "my_r2t.py"
        f.write_text(src.read_text())
        code, out, err = run(capsys, "scan", str(f), "--points", "10", "--out", str(tmp_path / "out"))
        assert code == 2 and out == ""
        assert err == "lqmodel: error: model 'r2tilde': ships no default scan; give one with --spec FILE\n"

    def test_model_file_without_model(self, capsys, tmp_path):
        """A model file that defines no Model is named in the error."""
        f = tmp_path / "empty_model.py"
        f.write_text("x = 1\n")
        code, _, err = run(capsys, "show", str(f))
        assert code == 2
        assert err == f"lqmodel: error: {f}: defines no lqmodel.Model (assign one to 'model')\n"

    def test_gauge_violating_model_file(self, capsys, tmp_path):
        """A model file with a term that breaks hypercharge fails with the group and the sum."""
        f = tmp_path / "bad_model.py"
        f.write_text(
            "from lqmodel import Coupling, Field, Model, Yukawa, barc, conj, standard_model\n"
            "sm = standard_model()\n"
            "S = Field.scalar('S', su3=3, Y='1/3', mass='m_S')\n"
            "model = Model('bad', sm, (S,), (Yukawa(Coupling('y'), barc(sm.Q), sm.L, conj(S)),))\n"
        )
        code, _, err = run(capsys, "show", str(f))
        assert code == 2
        assert err == (
            "lqmodel: error: term y bar(Q^c) L S^* is not invariant under U(1)Y: "
            "hypercharge sum -1 != 0 (Q = T3 + 1/2*Y)\n"
        )

    def test_no_traceback_from_the_installed_command(self):
        """The console script itself exits 2 with no traceback."""
        proc = subprocess.run(
            [sys.executable, "-m", "lqmodel.faces.cli", "show", "nope"], capture_output=True, text=True
        )
        assert proc.returncode == 2 and "Traceback" not in proc.stderr

    def test_help(self, capsys):
        """Every command has --help."""
        for cmd in ("show", "evaluate", "models"):
            with pytest.raises(SystemExit) as ex:
                main([cmd, "--help"])
            assert ex.value.code == 0
            assert "usage: lqmodel " + cmd in capsys.readouterr().out


class TestVariantsThroughTheCommands:
    """Variants a physicist writes in an afternoon go through every command without a traceback."""

    def test_down_aligned_model(self, capsys, tmp_path):
        """A down-aligned variant (a named coupling that is a bare coupling entry) evaluates."""
        f = tmp_path / "s1_down.py"
        f.write_text(
            "import attrs\nfrom lqmodel import load_model\n"
            "model = attrs.evolve(load_model('s1_lmu_ltau'), name='s1_down', aligned='down')\n"
        )
        code, out, _ = run(capsys, "evaluate", str(f), "--set", "yL3=0.9", "--json")
        assert code == 0
        assert json.loads(out)["couplings"]["Y_b"] == {"Re": 0.9, "Im": 0.0}  # Y = y_L, no CKM

    def test_two_heavy_scalars(self, capsys, tmp_path):
        """A model with two leptoquarks of different masses shows its Wilson coefficients."""
        f = tmp_path / "two.py"
        f.write_text(
            "import attrs\n"
            "from lqmodel import Coupling, Field, NamedCoupling, Yukawa, barc, conj\n"
            "from lqmodel.models import s1_lmu_ltau as base\n"
            "S1b = Field.scalar('S1b', su3=3, Y='-2/3', charges={base.Lmu_Ltau: -1}, mass='m_S1b')\n"
            "y = Coupling('yb', real=True)\n"
            "model = attrs.evolve(base.model, name='two', fields=(base.S1, S1b),\n"
            "    terms=(*base.model.terms, Yukawa(y, barc(base.sm.Q), base.sm.L, conj(S1b))),\n"
            "    named=(NamedCoupling('Y', left='d', right='nu_tau', scalar='S1'),),\n"
            "    defaults={'m_S1b': '3 TeV'})\n"
        )
        code, out, err = run(capsys, "show", str(f), "--wilson")
        assert code == 0, err
        assert "m_S1b²" in out and "m_S1²" in out


class TestParams:
    def test_lists_every_input(self, capsys):
        """params lists SM inputs, the model's mass and its coupling entries, with unit and source."""
        code, out, _ = run(capsys, "params", "s1_lmu_ltau")
        assert code == 0
        mass = next(ln for ln in out.splitlines() if ln.strip().startswith("m_S1 "))
        assert "1500 GeV" in mass and "[positive]" in mass and "Chen & Chiang 2024, Sec. V" in mass
        line = next(ln for ln in out.splitlines() if ln.strip().startswith("GF "))
        assert "1.16638e-05 ± 6e-12 GeV^-2" in line and "PDG 2022" in line
        assert any(ln.strip().startswith("yL3 ") and "coupling entry" in ln for ln in out.splitlines())

    def test_json(self, capsys):
        """params --json gives value, unit, uncertainty, domain, source and kind for each input."""
        _, out, _ = run(capsys, "params", "s1_lmu_ltau", "--json")
        doc = json.loads(out)
        assert doc["m_S1"]["value"] == 1500.0 and doc["m_S1"]["unit"] == "GeV"
        assert doc["DeltaM_s_exp"]["unit"] == "ps^-1" and doc["yL3"]["kind"] == "coupling"


class TestInvocation:
    def test_python_dash_m(self):
        """python -m lqmodel runs the command line."""
        r = subprocess.run(
            [sys.executable, "-m", "lqmodel", "models"], capture_output=True, text=True, timeout=60
        )
        assert r.returncode == 0 and "s1_lmu_ltau" in r.stdout.split()

    def test_set_before_the_model(self, capsys):
        """'evaluate --set a=1 b=2 MODEL' does not swallow the model name."""
        code, out, _ = run(capsys, "evaluate", "--set", "yL3=1", "yR2=-0.5", "s1_lmu_ltau", "--json")
        doc = json.loads(out)
        assert code == 0 and doc["model"] == "s1_lmu_ltau" and doc["parameters"]["yR2"] == -0.5
