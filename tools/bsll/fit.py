"""Measure flavio 2.7.1's b → sℓℓ bin rates as exact quadratic forms (offline tool, not lqmodel code).

For B+ → K+ℓℓ and B0 → K*0ℓℓ (ℓ = e, μ) the bin-averaged rate <dBR/dq²> in q² ∈ [1.1, 6] GeV²
is, at fixed hadronic inputs, exactly quadratic in the new-physics coefficients of flavio's WET
basis at 4.8 GeV, δ = (C9, C9p, C10, C10p, CS, CSp, CP, CPp)_bsℓℓ (the amplitudes are linear in
them):  R(δ) = rate/rate_SM = 1 + 2 Re(v·δ) + δ† H δ.  v (8 complex) and H (8×8 hermitian) are
recovered exactly from 81 probe points: δ = ±e_i, i e_i, e_i + e_j, e_i + i e_j.  Writes
bsll_tables.yaml, pasted into lqmodel/observables/observables.yaml (``tables``), and checks the
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
SCALE = 4.8
BIN = (1.1, 6.0)
OBSERVABLES = {
    "BKmumu": ("<dBR/dq2>(B+->Kmumu)", "mumu"),
    "BKee": ("<dBR/dq2>(B+->Kee)", "ee"),
    "BKstarmumu": ("<dBR/dq2>(B0->K*mumu)", "mumu"),
    "BKstaree": ("<dBR/dq2>(B0->K*ee)", "ee"),
}


def value(obs: str, lep: str, delta) -> float:
    vals = {f"{n}_bs{lep}": complex(d) for n, d in zip(NAMES, delta, strict=True) if d != 0}
    if not vals:
        return flavio.sm_prediction(obs, q2min=BIN[0], q2max=BIN[1])
    w = wilson.Wilson(vals, scale=SCALE, eft="WET", basis="flavio")
    return flavio.np_prediction(obs, w, q2min=BIN[0], q2max=BIN[1])


def fit(obs: str, lep: str):
    n = len(NAMES)
    sm = value(obs, lep, np.zeros(n))
    e = np.eye(n)

    def r(d):
        return value(obs, lep, d) / sm

    H = np.zeros((n, n), complex)
    v = np.zeros(n, complex)
    for i in range(n):
        fp, fm, fi = r(e[i]), r(-e[i]), r(1j * e[i])
        H[i, i] = (fp + fm) / 2 - 1
        # f(i e_i) = 1 + 2 Re(i v_i) + H_ii = 1 - 2 Im v_i + H_ii
        v[i] = (fp - fm) / 4 + 1j * (1 + H[i, i].real - fi) / 2
    for i, j in itertools.combinations(range(n), 2):
        a = r(e[i] + e[j]) - 1 - 2 * (v[i] + v[j]).real - H[i, i].real - H[j, j].real
        b = r(e[i] + 1j * e[j]) - 1 - 2 * (v[i] + 1j * v[j]).real - H[i, i].real - H[j, j].real
        H[i, j] = a / 2 - 1j * b / 2
        H[j, i] = np.conj(H[i, j])
    return sm, v, H


def _f(x: float) -> str:
    return "0" if abs(x) < 1e-9 else f"{x:.7g}"


def model_ratio(v, H, d):
    d = np.asarray(d, complex)
    return 1 + 2 * (v @ d).real + (d.conj() @ H @ d).real


def main() -> int:
    rng = np.random.default_rng(1)
    out = [
        "  # b -> s l l bin rates, flavio 2.7.1 (tools/bsll/fit.py), q2 in [1.1, 6] GeV^2, "
        "flavio basis at 4.8 GeV"
    ]
    worst = 0.0
    for key, (obs, lep) in OBSERVABLES.items():
        sm, v, H = fit(obs, lep)
        for _ in range(6):
            d = (rng.normal(size=8) + 1j * rng.normal(size=8)) * 0.5
            f = value(obs, lep, d) / sm
            worst = max(worst, abs(model_ratio(v, H, d) / f - 1))
        out.append(f"  bsll_{key}:")
        out.append(
            f'    source: "flavio 2.7.1, {obs} in [1.1, 6] GeV^2 (NP/SM), '
            'exact quadratic form from 81 probes"'
        )
        out.append(f"    sm: {sm:.6e}")
        mb = flavio.physics.running.running.get_mb(flavio.default_parameters.get_central_all(), SCALE)
        out.append(f"    m_b: {mb:.10g}  # flavio 2.7.1's m_b(4.8 GeV), the m_b of its O_S, O_P")
        out.append("    coefficients: [" + ", ".join(NAMES) + "]")
        out.append("    linear_re: [" + ", ".join(_f(x.real) for x in v) + "]")
        out.append("    linear_im: [" + ", ".join(_f(x.imag) for x in v) + "]")
        out.append("    matrix_re:")
        out += ["      - [" + ", ".join(_f(x.real) for x in row) + "]" for row in H]
        out.append("    matrix_im:")
        out += ["      - [" + ", ".join(_f(x.imag) for x in row) + "]" for row in H]
        print(f"{key}: done, SM {sm:.4e}", file=sys.stderr, flush=True)
    out.append(f"  # largest relative difference at 24 random complex points: {worst:.2e}")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
