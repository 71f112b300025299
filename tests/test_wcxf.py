"""Wilson coefficients at a point, the WCxf document, and `lqmodel wcxf`."""

import json
import math

import pytest

from lqmodel import BasisError
from lqmodel.faces.cli import main
from lqmodel.numeric.exports import wilson_coefficients
from lqmodel.numeric.study import wcxf_document
from lqmodel.symbols.ckm import ckm_values

POINT = {"yL3": 1.0, "yR2": -0.8}
GF = 1.1663788e-5
V = ckm_values(0.223, 0.833, 0.163, 0.357)


def cs_at_mS1(yR2=-0.8, m=1500.0):
    """Eq. (19) by hand: C_S = −√2/(4 G_F V_cb) · Y_b y_R2/(2 m²), Y_b = V_tb for y_L3 = 1."""
    return -math.sqrt(2) / (4 * GF * V[1][2].real) * V[2][2].real * yR2 / (2 * m**2)


class TestWilsonCoefficients:
    def test_CSL_with_paper_running(self, s1):
        """At m_b, CSL_bctaunutau = 1.57 × eq. (19) (the paper's η_S)."""
        scale, v = wilson_coefficients(s1, POINT, basis="flavio", sectors=("cbtaunu",), running="paper")
        assert scale == 4.18
        assert v["CSL_bctaunutau"].real == pytest.approx(1.57 * cs_at_mS1(), rel=1e-9)
        assert v["CT_bctaunutau"].real == pytest.approx(-0.86 * cs_at_mS1() / 4, rel=1e-9)

    def test_no_running_at_matching_scale(self, s1):
        """At m_S1 with running 'none' the coefficient is eq. (19) itself."""
        _, v = wilson_coefficients(
            s1, POINT, basis="flavio", scale=1500.0, running="none", sectors=("cbtaunu",)
        )
        assert v["CSL_bctaunutau"].real == pytest.approx(cs_at_mS1(), rel=1e-9)

    def test_bs_mixing_value(self, s1):
        """At m_S1, VddLL_2323 = −(Y_s* Y_b)²/(128π² m²) at y_L3 = 1 (Y_s = V_ts, Y_b = V_tb)."""
        _, v = wilson_coefficients(s1, {"yL3": 1.0}, scale=1500.0, running="none")
        expected = -((V[2][1].conjugate() * V[2][2]) ** 2) / (128 * math.pi**2 * 1500.0**2)
        assert v["VddLL_2323"] == pytest.approx(expected, rel=1e-9)

    def test_bs_mixing_runs_to_mb(self, s1):
        """At m_b the ΔF = 2 coefficient carries the computed LO QCD factor, wilson's to 1%."""
        _, high = wilson_coefficients(s1, {"yL3": 1.0}, scale=1500.0, running="none")
        _, low = wilson_coefficients(s1, {"yL3": 1.0})
        # wilson 2.5.2 runs the same coefficient by 0.767 (tests/test_interop.py measures it live)
        assert low["VddLL_2323"] / high["VddLL_2323"] == pytest.approx(0.767, rel=0.01)

    def test_sm_limit(self, s1):
        """With all couplings zero every coefficient vanishes."""
        _, v = wilson_coefficients(s1, {})
        assert all(c == 0 for c in v.values())


class TestBadInput:
    def test_scale_not_positive(self, s1):
        """A scale ≤ 0 is refused."""
        with pytest.raises(BasisError, match=r"^scale -1.0: must be a positive number of GeV$"):
            wilson_coefficients(s1, POINT, scale=-1.0)

    def test_paper_running_only_to_mb(self, s1):
        """The paper's factors take m_S1 to m_b; another scale asks for another running."""
        with pytest.raises(BasisError, match="use another running for another scale"):
            wilson_coefficients(s1, POINT, scale=10.0, running="paper")

    def test_unknown_running(self, s1):
        """An unknown running method is named."""
        with pytest.raises(
            BasisError, match=r"^running 'exact': choose one of general, paper, wilson, none$"
        ):
            wilson_coefficients(s1, POINT, running="exact")


class TestDocument:
    def test_layout(self):
        """WCxf layout: eft, basis, scale, values; complex values as {Re, Im}; zeros dropped."""
        doc = wcxf_document(4.18, "JMS", {"A": 1.0 + 0j, "B": 1 + 2j, "C": 0j})
        assert doc == {
            "eft": "WET",
            "basis": "JMS",
            "scale": 4.18,
            "values": {"A": 1.0, "B": {"Re": 1.0, "Im": 2.0}},
        }


class TestCommand:
    def test_writes_file(self, capsys, tmp_path):
        """`lqmodel wcxf … -o FILE` writes the document and prints a JSON summary."""
        out = tmp_path / "point.json"
        code = main(
            [
                "wcxf",
                "s1_lmu_ltau",
                "--set",
                "yL3=1",
                "yR2=-0.8",
                "--basis",
                "flavio",
                "--sectors",
                "cbtaunu",
                "--running",
                "paper",
                "-o",
                str(out),
            ]
        )
        assert code == 0
        doc = json.loads(out.read_text())
        assert doc["basis"] == "flavio" and doc["values"]["CSL_bctaunutau"] == pytest.approx(
            1.57 * cs_at_mS1(), rel=1e-6
        )
        assert json.loads(capsys.readouterr().out)["out"] == str(out)

    def test_scale_with_unit(self, capsys):
        """--scale accepts a unit: '1.5 TeV' is the matching scale."""
        code = main(["wcxf", "s1_lmu_ltau", "--set", "yL3=1", "--scale", "1.5 TeV", "--running", "none"])
        assert code == 0 and json.loads(capsys.readouterr().out)["scale"] == 1500.0

    @pytest.mark.parametrize(
        "argv, message",
        [
            (["--basis", "flavio", "--strict"], "lqmodel: error: basis 'flavio': cannot express"),
            (["--basis", "flavio", "--sectors", "sbmumu"], "lqmodel: error: sector 'sbmumu': not in"),
            (["--scale", "0"], "lqmodel: error: scale 0.0: must be a positive number of GeV"),
            (["--scale", "2 ps"], "lqmodel: error: 'scale' must have dimension [mass] (got 2 picosecond)"),
        ],
    )
    def test_errors(self, capsys, argv, message):
        """Bad basis, sector or scale: one line, exit code 2."""
        code = main(["wcxf", "s1_lmu_ltau", "--set", "yL3=1", *argv])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith(message) and err.count("\n") == 1
