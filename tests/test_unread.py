"""Sectors a model feeds that no observable reads are named as not computed, never dropped."""

import json

from lqmodel import Study
from lqmodel.faces.cli import main
from lqmodel.numeric.program import sector_processes, unread_coefficients


def test_lepton_flavour_violating_and_kaon_sectors_are_named(r2t):
    """R̃2 coupling d_R to e, μ, τ gives s → dμe (K_L → μe) and s → dμμ (K_L → μμ), which lqmodel has
    no observable for: each is listed with its coefficients."""
    unread = unread_coefficients(r2t)
    assert "VedLR_1212" in unread["(d s)(e mu)"]
    assert "VedLR_2212" in unread["(d s)(mu mu)"]
    assert sector_processes("(d s)(e mu)") == "K_L -> mu e, K -> pi l l'"
    assert sector_processes("(d s)(mu mu)") == "K_L -> l l, K -> pi l l"
    # a neutrino pair is not a charged-lepton one; a kaon cannot decay to a tau
    assert sector_processes("(u c)(nue numu)") == "c -> u nu nu (D -> pi nu nu)"
    assert sector_processes("(u c)(mu mu)") == "c -> u l l (D -> pi l l)"
    assert (
        sector_processes("(d s)(e tau)")
        == sector_processes("(d s)(tau tau)")
        == ("tau -> l K decays (no kaon decays to a tau: m_tau > m_K)")
    )
    # read sectors are not listed: b -> s mu mu feeds R_K and B_s -> mu mu, b -> s mu e B -> K mu e
    assert "(s b)(mu mu)" not in unread and "(s b)(nue nue)" not in unread
    assert "(s b)(e mu)" not in unread and "(d b)(e mu)" not in unread


def test_every_face_shows_them(r2t, capsys, tmp_path):
    r = Study(r2t, observables=["R_nu"], couplings=False, wilson=()).at(yRL22=0.1, yRL21=0.1)
    assert "(d s)(mu mu)" in r.unread and "not_computed_coefficients" in r.to_json()
    model_file = tmp_path / "r2t.py"
    from pathlib import Path

    import lqmodel

    src = Path(lqmodel.__file__).resolve().parent.parent / "models" / "r2tilde.py"
    model_file.write_text(src.read_text())
    assert main(["evaluate", str(model_file), "--set", "yRL22=0.1"]) == 0
    out = capsys.readouterr().out
    assert "Not computed: the model generates these sectors" in out
    assert "(d s)(e mu): K_L -> mu e, K -> pi l l'" in out
    assert main(["evaluate", str(model_file), "--set", "yRL22=0.1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "VedLR_1212" in doc["not_computed_coefficients"]["(d s)(e mu)"]


def test_spec_bound_without_a_decimal_point_is_a_number():
    """YAML reads -89e-11 (no point) as a string: the spec makes it the number it is."""
    import numpy as np

    from lqmodel.numeric.spec import load_spec

    text = (
        "name: t\nparameters:\n  yL3: {range: [-1, 1]}\n"
        "constraints:\n  - {observable: R_nu, between: [-89e-11, 2e0]}\n"
    )
    c = load_spec(text=text).constraints[0]
    assert (c.low, c.high) == (-8.9e-10, 2.0)
    assert list(c.mask(np.array([1.0, 3.0]))) == [True, False]


def test_negative_zero_is_printed_as_zero(r2t, capsys):
    """R̃2 has no ΔM_K at zero coupling: the table prints 0, not -0 (gallery review)."""
    assert main(["evaluate", "r2tilde"]) == 0
    assert "-0.0000e+00" not in capsys.readouterr().out
