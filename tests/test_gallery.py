"""The gallery of leptoquark models (docs/gallery.md): S3, R2, R̃2, U1, a generic S1 and the paper's S1
with its U(1)′ charge flipped, each a short file in models/ with its scan spec.

For each model: (a) its tree-level Wilson coefficients against the literature's formulas
(Doršner, Fajfer, Greljo, Kamenik, Košnik, Phys. Rep. 641 (2016) 1, "the review": the b → sℓℓ,
b → sνν̄ and b → cτν̄ formulas of its section on B-meson decays, in the review's normalisations
below); (b) two to four observables against flavio, through lqmodel's flavio-basis WCxf export;
(c) show, evaluate, scan (2·10⁴ points of its shipped spec), export and plot through the command
line.  Equation numbers of the review are not quoted: its text was not at hand when these tests
were written, so each formula is also derived by hand in the test's docstring (tree-level
exchange, L_eff = J J†/M² for a scalar, −J J†/M² for a vector, and the Fierz identities of
tests/test_fierz.py and tests/test_vectors.py).

The review's normalisations, with v² = 1/(√2 G_F) and λ_t = V_tb V_ts*:
H = −(4G_F/√2) λ_t α/(4π) [C9 (s̄γP_L b)(ℓ̄γℓ) + C10 (s̄γP_L b)(ℓ̄γγ5ℓ) + primes (P_L → P_R)
+ C_L (s̄γP_L b)(ν̄γ(1−γ5)ν) + C_R (s̄γP_R b)(ν̄γ(1−γ5)ν)] and H = (4G_F/√2) V_cb
[(1 + g_V)(c̄γP_L b)(τ̄γP_L ν) + g_S (c̄P_L b)(τ̄P_L ν) + g_T (c̄σP_L b)(τ̄σP_L ν)], so from the JMS
coefficients (L_eff = Σ C O + h.c.): C9 = πv²/(αλ_t) (VedLL + VdeLR), C10 = πv²/(αλ_t) (VdeLR − VedLL),
C9′ = πv²/(αλ_t) (VedLR + VedRR), C10′ = πv²/(αλ_t) (VedRR − VedLR), C_L = πv²/(αλ_t) VnudLL,
C_R = πv²/(αλ_t) VnudLR, and g = −v² C*/(2 V_cb) for the b → c coefficients (JMS writes the
conjugate operator, (ν̄ … ℓ)(b̄ … c)).

Kernels compile once per test session (conftest's cache); each model's derivation is shared by
the coefficient tests and `evaluate`, and its full kernel by `evaluate` and the flavio comparison.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os

import pytest
import sympy

from lqmodel import Study, available_models, load_model
from lqmodel.faces.cli import main
from lqmodel.physics.effective import wet_coefficients
from lqmodel.physics.matching import named_symbols

GF = sympy.Symbol("GF", positive=True)
ALPHA = sympy.Symbol("alpha", positive=True)
LAMBDA_T = sympy.Symbol("lambda_t")  # V_tb V_ts*
V2 = 1 / (sympy.sqrt(2) * GF)  # v² = (246 GeV)²
NORM = sympy.pi * V2 / (ALPHA * LAMBDA_T)  # JMS → the review's C9, C10, C_L, C_R


@pytest.fixture(scope="module")
def models():
    return {name: load_model(name) for name in GALLERY}


def jms(model, name):
    """The JMS coefficient ``name`` at the matching scale, 0 if the model makes none.  A current-current
    class keeps one of C_prst and C_rpts = C_prst* (JMS); the other is read as the conjugate."""
    coeffs = wet_coefficients(model)
    if name in coeffs:
        return sympy.sympify(coeffs[name])
    cls, (p, r, s, t) = name.split("_")[0], name.split("_")[1]
    partner = f"{cls}_{r}{p}{t}{s}"
    if cls.startswith("V") and partner in coeffs:
        return sympy.conjugate(sympy.sympify(coeffs[partner]))
    return sympy.Integer(0)


@functools.cache
def _symbols(model) -> dict:
    """The coupling, mass and CKM symbols of the model's Wilson coefficients, by name."""
    found = set().union(*(sympy.sympify(e).free_symbols for e in wet_coefficients(model).values()))
    return {s.name: s for s in found}


