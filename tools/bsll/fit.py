"""Measure flavio 2.7.1's b → sℓℓ bin rates as exact quadratic forms (offline tool, not lqmodel code).

For B+ → K+ℓℓ and B0 → K*0ℓℓ (ℓ = e, μ) the bin-averaged rate <dBR/dq²> in q² ∈ [1.1, 6] GeV²
is, at fixed hadronic inputs, exactly quadratic in the new-physics coefficients of flavio's WET
basis at 4.8 GeV, δ = (C9, C9p, C10, C10p, CS, CSp, CP, CPp)_bsℓℓ (the amplitudes are linear in
them):  R(δ) = rate/rate_SM = 1 + 2 Re(v·δ) + δ† H δ.  v (8 complex) and H (8×8 hermitian) are
recovered exactly from 81 probe points: δ = ±e_i, i e_i, e_i + e_j, e_i + i e_j.

The lepton-flavour-violating B+ → K+ℓ1ℓ2, B0 → K*0ℓ1ℓ2 and B+ → π+ℓ1ℓ2 (ℓ1 ≠ ℓ2, whole q² range)
have no SM amplitude: the branching ratio itself is BR(δ) = δ† H δ in the coefficients
δ = (C9, …, CPp)_bqℓ1ℓ2 of flavio's sector qbℓ2ℓ1 (flavio's name C9_bsemu is the operator
(s̄γP_Lb)(μ̄γe)), measured the same way, with the sign of flavio's vector–scalar interference
corrected (main(): flavio's B → M ℓ1ℓ2 and B_q → ℓ1ℓ2 disagree on it; lqmodel's rate at δ is
flavio's at δ with C_S, C_S' negated).

Prints the tables, pasted into lqmodel/observables/observables.yaml (``tables``), and checks each
form at random complex points against flavio.

    python tools/bsll/fit.py > /tmp/bsll.yaml
"""

from __future__ import annotations

import itertools
import sys

import flavio
import numpy as np
import wilson

NAMES = ("C9", "C9p", "C10", "C10p", "CS", "CSp", "CP", "CPp")
VECTOR, SCALAR = [0, 1], [4, 5]  # C9, C9p and CS, CSp in NAMES
SCALE = 4.8
BIN = (1.1, 6.0)
OBSERVABLES = {
    "BKmumu": ("<dBR/dq2>(B+->Kmumu)", "mumu"),
    "BKee": ("<dBR/dq2>(B+->Kee)", "ee"),
    "BKstarmumu": ("<dBR/dq2>(B0->K*mumu)", "mumu"),
    "BKstaree": ("<dBR/dq2>(B0->K*ee)", "ee"),
}
LFV = ("emu", "mue", "etau", "taue", "mutau", "taumu")  # flavio's BR(<decay><l1><l2>), q2 whole range
# decay -> (table prefix, flavio's quark label of the coefficients)
LFV_DECAYS = {"B+->K": ("bsll_BK", "bs"), "B0->K*": ("bsll_BKstar", "bs"), "B+->pi": ("bdll_Bpi", "bd")}


def value(obs: str, lep: str, delta, quarks: str = "bs") -> float:
    vals = {f"{n}_{quarks}{lep}": complex(d) for n, d in zip(NAMES, delta, strict=True) if d != 0}
    kwargs = {"q2min": BIN[0], "q2max": BIN[1]} if obs.startswith("<") else {}
    if not vals:
        return flavio.sm_prediction(obs, **kwargs)
    w = wilson.Wilson(vals, scale=SCALE, eft="WET", basis="flavio")
    return flavio.np_prediction(obs, w, **kwargs)


def fit(obs: str, lep: str, quarks: str = "bs"):
    """(f0, v, H) of f(δ) = f0 + 2 Re(v·δ) + δ† H δ, f = flavio's rate over its SM value (f0 = 1), or
    the rate itself where it has no SM part (f0 = 0)."""
    n = len(NAMES)
    sm = value(obs, lep, np.zeros(n), quarks)
    norm = sm if sm != 0 else 1.0
    e = np.eye(n)

    def r(d):
        return value(obs, lep, d, quarks) / norm

    f0 = sm / norm
    H = np.zeros((n, n), complex)
    v = np.zeros(n, complex)
    for i in range(n):
        fp, fm, fi = r(e[i]), r(-e[i]), r(1j * e[i])
        H[i, i] = (fp + fm) / 2 - f0
        # f(i e_i) = f0 + 2 Re(i v_i) + H_ii = f0 - 2 Im v_i + H_ii
        v[i] = (fp - fm) / 4 + 1j * (f0 + H[i, i].real - fi) / 2
    for i, j in itertools.combinations(range(n), 2):
        a = r(e[i] + e[j]) - f0 - 2 * (v[i] + v[j]).real - H[i, i].real - H[j, j].real
        b = r(e[i] + 1j * e[j]) - f0 - 2 * (v[i] + 1j * v[j]).real - H[i, i].real - H[j, j].real
        H[i, j] = a / 2 - 1j * b / 2
        H[j, i] = np.conj(H[i, j])
    return sm, v, H


