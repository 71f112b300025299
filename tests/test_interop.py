"""Interoperability with the `wilson` package (optional extra 'flavio'; installed in CI)."""

import os
from typing import ClassVar

import pytest

from lqmodel.faces.cli import main
from lqmodel.numeric.exports import wilson_coefficients

if os.environ.get("CI"):
    import wilson  # CI installs the extra: a missing package must fail, not skip
else:
    wilson = pytest.importorskip("wilson")

POINT = {"yL1": 0.02, "yL2": 0.1, "yL3": 1.0, "yR2": -0.8}


class TestWilsonValidates:
    @pytest.mark.parametrize(
        "basis, extra", [("JMS", []), ("flavio", ["--sectors", "sbnunu,sdnunu,cbtaunu"])]
    )
    def test_exported_file_loads_and_validates(self, tmp_path, capsys, basis, extra):
        """`lqmodel wcxf -o FILE` writes a WCxf file that wilson reads and validates."""
        out = tmp_path / f"point_{basis}.yaml"
        assert (
            main(
                [
                    "wcxf",
                    "s1_lmu_ltau",
                    "--set",
                    *(f"{k}={v}" for k, v in POINT.items()),
                    "--basis",
                    basis,
                    *extra,
                    "-o",
                    str(out),
                ]
            )
            == 0
        )
        with open(out) as fh:
            w = wilson.Wilson.load_wc(fh)
        w.wc.validate()
        assert w.wc.basis == basis and w.wc.values


class TestRunning:
    @pytest.mark.parametrize("mass", [1000.0, 1500.0, 5000.0])
    def test_general_running_within_two_percent_of_wilson(self, s1, mass):
        """lqmodel's computed running to m_b agrees with wilson's, coefficient by coefficient (≤ 2%)."""
        point = {**POINT, "m_S1": mass}
        _, ours = wilson_coefficients(s1, point, basis="JMS")
        _, theirs = wilson_coefficients(s1, point, basis="JMS", running="wilson")
        big = max(abs(v) for v in ours.values())
        for name in ("SnueduRR_3332", "TnueduRR_3332", "VnueduLL_3332", "VddLL_2323", "VnudLL_3323"):
            assert abs(ours[name] - theirs[name]) <= 0.02 * abs(theirs[name]) + 1e-6 * big, name

    def test_wilson_scalar_factor_near_paper(self, s1):
        """wilson's C_S(m_b)/C_S(m_S1) is a few per cent above the paper's 1.57; C_T's is near 0.86."""
        _, paper = wilson_coefficients(s1, POINT, basis="flavio", sectors=("cbtaunu",), running="paper")
        _, ran = wilson_coefficients(s1, POINT, basis="flavio", sectors=("cbtaunu",), running="wilson")
        eta_s = 1.57 * ran["CSL_bctaunutau"].real / paper["CSL_bctaunutau"].real
        eta_t = 0.86 * ran["CT_bctaunutau"].real / paper["CT_bctaunutau"].real
        assert 1.57 < eta_s < 1.57 * 1.10
        assert abs(eta_t / 0.86 - 1) < 0.02


class TestFlavioRoundTrip:
    """lqmodel's exported WCxf file, read by flavio (a real client), gives lqmodel's NP/SM ratios."""

    POINT: ClassVar = {"yL1": 0.02, "yL2": 0.1, "yL3": 1.0, "yR2": -0.3, "Xt": 1.462}  # flavio's X_t

    @pytest.mark.parametrize(
        "observable, sectors, scale",
        [
            ("BR(B+->Knunu)", "sbnunu", "4.8"),  # flavio evaluates b -> s nu nu at 4.8 GeV
            ("BR(K+->pinunu)", "sdnunu", "2.0"),  # and K -> pi nu nu at 2 GeV
            ("Rtaul(B->Dlnu)", "cbtaunu", None),  # m_b, with lqmodel's computed running
        ],
    )
    def test_ratio_within_one_percent(self, s1, tmp_path, capsys, observable, sectors, scale):
        """flavio's NP/SM ratio from the exported file agrees with lqmodel's within 1%."""
        if os.environ.get("CI"):
            import flavio
        else:
            flavio = pytest.importorskip("flavio")
        from lqmodel import Study

        out = tmp_path / "point.json"
        argv = [
            "wcxf",
            "s1_lmu_ltau",
            "--set",
            *(f"{k}={v}" for k, v in self.POINT.items()),
            "--basis",
            "flavio",
            "--sectors",
            sectors,
            "-o",
            str(out),
        ]
        if scale:
            argv += ["--scale", scale, "--running", "wilson"]
        assert main(argv) == 0
        with open(out) as fh:
            w = wilson.Wilson.load_wc(fh)
        ratio_flavio = flavio.np_prediction(observable, w) / flavio.sm_prediction(observable)
        ours = Study(s1, observables=(observable,)).at(self.POINT).ratio(observable)
        assert ratio_flavio > 1.1  # a real NP effect is being compared
        assert ratio_flavio == pytest.approx(ours, rel=0.01)


GENERIC_S1 = """
from lqmodel import PAPER_HYPERCHARGE, Coupling, Field, Model, Yukawa, barc, conj, standard_model
sm = standard_model(PAPER_HYPERCHARGE)
S1 = Field.scalar("S1", su3=3, Y="-2/3", mass="m_S1")
yL = Coupling("yL", real=True)
yR = Coupling("yR", real=False)
model = Model("s1_generic", sm, (S1,), (Yukawa(yL, barc(sm.Q), sm.L, conj(S1)),
              Yukawa(yR, barc(sm.uR), sm.eR, conj(S1))), inputs=("sm.yaml", "chen_chiang_2024.yaml"))
"""


class TestLeptonFlavourViolatingNeutrinos:
    """Without U(1)', S1 also makes ν_μ ν̄_τ final states, which add to B → Kνν̄ incoherently."""

    @pytest.mark.parametrize(
        "observable, sector, scale", [("BR(B+->Knunu)", "sbnunu", "4.8"), ("BR(KL->pinunu)", "sdnunu", "2.0")]
    )
    def test_against_flavio(self, tmp_path, capsys, observable, sector, scale):
        """With y_L32 = 0.6 beside y_L33 = 0.9, lqmodel's ratio equals flavio's to 0.2%."""
        if os.environ.get("CI"):
            import flavio
        else:
            flavio = pytest.importorskip("flavio")
        from lqmodel import Study, load_model

        f = tmp_path / "s1_generic.py"
        f.write_text(GENERIC_S1)
        point = ["yL33=0.9", "yL32=0.6", "yR23=-0.5", "Xt=1.462"]
        out = tmp_path / "point.json"
        assert (
            main(
                [
                    "wcxf",
                    str(f),
                    "--set",
                    *point,
                    "--basis",
                    "flavio",
                    "--sectors",
                    sector,
                    "--scale",
                    scale,
                    "--running",
                    "wilson",
                    "-o",
                    str(out),
                ]
            )
            == 0
        )
        with open(out) as fh:
            w = wilson.Wilson.load_wc(fh)
        assert any("numunutau" in k or "nutaunumu" in k for k in w.wc.values)  # LFV pairs exported
        theirs = flavio.np_prediction(observable, w) / flavio.sm_prediction(observable)
        model = load_model(str(f))
        values = {k: float(v) for k, v in (a.split("=") for a in point)}
        ours = Study(model, observables=(observable,)).at(values).ratio(observable)
        assert theirs == pytest.approx(ours, rel=2e-3)