def formula(model, text: str):
    """``text`` parsed with the model's symbols (with their assumptions) and GF, alpha, lambda_t, v2."""
    return sympy.sympify(
        text, locals={**_symbols(model), "GF": GF, "alpha": ALPHA, "lambda_t": LAMBDA_T, "v2": V2}
    )


def same(a, b) -> bool:
    return sympy.simplify(sympy.expand(a - b)) == 0


def g_from_jms(c):
    """The review's g_V, g_S or g_T of b → cℓν̄ from the JMS coefficient c (of the conjugate operator)."""
    return -V2 * sympy.conjugate(c) / (2 * sympy.Symbol("V_cb"))


def c9_c10(model, ll: str = "22", q: str = "23"):
    """(C9, C10, C9′, C10′) of b → sℓℓ in the review's normalisation, from the four JMS classes."""
    ledll, lrde = jms(model, f"VedLL_{ll}{q}"), jms(model, f"VdeLR_{q}{ll}")
    lred, rred = jms(model, f"VedLR_{ll}{q}"), jms(model, f"VedRR_{ll}{q}")
    return NORM * (ledll + lrde), NORM * (lrde - ledll), NORM * (lred + rred), NORM * (rred - lred)


# -- (a) the literature's tree-level formulas -------------------------------------------------------
class TestS3:
    def test_b_to_s_mumu_has_c9_equal_minus_c10(self, models):
        """C9 = −C10 = πv²/(αλ_t) y_bμ y_sμ*/m² and no primed coefficients (the review's S3 formulas).
        By hand: S3^{4/3} couples d̄^c_i P_L ℓ with −√2 y_iℓ, so L_eff = (2/m²)|…|², Fierzed
        (−½ for anticommuting fields, −1 from d̄^cγP_R d^c = −d̄γP_L d): +y_bℓ y_sℓ*/m² (s̄γP_L b)(ℓ̄γP_L ℓ)."""
        m = models["s3"]
        c9, c10, c9p, c10p = c9_c10(m)
        assert same(c9, formula(m, "pi*v2/(alpha*lambda_t)*yLL32*conjugate(yLL22)/m_S3**2"))
        assert same(c10, -c9) and c9p == 0 and c10p == 0

    def test_b_to_s_nunu_is_half_the_charged_lepton_coefficient(self, models):
        """C_L^{ij} = πv²/(2αλ_t) y_bj y_si*/m² for every neutrino pair (S3^{1/3} couples d̄^c ν with −y,
        1/√2 of the charged lepton's coupling): the νν̄ coefficient is half of C9, and C_R = 0 (the
        review's S3 formulas)."""
        m = models["s3"]
        for i in "123":
            for j in "123":
                text = f"pi*v2/(2*alpha*lambda_t)*yLL3{j}*conjugate(yLL2{i})/m_S3**2"
                assert same(NORM * jms(m, f"VnudLL_{i}{j}23"), formula(m, text)), (i, j)
        assert same(NORM * jms(m, "VnudLL_2223") * 2, c9_c10(m)[0])
        assert not any(k.startswith("VnudLR") for k in wet_coefficients(m))

    def test_b_to_c_tau_nu_is_vector_with_the_sign_opposite_to_s1(self, models):
        """g_V = −y_bν (V y*)_cτ/(4√2 G_F V_cb m²): the S3^{1/3} exchange, with the sign opposite to S1's
        (the review's S3 and S1 formulas); no scalar or tensor operator."""
        m = models["s3"]
        gv = g_from_jms(jms(m, "VnueduLL_3332"))
        expected = "-yLL33*(V_cd*conjugate(yLL13) + V_cs*conjugate(yLL23) + V_cb*conjugate(yLL33))"
        assert same(gv, formula(m, f"{expected}/(4*sqrt(2)*GF*V_cb*m_S3**2)"))
        assert not any(k.startswith(("SnueduRR", "TnueduRR")) for k in wet_coefficients(m))