def _f(x: float) -> str:
    return "0" if abs(x) < 1e-9 else f"{x:.7g}"


def model_value(f0, v, H, d):
    d = np.asarray(d, complex)
    return f0 + 2 * (v @ d).real + (d.conj() @ H @ d).real


def _matrix(out: list, H, fmt) -> None:
    out.append("    matrix_re:")
    out += ["      - [" + ", ".join(fmt(x.real) for x in row) + "]" for row in H]
    out.append("    matrix_im:")
    out += ["      - [" + ", ".join(fmt(x.imag) for x in row) + "]" for row in H]


def _e(x: float) -> str:
    return "0" if abs(x) < 1e-22 else f"{x:.7e}"


def main() -> int:
    rng = np.random.default_rng(1)
    out = [
        "  # b -> s l l bin rates, flavio 2.7.1 (tools/bsll/fit.py), q2 in [1.1, 6] GeV^2, "
        "flavio basis at 4.8 GeV"
    ]
    worst = 0.0
    mb = flavio.physics.running.running.get_mb(flavio.default_parameters.get_central_all(), SCALE)
    for key, (obs, lep) in OBSERVABLES.items():
        sm, v, H = fit(obs, lep)
        for _ in range(6):
            d = (rng.normal(size=8) + 1j * rng.normal(size=8)) * 0.5
            f = value(obs, lep, d) / sm
            worst = max(worst, abs(model_value(1, v, H, d) / f - 1))
        out.append(f"  bsll_{key}:")
        out.append(
            f'    source: "flavio 2.7.1, {obs} in [1.1, 6] GeV^2 (NP/SM), '
            'exact quadratic form from 81 probes"'
        )
        out.append(f"    sm: {sm:.6e}")
        out.append(f"    m_b: {mb:.10g}  # flavio 2.7.1's m_b(4.8 GeV), the m_b of its O_S, O_P")
        out.append("    coefficients: [" + ", ".join(NAMES) + "]")
        out.append("    linear_re: [" + ", ".join(_f(x.real) for x in v) + "]")
        out.append("    linear_im: [" + ", ".join(_f(x.imag) for x in v) + "]")
        _matrix(out, H, _f)
        print(f"{key}: done, SM {sm:.4e}", file=sys.stderr, flush=True)
    out.append(f"  # largest relative difference at 24 random complex points: {worst:.2e}")
    out.append(
        "  # lepton-flavour-violating B -> M l1 l2, whole q2 range, flavio 2.7.1 (tools/bsll/fit.py): "
        "BR = d^H M d"
    )
    worst = 0.0
    for (decay, (prefix, quarks)), lep in itertools.product(LFV_DECAYS.items(), LFV):
        obs = f"BR({decay}{lep})"
        sm, v, H = fit(obs, lep, quarks)
        if sm != 0 or np.abs(v).max() > 1e-9 * np.abs(H).max():  # pragma: no cover - a flavio change
            raise SystemExit(f"{obs}: a rate without an SM part has a constant or linear term")
        # entries below 1e-4 of sqrt(H_ii H_jj) are the noise of flavio's q2 integration (epsrel 0.005),
        # not physics (e.g. a C9-CP interference in B -> K, which parity forbids): set to zero
        scale = np.sqrt(np.outer(np.diag(H).real, np.diag(H).real))
        H.real[np.abs(H.real) < 1e-4 * scale] = 0
        H.imag[np.abs(H.imag) < 1e-4 * scale] = 0
        # flavio 2.7.1's angular.py writes the vector current's timelike part as (m1 - m2)/q2 C9 beside
        # C_S, its bll.py (m2 - m1) for the same C9_bql1l2 = (qbar G b)(l2bar G' l1).  The spinors give
        # ubar(l2) qslash v(l1) = (m2 - m1) ubar v (docs/observables.md): the V-S interference, the
        # {C9, C9p} x {CS, CSp} block, takes the opposite sign to flavio's B -> M l1 l2.
        H[np.ix_(VECTOR, SCALAR)] *= -1
        H[np.ix_(SCALAR, VECTOR)] *= -1
        for _ in range(4):
            d = (rng.normal(size=8) + 1j * rng.normal(size=8)) * 0.5
            flipped = np.where(np.isin(np.arange(8), SCALAR), -d, d)  # flavio's sign: C_S -> -C_S
            worst = max(worst, abs(model_value(0, v, H, d) / value(obs, lep, flipped, quarks) - 1))
        out.append(f"  {prefix}{lep}:")
        out.append(
            f'    source: "flavio 2.7.1, {obs} (q2 from (m1 + m2)^2 to (m_B - m_M)^2), '
            'exact quadratic form from 81 probes, vector-scalar interference sign corrected"'
        )
        out.append(f"    m_b: {mb:.10g}  # flavio 2.7.1's m_b(4.8 GeV), the m_b of its O_S, O_P")
        out.append("    coefficients: [" + ", ".join(f"{n}_{quarks}{lep}" for n in NAMES) + "]")
        _matrix(out, H, _e)
        print(f"{obs}: done", file=sys.stderr, flush=True)
    out.append(f"  # largest relative difference at 72 random complex points: {worst:.2e}")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
