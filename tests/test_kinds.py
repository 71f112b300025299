"""Every kind of scalar leptoquark, written by a user in a few lines of the public API and without the
paper's inputs, evaluates, scans and exports through the command line (docs/leptoquarks.md).

Each model is a file in a temporary directory, as a physicist would write it; only sm.yaml inputs.
The physics of each kind is checked elsewhere (tests/test_matching.py, test_loops.py,
test_dipoles.py, test_charged.py); here the numbers must come out, and what a kind does not get
must be named.
"""

from __future__ import annotations

import json

import pytest

from lqmodel.faces.cli import main

HEAD = (
    "from lqmodel import REVIEW_HYPERCHARGE, Coupling, Field, Model, Yukawa, bar, barc, conj\n"
    "from lqmodel import standard_model\n"
    "sm = standard_model(REVIEW_HYPERCHARGE)\n"
)

KINDS = {
    # S1 ~ (3bar, 1, 1/3): generic complex 3x3 y_L and y_R, no U(1)'
    "s1": (
        "S1 = Field.scalar('S1', su3='3bar', Y='1/3', mass='m_S1')\n"
        "model = Model('s1_generic', sm, (S1,), (\n"
        "    Yukawa(Coupling('yL', shape=(3, 3)), barc(sm.Q), sm.L, S1),\n"
        "    Yukawa(Coupling('yR', shape=(3, 3)), barc(sm.uR), sm.eR, S1)),\n"
        "    sign='+L', defaults={'m_S1': '1.5 TeV'})\n",
        {"yL33": "0.8", "yL23": "0.3", "yR23": "0.2", "yL22": "0.1"},
    ),
    # S3 ~ (3bar, 3, 1/3) coupled to muons
    "s3": (
        "S3 = Field.scalar('S3', su3='3bar', su2=3, Y='1/3', mass='m_S3')\n"
        "model = Model('s3_mu', sm, (S3,), (Yukawa(Coupling('y', shape=(3, 3)), barc(sm.Q), sm.L, S3),),\n"
        "    sign='+L', aligned='down', defaults={'m_S3': '1.5 TeV'})\n",
        {"y32": "0.3", "y22": "-0.2"},
    ),
    # R2 ~ (3, 2, 7/6) coupled to tau
    "r2": (
        "R2 = Field.scalar('R2', su3=3, su2=2, Y='7/6', mass='m_R2')\n"
        "model = Model('r2_tau', sm, (R2,), (\n"
        "    Yukawa(Coupling('yRL', shape=(3, 3)), bar(sm.uR), sm.L, R2),\n"
        "    Yukawa(Coupling('yLR', shape=(3, 3)), bar(sm.eR), sm.Q, conj(R2))),\n"
        "    sign='+L', defaults={'m_R2': '1.5 TeV'})\n",
        {"yRL23": "0.4", "yLR33": "0.3", "yLR32": "0.1+0.05j"},
    ),
    # R2tilde ~ (3, 2, 1/6)
    "r2t": (
        "R2t = Field.scalar('R2t', su3=3, su2=2, Y='1/6', mass='m_R2t')\n"
        "y = Coupling('y', shape=(3, 3))\n"
        "model = Model('r2t_user', sm, (R2t,), (Yukawa(y, bar(sm.dR), sm.L, R2t),),\n"
        "    sign='+L', defaults={'m_R2t': '1.5 TeV'})\n",
        {"y33": "0.5", "y23": "0.3"},
    ),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request, tmp_path):
    text, point = KINDS[request.param]
    path = tmp_path / f"{request.param}.py"
    path.write_text(HEAD + text)
    return request.param, str(path), point


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate(capsys, kind):
    """evaluate: flavour, mixing and dipole observables come out as numbers; the Z′ sector is named
    as absent; no traceback, no paper inputs."""
    _, path, point = kind
    code, out, err = run(capsys, "evaluate", path, "--set", *(f"{k}={v}" for k, v in point.items()), "--json")
    assert code == 0, err
    doc = json.loads(out)
    obs = doc["observables"]
    for n in ("R_nu", "Rtaul(B->Dlnu)", "DeltaM_s_NP", "Delta_a_mu", "BR(tau->mugamma)"):
        assert isinstance(obs[n], float), n
    assert "declares no light gauge boson" in doc["not_evaluated"]["BR(B+->KZp)"]
    assert doc["contributions"]["Delta_a_mu"]["Z' loop"].startswith("not in this model")
    assert obs["DeltaM_s_NP"] != 0  # every kind has b-s couplings at this point: a box
    assert "epsilon" not in doc["parameters"] and "g_Zp" not in doc["parameters"]  # no paper inputs


def test_scan(capsys, kind, tmp_path):
    """scan: a user's spec on two of its (complex) couplings, real parts sampled, runs and keeps points."""
    _, path, point = kind
    couplings = list(point)[:2]
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "parameters:\n"
        + "".join(f"  {c}.re: [-1, 1]\n" for c in couplings)
        + "constraints:\n  - {observable: R_nu, max: 2.2}\n"
        + "keep: [R_nu, DeltaM_s_NP, Delta_a_mu]\n"
    )
    out_dir = tmp_path / "scan"
    code, out, err = run(
        capsys,
        "scan",
        path,
        "--spec",
        str(spec),
        "--points",
        "20000",
        "--out",
        str(out_dir),
        "--workers",
        "1",
        "--quiet",
    )
    assert code == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["points"] == 20000 and 0 < summary["kept"] <= 20000


@pytest.mark.parametrize("basis", ["JMS", "flavio"])
def test_export(capsys, kind, tmp_path, basis):
    """wcxf: the default export writes a file; what the basis or the running cannot hold is named."""
    _, path, point = kind
    out_file = tmp_path / "wc.json"
    code, _, err = run(
        capsys,
        "wcxf",
        path,
        "--set",
        *(f"{k}={v}" for k, v in point.items()),
        "--basis",
        basis,
        "-o",
        str(out_file),
    )
    assert code == 0, err
    doc = json.loads(out_file.read_text())
    assert doc["eft"] == "WET" and doc["basis"] == basis and doc["values"]
    assert "egamma" in err  # the dipoles are not run to m_b by lqmodel: named, not written
    assert not any(k.startswith("egamma") for k in doc["values"])