class TestR2:
    def test_scalar_is_plus_four_tensor_at_the_matching_scale(self, models):
        """g_S = +4 g_T = y^RL_cν y^LR_τb/(4√2 G_F V_cb m²) at m_R2 (the review's R2 formulas; C_S = +4 C_T).
        By hand: R2^{2/3} couples y^RL (c̄ P_L ν) + y^LR* (b̄ P_R τ), so L_eff ⊃ y^RL y^LR/m² (c̄P_Lν)(τ̄P_L b)
        = −(y^RL y^LR/2m²)[(c̄P_L b)(τ̄P_Lν) + ¼ (c̄σP_L b)(τ̄σP_Lν)].  The phase is that of the
        Lagrangian as written in models/r2.py (the review's modulus)."""
        m = models["r2"]
        gs, gt = (g_from_jms(jms(m, f"{k}_3332")) for k in ("SnueduRR", "TnueduRR"))
        assert same(gs, formula(m, "yRL23*yLR33/(4*sqrt(2)*GF*V_cb*m_R2**2)"))
        assert same(gs, 4 * gt)

    def test_b_to_s_mumu_has_c9_equal_c10(self, models):
        """C9 = C10 = −πv²/(2αλ_t) y^LR_μb y^LR_μs*/m² from y^LR alone (right-handed muons; the review's
        R2 formulas), no primes, and no b → sνν̄ at tree level (R2 has no d-ν vertex)."""
        m = models["r2"]
        c9, c10, c9p, c10p = c9_c10(m)
        assert same(c9, formula(m, "-pi*v2/(2*alpha*lambda_t)*yLR23*conjugate(yLR22)/m_R2**2"))
        assert same(c10, c9) and c9p == 0 and c10p == 0
        assert not any(k.startswith("Vnud") for k in wet_coefficients(m))


class TestR2tilde:
    def test_b_to_s_nunu_is_right_handed(self, models):
        """C_R^{ij} = −πv²/(2αλ_t) ỹ_sj ỹ_bi*/m², C_L = 0 (the review's R̃2 formulas): R̃2^{−1/3} couples
        d̄_R ν, and (d̄_R P_L ν)(ν̄ P_R d_R) = −½ (d̄_R γ d_R)(ν̄ γ P_L ν)."""
        m = models["r2tilde"]
        for i, j in (("3", "3"), ("2", "3"), ("3", "2")):
            got = NORM * jms(m, f"VnudLR_{i}{j}23")
            text = f"-pi*v2/(2*alpha*lambda_t)*yRL2{j}*conjugate(yRL3{i})/m_R2t**2"
            assert same(got, formula(m, text)), (i, j)
        assert not any(k.startswith("VnudLL") for k in wet_coefficients(m))

    def test_b_to_s_mumu_is_primed_with_c9p_equal_minus_c10p(self, models):
        """C9′ = −C10′ = −πv²/(2αλ_t) ỹ_sμ ỹ_bμ*/m², no unprimed coefficient, and C9′ = C_R^{μμ}
        (R̃2^{2/3} couples d̄_R ℓ as R̃2^{−1/3} couples d̄_R ν; the review's R̃2 formulas)."""
        m = models["r2tilde"]
        c9, c10, c9p, c10p = c9_c10(m)
        assert c9 == 0 and c10 == 0
        assert same(c9p, formula(m, "-pi*v2/(2*alpha*lambda_t)*yRL22*conjugate(yRL32)/m_R2t**2"))
        assert same(c10p, -c9p)
        assert same(c9p, NORM * jms(m, "VnudLR_2223"))


class TestU1:
    """C9 = −C10 from x^LL, no tree-level b → sνν̄ and C_VL in R(D) are checked in tests/test_vectors.py;
    here the right-handed current and the scalar b → cτν̄ operator."""

    def test_right_handed_couplings_give_c9p_equal_c10p(self, models):
        """x^RR alone: C9′ = C10′ = −πv²/(αλ_t) x^RR_sμ x^RR_bμ*/m² (−J J†/m² of vector exchange, right-
        handed currents; the review's U1 formulas)."""
        m = models["u1"]
        _, _, c9p, c10p = c9_c10(m)
        assert same(c9p, formula(m, "-pi*v2/(alpha*lambda_t)*xR22*conjugate(xR32)/m_U1**2"))
        assert same(c10p, c9p)

    def test_b_to_c_tau_nu_scalar_is_right_handed_with_factor_minus_two(self, models):
        """g_SR = −(1/√2 G_F V_cb) (V x^LL)_cν x^RR_bτ*/m² = −2 (x^RR_bτ*/x^LL_bτ*) g_V: the −2 of the LR
        vector Fierz identity (the review's U1 formulas; Cornella, Fuentes-Martín, Isidori,
        arXiv:1903.11517: −2β_R*), a (c̄ P_R b) scalar and no tensor — unlike every scalar leptoquark."""
        m = models["u1"]
        gsr, gv = g_from_jms(jms(m, "SnueduRL_3332")), g_from_jms(jms(m, "VnueduLL_3332"))
        vx = "(V_cb*xL33 + V_cd*xL13 + V_cs*xL23)"
        assert same(gsr, formula(m, f"-{vx}*conjugate(xR33)/(sqrt(2)*GF*V_cb*m_U1**2)"))
        assert same(gv, formula(m, f"{vx}*conjugate(xL33)/(2*sqrt(2)*GF*V_cb*m_U1**2)"))
        assert not any(k.startswith(("TnueduRR", "SnueduRR")) for k in wet_coefficients(m))


