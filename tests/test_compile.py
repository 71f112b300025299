"""Compiled kernels: the numpy source computes what the symbolic program says, for any model."""

import numpy as np
import pytest
import sympy

from lqmodel import load_model
from lqmodel.compile import Kernel, build_kernel, cache_dir, kernel_for, model_program, pt_symbol
from lqmodel.observables import catalogue, names


def symbolic_values(program, inputs, point):
    """Evaluate the program with sympy: stages in order, then the outputs."""
    subs = {s: point[s.name] for s in inputs}
    for sym, e in program.stages:
        subs[sym] = complex(sympy.sympify(e).xreplace(subs).evalf(30))
    return {n: complex(e.xreplace(subs).evalf(30)).real for n, e in program.outputs.items()}


@pytest.mark.parametrize("model_name, free, scale", [
    ("s1_lmu_ltau", ["yL1", "yL2", "yL3", "yR2"], 1.0),
    ("s1_lmu_ltau_mu", ["yL1", "yL2", "yL3", "yR1", "yR2"], 1.0),
])
def test_kernel_matches_symbolic_program(model_name, free, scale):
    """Every observable of the kernel equals the sympy evaluation of the same program (real inputs)."""
    from lqmodel.evaluate import available_observables

    model = load_model(model_name)
    obs = available_observables(model)
    program = model_program(model, obs, {}, free)
    inputs = [pt_symbol(model, n) for n in free]
    kernel = build_kernel(program, inputs)
    rng = np.random.default_rng(5)
    arrays = {n: rng.uniform(-scale, scale, 3) for n in free}
    out = kernel(arrays)
    for k in range(3):
        ref = symbolic_values(program, inputs, {n: arrays[n][k] for n in free})
        for o in obs:
            assert out[o.name][k] == pytest.approx(ref[o.name], rel=1e-9, abs=1e-300), (o.name, k)


def test_complex_couplings_model():
    """A model with complex couplings (R2tilde) compiles and matches sympy for the νν̄ observables."""
    model = load_model("r2tilde")
    free = ["yRL23", "yRL33"]
    obs = catalogue(["BR(B+->Knunu)", "BR(B0->K*nunu)", "R_nu"])
    program = model_program(model, obs, {}, free)
    inputs = [pt_symbol(model, n) for n in free]
    kernel = build_kernel(program, inputs)
    point = {"yRL23": np.array([0.3 + 0.2j]), "yRL33": np.array([-0.5 + 0.1j])}
    out = kernel(point)
    ref = symbolic_values(program, inputs, {k: v[0] for k, v in point.items()})
    for name in ref:
        assert out[name][0] == pytest.approx(ref[name], rel=1e-10)
    # a right-handed current moves B -> K and B -> K* apart (arXiv:1409.4557): their ratios differ
    assert abs(out["BR(B+->Knunu)"][0] / 4.65e-6 - out["BR(B0->K*nunu)"][0] / 10.13e-6) > 1e-3


class TestKernel:
    def test_argument_order_is_explicit(self, s1):
        """Inputs are named in order; swapping the dict order changes nothing."""
        k = kernel_for(s1, ["R_nu"], {}, ["yL2", "yL3"])
        assert k.inputs == ("yL2", "yL3")
        a = k({"yL2": np.array([0.1]), "yL3": np.array([1.0])})
        b = k({"yL3": np.array([1.0]), "yL2": np.array([0.1])})
        assert a["R_nu"][0] == b["R_nu"][0] > 1

    def test_json_round_trip(self, s1):
        """A kernel rebuilt from its JSON (as a Dask worker does) gives the same numbers."""
        k = kernel_for(s1, ["DeltaM_s_NP"], {}, ["yL2", "yL3"])
        k2 = Kernel.from_json(k.to_json())
        x = {"yL2": np.array([0.1, -0.05]), "yL3": np.array([1.0, 0.7])}
        assert np.array_equal(k(x)["DeltaM_s_NP"], k2(x)["DeltaM_s_NP"])

    def test_cached_on_disk(self, s1):
        """The second request loads the kernel from the cache directory."""
        k1 = kernel_for(s1, ["R_nu", "DeltaM_d_NP"], {"m_S1": "2 TeV"}, ["yL1", "yL3"])
        files = list(cache_dir().glob(f"kernel-{s1.name}-*.json"))
        assert files
        k2 = kernel_for(s1, ["R_nu", "DeltaM_d_NP"], {"m_S1": "2 TeV"}, ["yL1", "yL3"])
        assert k1.source == k2.source

    def test_fixed_values_are_folded(self, s1):
        """Non-scanned parameters become numbers: the source holds no parameter names."""
        k = kernel_for(s1, ["R_nu"], {}, ["yL3"])
        assert "m_S1" not in k.source and "GF" not in k.source and "def kernel(a0)" in k.source


def test_scanning_a_ckm_input(s1):
    """η (a Wolfenstein input) can be scanned: the kernel at the default η equals the fixed-η kernel."""
    names = ["BR(KL->pinunu)", "BR(K+->pinunu)"]
    k_free = kernel_for(s1, names, {"yL3": 1.0, "yL2": 0.1}, ["eta", "yL1"])
    k_fixed = kernel_for(s1, names, {"yL3": 1.0, "yL2": 0.1}, ["yL1"])
    a = k_free({"eta": np.array([0.357, 0.2]), "yL1": np.array([0.02, 0.02])})
    b = k_fixed({"yL1": np.array([0.02])})
    for n in names:
        assert a[n][0] == pytest.approx(b[n][0], rel=1e-12)
    assert a["BR(K+->pinunu)"][1] != pytest.approx(a["BR(K+->pinunu)"][0], rel=1e-3)
    # with real y_L the phase of Y_s* Y_d follows that of λ_t, so B(K_L)/SM does not move with η
    # (the paper's remark after eq. 12)
    assert a["BR(KL->pinunu)"][1] == pytest.approx(a["BR(KL->pinunu)"][0], rel=1e-6)


class TestUnsupported:
    """An observable whose formula would miss part of a model's effect is left out, not wrong."""

    def test_muon_variant_excludes_tau_ratios(self):
        """S1 coupled to muons changes b → cμν̄, which R(D)'s τ-only formula does not read."""
        from lqmodel.compile import unsupported
        from lqmodel.observables import get

        mu = load_model("s1_lmu_ltau_mu")
        reason = unsupported(mu, get("Rtaul(B->Dlnu)"))
        assert reason and "VnueduLL_2232" in reason
        assert unsupported(mu, get("BR(B+->Knunu)")) is None       # the ν_μ coefficient is read

    def test_r2tilde_has_no_box(self):
        """R2tilde's d̄_R ν couplings have no ΔF = 2 box in lqmodel: ΔM is left out."""
        from lqmodel.compile import unsupported
        from lqmodel.observables import get

        assert "boxes are not implemented" in unsupported(load_model("r2tilde"), get("DeltaM_s_NP"))

    def test_explicit_request_is_an_error(self):
        """Asking for such an observable (e.g. in a scan spec) is an error naming it and the reason."""
        from lqmodel import ModelDefinitionError

        with pytest.raises(ModelDefinitionError, match=r"observable 'Rtaul\(B->Dlnu\)' for model "
                                                       r"'s1_lmu_ltau_mu': its formula does not include"):
            model_program(load_model("s1_lmu_ltau_mu"), catalogue(["Rtaul(B->Dlnu)"]), {}, ["yL3"])

    def test_paper_model_keeps_everything(self, s1):
        """For the paper's model every observable is complete."""
        from lqmodel.evaluate import available_observables

        assert len(available_observables(s1)) == len(names())