class TestS1Generic:
    def test_scalar_is_minus_four_tensor_at_the_matching_scale(self, models):
        """g_S = −4 g_T = −y^LL_bν y^RR_cτ*/(4√2 G_F V_cb m²) at m_S1 (the review's S1 formulas).
        By hand: S1 couples −y^LL (b̄^c P_L ν) + y^RR (c̄^c P_R τ); the Fierz of (ν̄ P_R b^c)(c̄^c P_R τ) and
        c̄^c P_R b^c = b̄ P_R c, c̄^c σ P_R b^c = −b̄ σ P_R c give +½ S − ⅛ T."""
        m = models["s1_generic"]
        gs, gt = (g_from_jms(jms(m, f"{k}_3332")) for k in ("SnueduRR", "TnueduRR"))
        assert same(gs, formula(m, "-yLL33*conjugate(yRR23)/(4*sqrt(2)*GF*V_cb*m_S1**2)"))
        assert same(gs, -4 * gt)

    def test_b_to_c_l_nu_vector_for_every_lepton(self, models):
        """g_V^{ℓν} = y^LL_bν (V y^LL*)_cℓ/(4√2 G_F V_cb m²) for ℓ = e, μ, τ and every neutrino (the
        review's S1 formula, with the lepton indices free): lepton universality and flavour are broken
        by the couplings alone."""
        m = models["s1_generic"]
        for nu, lep in (("3", "3"), ("2", "2"), ("1", "1"), ("3", "2"), ("2", "3")):
            got = g_from_jms(jms(m, f"VnueduLL_{nu}{lep}32"))
            vy = f"(V_cb*conjugate(yLL3{lep}) + V_cd*conjugate(yLL1{lep}) + V_cs*conjugate(yLL2{lep}))"
            text = f"yLL3{nu}*{vy}/(4*sqrt(2)*GF*V_cb*m_S1**2)"
            assert same(got, formula(m, text)), (nu, lep)

    def test_b_to_s_nunu_every_pair_and_no_charged_leptons(self, models):
        """C_L^{ij} = πv²/(2αλ_t) y^LL_bj y^LL_si*/m² for all nine neutrino pairs, C_R = 0, and no b → sℓℓ
        at tree level: S1 couples d^c only to ν (the review's S1 formulas)."""
        m = models["s1_generic"]
        for i in "123":
            for j in "123":
                text = f"pi*v2/(2*alpha*lambda_t)*yLL3{j}*conjugate(yLL2{i})/m_S1**2"
                assert same(NORM * jms(m, f"VnudLL_{i}{j}23"), formula(m, text)), (i, j)
        assert c9_c10(m) == (0, 0, 0, 0)
        assert not any(
            k.startswith(("VnudLR", "VedLL", "VdeLR", "VedLR", "VedRR")) for k in wet_coefficients(m)
        )


class TestS1Muon:
    def test_b_to_c_mu_nu_in_the_papers_couplings(self, models):
        """The paper's S1 is the review's S1* with y^LL = −y_L, y^RR = −y_R (−L ⊃ …, up-aligned), so the
        review's S1 formulas read g_V = Y_b y_L2, g_S = −4 g_T = −Y_b y_R2, each /(4√2 G_F V_cb m²), with
        Y_b = (V^T y_L)_b: here for b → cμν̄_μ, the only charged current left by the flipped charge
        (eq. (19) of Chen & Chiang 2024 with τ → μ)."""
        m = models["s1_lmu_ltau_mu"]
        yb = "(V_ub*yL1 + V_cb*yL2 + V_tb*yL3)"
        den = "(4*sqrt(2)*GF*V_cb*m_S1**2)"
        gv, gs, gt = (g_from_jms(jms(m, f"{k}_2232")) for k in ("VnueduLL", "SnueduRR", "TnueduRR"))
        assert same(gv, formula(m, f"Y_b*yL2/{den}"))
        assert same(gs, formula(m, f"-Y_b*yR2/{den}"))
        (y_b,) = (s for s in named_symbols(m) if s.name == "Y_b")
        assert same(named_symbols(m)[y_b], formula(m, yb))
        assert same(gs, -4 * gt)
        assert not any(k.startswith(("SnueduRR_33", "VnueduLL_33")) for k in wet_coefficients(m))


# -- (b) and (c): every face of every model, and flavio reading its export ---------------------------
# name: (point, observables compared with flavio, WCxf sectors exported, `lqmodel plot` arguments).
# Each point moves every observable compared by more than 5 %; the plot is the figure of
# docs/gallery.md drawn on a coarse grid (R2's figure there is the scan's; both are drawn here).
GALLERY = {
    "s3": (
        {"yLL33": 0.5, "yLL23": 0.08, "yLL32": 0.5, "yLL22": -0.002},
        ("BR(B+->Knunu)", "BR(B0->K*nunu)", "BR(Bs->mumu)"),
        "sbnunu,sb",
        "--x yLL32 --y yLL22 --y-range -0.01 0.01 --contour BR(Bs->mumu) --contour R_K[1.1,6]",
    ),
    "r2": (
        {"yRL23": 1.2, "yLR33": "-0.1+1.2j"},
        ("Rtaul(B->D*lnu)", "BR(Bc->taunu)"),
        "cbtaunu",
        "--x yRL23 --y yLR33 --contour Rtaul(B->Dlnu) --contour Rtaul(B->D*lnu)",
    ),
    "r2tilde": (
        {"yRL33": 0.5, "yRL23": "0.1+0.05j", "yRL13": 0.003, "yRL22": 0.01, "yRL32": 0.3},
        ("BR(B+->Knunu)", "BR(B0->K*nunu)", "BR(K+->pinunu)", "BR(Bs->mumu)"),
        "sbnunu,sdnunu,sb",
        "--x yRL33 --y yRL23 --contour BR(B+->Knunu) --contour BR(B0->K*nunu) --levels 1e-5 2.7e-5 6e-5",
    ),
    "u1": (
        {"xL33": 1.0, "xL23": 0.25, "xR33": "0.15-0.1j"},
        ("Rtaul(B->D*lnu)", "BR(Bc->taunu)"),
        "cbtaunu",
        "--x xL33 --y xL23 --contour Rtaul(B->Dlnu) --contour Rtaul(B->D*lnu)",
    ),
    "s1_generic": (
        {"yLL33": 0.9, "yLL23": 0.1, "yLL13": 0.005, "yRR23": "-0.4+0.1j", "yLL32": 0.3},
        ("Rtaul(B->D*lnu)", "BR(B+->Knunu)", "BR(K+->pinunu)"),
        "cbtaunu,sbnunu,sdnunu",
        "--x yLL33 --y yRR23 --contour Rtaul(B->Dlnu) --contour Rtaul(B->D*lnu)",
    ),
    "s1_lmu_ltau_mu": (
        {"yL2": 0.1, "yL3": 1.2, "yR2": -1.0},
        ("BR(B+->Knunu)", "Rmue(B->D*lnu)"),
        "sbnunu,cbmunu,cbenu",
        "--x yL3 --y yR3 --contour Delta_a_mu",
    ),
}


# the figure of docs/gallery.md that is a scan's points: the accepted points in the plane of its
# complex coupling
SCAN_PLOT = {"r2": "--x yLR33.re --y yLR33.im --color Rtaul(B->D*lnu)"}


def _flavio():
    if os.environ.get("CI"):
        import flavio
        import wilson
    else:
        flavio = pytest.importorskip("flavio")
        wilson = pytest.importorskip("wilson")
    return flavio, wilson


@pytest.fixture(scope="module")
def flavio_point():
    """lqmodel's inputs set to flavio's defaults (tests/test_interop.py), or {} without flavio."""
    try:
        _flavio()
    except pytest.skip.Exception:
        return {}
    from test_interop import flavio_inputs

    return flavio_inputs()


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module", params=list(GALLERY))
def faces(request, tmp_path_factory, flavio_point):
    """One model through the command line, in the order that shares the most work: show, evaluate
    (the full kernel), wcxf in flavio's basis at the point with flavio's inputs, scan with the
    shipped spec, plot.  {step: (exit code, stdout, stderr)}, and the files written."""
    name = request.param
    point, _, sectors, plot = GALLERY[name]
    tmp = tmp_path_factory.mktemp(name)
    setting = ["--set", *(f"{k}={v}" for k, v in point.items())]
    full = ["--set", *(f"{k}={v}" for k, v in {**point, **flavio_point}.items())]
    wcxf, scan, png, scan_png = tmp / "point.json", tmp / "scan", tmp / "plot.png", tmp / "scan.png"
    return {
        "name": name,
        "show": _run("show", name),
        "evaluate": _run("evaluate", name, *setting, "--json"),
        "wcxf": _run("wcxf", name, *full, "--basis", "flavio", "--sectors", sectors, "-o", str(wcxf)),
        "scan": _run("scan", name, "--points", "2e4", "--out", str(scan), "--workers", "1", "--quiet"),
        "plot": _run("plot", name, *plot.split(), "--grid", "21", "-o", str(png)),
        "plot scan": _run("plot", name, "--scan", str(scan), *SCAN_PLOT[name].split(), "-o", str(scan_png))
        if name in SCAN_PLOT
        else (0, "", ""),
        "files": {"wcxf": wcxf, "scan": scan, "png": png, "scan png": scan_png},
    }


def test_gallery_is_installed():
    """Every gallery model is installed by name and ships its scan spec."""
    import importlib.resources

    assert set(GALLERY) <= set(available_models())
    root = importlib.resources.files("lqmodel.models")
    for name in GALLERY:
        assert (root / f"{name}.scan.yaml").is_file(), name


def test_show(faces):
    """show prints the field table, the terms and the surviving couplings."""
    code, out, err = faces["show"]
    assert code == 0, err
    assert "Lagrangian" in out and "Surviving couplings" in out and "Mass-basis couplings" in out


def test_evaluate(faces):
    """evaluate --json: numbers for the observables the point moves; U1's loops named, not computed."""
    code, out, err = faces["evaluate"]
    assert code == 0, err
    doc = json.loads(out)
    for n in GALLERY[faces["name"]][1]:
        assert isinstance(doc["observables"][n], float), n
    if faces["name"] == "u1":
        assert "U1 is a vector" in doc["not_evaluated"]["DeltaM_s_NP"]
    else:
        assert isinstance(doc["observables"]["DeltaM_s_NP"], float)


def test_scan(faces):
    """scan with the shipped spec (models/NAME.scan.yaml): 2·10⁴ points, some kept, not all."""
    code, out, err = faces["scan"]
    assert code == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["points"] == 20000 and 0 < summary["kept"] < 20000


def test_export(faces):
    """wcxf --basis flavio --sectors: a WET file in flavio's basis holding only those sectors."""
    code, _, err = faces["wcxf"]
    assert code == 0, err
    doc = json.loads(faces["files"]["wcxf"].read_text())
    assert doc["eft"] == "WET" and doc["basis"] == "flavio" and doc["values"]


def test_plot(faces):
    """plot draws the contour figure of docs/gallery.md (and R2's scan figure from the scan above)."""
    for step, png in (("plot", "png"), ("plot scan", "scan png")):
        code, _, err = faces[step]
        assert code == 0, err
        if step == "plot" or faces["name"] in SCAN_PLOT:
            assert faces["files"][png].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_against_flavio(faces, models, flavio_point):
    """flavio's NP/SM ratio, computed from lqmodel's exported file, equals lqmodel's within 0.5 %."""
    flavio, wilson = _flavio()
    name = faces["name"]
    point, observables, _, _ = GALLERY[name]
    with open(faces["files"]["wcxf"]) as fh:
        w = wilson.Wilson.load_wc(fh)
    values = {k: complex(v) if isinstance(v, str) else v for k, v in point.items()}
    ours = Study(models[name]).at({**values, **flavio_point})  # the kernel `evaluate` compiled
    for obs in observables:
        theirs = flavio.np_prediction(obs, w) / flavio.sm_prediction(obs)
        assert abs(ours.ratio(obs) - 1) > 0.05, obs  # the point moves it
        assert ours.ratio(obs) == pytest.approx(theirs, rel=5e-3), obs
