"""The paper's scan (Chen & Chiang 2024, Sec. V) written by hand in plain numpy: the baseline.

This is what a competent physicist would write without lqmodel: the formulas typed in once,
with complex numpy arrays where the physics is complex, and the same sampling, constraints
and output as ``lqmodel scan s1_lmu_ltau`` so that the two can be timed like for like:

* points in blocks of 65536, block ``b`` drawn from
  ``default_rng(SeedSequence(seed, spawn_key=(b,)))``, uniform draws in the order yL1, yL2, yL3;
* Y = V^T y_L with the exact (standard-parametrisation) CKM matrix from λ, A, ρ, η;
* ΔM_K, ΔM_d, ΔM_s of eq. (23) in GeV; R^ν of eqs. (7)-(8); BR(K+ → π+ νν̄) in lqmodel's
  general form (eq. 10 summed over neutrino flavours and normalised to the SM of eq. 12);
* the five constraints of the spec; the accepted points written chunk by chunk
  (16 blocks a chunk) as ``chunk-NNNNNN.npz``.

``--real`` switches to a tuned variant (:func:`observables_real`) that a numpy expert might
write: since y_L is real, Re Y and Im Y are real sums and every observable real arithmetic.

It imports numpy only.  Run: ``python bench/handwritten_scan.py --points 1e7 --seed 1 --out DIR``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path

import numpy as np

BLOCK = 1 << 16
CHUNK_BLOCKS = 16  # lqmodel's default chunk: 2**20 points

# --- inputs (lqmodel/data/sm.yaml and chen_chiang_2024.yaml), GeV units --------------------------
LAM, A, RHO, ETA = 0.223, 0.833, 0.163, 0.357
GF, ALPHA_EM, S2W = 1.1663788e-5, 0.007815430786544954, 0.23121
XT, PC = 1.469, 0.404
BR_KPINUNU_SM = 8.60e-11
M_S1 = 1500.0
FK_SQRTBK, M_K = 0.132, 0.497611
FBD_SQRTBBD, M_BD = 0.174, 5.27966
FBS_SQRTBBS, M_BS = 0.21, 5.36692

RANGES = {"yL1": (-0.05, 0.05), "yL2": (-0.15, 0.15), "yL3": (-1.5, 1.5)}  # eq. (25)
BOUNDS = {  # Sec. V, eq. (24)
    "DeltaM_K_NP": (0.01e-17, 34.8e-17),
    "DeltaM_d_NP": (0.01e-15, 33.3e-15),
    "DeltaM_s_NP": (0.01e-13, 11.7e-13),
    "R_nu": (None, 2.2),
    "BR(K+->pinunu)": (8.1e-11, 15.4e-11),
}
COLUMNS = ["yL1", "yL2", "yL3", "DeltaM_K_NP", "DeltaM_d_NP", "DeltaM_s_NP", "R_nu", "BR(K+->pinunu)"]


def ckm(lam, a, rho, eta):
    """Exact CKM matrix, PDG standard parametrisation from the Wolfenstein inputs."""
    s12, s23 = lam, a * lam**2
    z = a * lam**3 * (rho - 1j * eta)
    zc = a * lam**3 * (rho + 1j * eta)
    c12, c23 = math.sqrt(1 - s12**2), math.sqrt(1 - s23**2)
    c13 = math.sqrt(1 - a**2 * lam**6 * (rho**2 + eta**2))
    return np.array(
        [
            [c12 * c13, s12 * c13, z],
            [-s12 * c23 - c12 * s23 * zc, c12 * c23 - s12 * s23 * zc, s23 * c13],
            [s12 * s23 - c12 * c23 * zc, -c12 * s23 - s12 * c23 * zc, c23 * c13],
        ],
        dtype=complex,
    )


V = ckm(LAM, A, RHO, ETA)
C_SM = 4 * GF / math.sqrt(2) * ALPHA_EM / (2 * math.pi * S2W)  # eq. (7), GeV^-2
BOX = 1 / (128 * math.pi**2 * M_S1**2)  # S1 box: C = -(Y* Y)^2 * BOX
LAM_T_BS = V[2, 2] * np.conj(V[2, 1])  # V_tb V_ts*
LAM_T_SD = np.conj(V[2, 1]) * V[2, 0]  # V_ts* V_td
RE_LAM_C = (np.conj(V[1, 1]) * V[1, 0]).real  # Re(V_cs* V_cd)


def kaon_bracket(x):
    """(Im x/λ⁵)² + (Re λ_c/λ P_c + Re x/λ⁵)²: the bracket of eq. (10)."""
    return (x.imag / LAM**5) ** 2 + (RE_LAM_C / LAM * PC + x.real / LAM**5) ** 2


SM_BRACKET = kaon_bracket(LAM_T_SD * XT)


def observables(y1, y2, y3):
    """The five observables of the scan at arrays of real y_L."""
    yd = V[0, 0] * y1 + V[1, 0] * y2 + V[2, 0] * y3  # Y = V^T y_L
    ys = V[0, 1] * y1 + V[1, 1] * y2 + V[2, 1] * y3
    yb = V[0, 2] * y1 + V[1, 2] * y2 + V[2, 2] * y3
    sd = ys * np.conj(yd)  # Y_s Y_d*
    bd = yb * np.conj(yd)
    bs = yb * np.conj(ys)
    dmk = (2 / 3) * FK_SQRTBK**2 * M_K * BOX * (sd * sd).real  # eq. (23)
    dmd = (2 / 3) * FBD_SQRTBBD**2 * M_BD * BOX * (bd.real**2 + bd.imag**2)
    dms = (2 / 3) * FBS_SQRTBBS**2 * M_BS * BOX * (bs.real**2 + bs.imag**2)
    # d_i -> d_j nu_tau nu_tau: C_L = Y_j* Y_i / (2 m^2) (the (s d) current takes the conjugate)
    x_bs = XT - bs / (2 * M_S1**2) / (C_SM * LAM_T_BS)  # X_tau, eqs. (7)-(8)
    r_nu = (2 * XT**2 + (x_bs.real**2 + x_bs.imag**2)) / (3 * XT**2)
    x_sd = LAM_T_SD * XT - np.conj(sd) / (2 * M_S1**2) / C_SM  # lambda_t X_tau for s -> d
    br_k = BR_KPINUNU_SM / 3 * (2 + kaon_bracket(x_sd) / SM_BRACKET)
    return {"DeltaM_K_NP": dmk, "DeltaM_d_NP": dmd, "DeltaM_s_NP": dms, "R_nu": r_nu, "BR(K+->pinunu)": br_k}


VR, VI = V.real.copy(), V.imag.copy()
A_BS = -1 / (2 * M_S1**2 * C_SM * LAM_T_BS)  # R_nu: X_tau = X_t + A_BS * (Y_b Y_s*)
K_LAM = 1 / LAM**5


def observables_real(y1, y2, y3):
    """The same five observables in real arithmetic: y_L is real, so Re Y and Im Y are real sums."""
    rd = VR[0, 0] * y1 + VR[1, 0] * y2 + VR[2, 0] * y3
    id_ = VI[1, 0] * y2 + VI[2, 0] * y3  # V_ud is real
    rs = VR[0, 1] * y1 + VR[1, 1] * y2 + VR[2, 1] * y3
    is_ = VI[1, 1] * y2 + VI[2, 1] * y3  # V_us is real
    rb = VR[0, 2] * y1 + VR[1, 2] * y2 + VR[2, 2] * y3
    ib = VI[0, 2] * y1  # V_cb, V_tb are real
    sd_r, sd_i = rs * rd + is_ * id_, is_ * rd - rs * id_  # Y_s Y_d*
    bs_r, bs_i = rb * rs + ib * is_, ib * rs - rb * is_  # Y_b Y_s*
    nb = rb * rb + ib * ib
    dmk = ((2 / 3) * FK_SQRTBK**2 * M_K * BOX) * ((sd_r - sd_i) * (sd_r + sd_i))
    dmd = ((2 / 3) * FBD_SQRTBBD**2 * M_BD * BOX) * (nb * (rd * rd + id_ * id_))
    dms = ((2 / 3) * FBS_SQRTBBS**2 * M_BS * BOX) * (nb * (rs * rs + is_ * is_))
    xr = XT + (A_BS.real * bs_r - A_BS.imag * bs_i)
    xi = A_BS.real * bs_i + A_BS.imag * bs_r
    r_nu = (2 * XT**2 + (xr * xr + xi * xi)) / (3 * XT**2)
    c = -1 / (2 * M_S1**2 * C_SM)  # x_eff = lambda_t X_t + c (Y_s Y_d*)*
    im_x = (K_LAM * c) * -sd_i + K_LAM * (LAM_T_SD * XT).imag
    re_x = (K_LAM * c) * sd_r + (K_LAM * (LAM_T_SD * XT).real + RE_LAM_C / LAM * PC)
    br_k = (BR_KPINUNU_SM / 3 / SM_BRACKET) * (im_x * im_x + re_x * re_x) + BR_KPINUNU_SM * (2 / 3)
    return {"DeltaM_K_NP": dmk, "DeltaM_d_NP": dmd, "DeltaM_s_NP": dms, "R_nu": r_nu, "BR(K+->pinunu)": br_k}


def sample_block(seed, block, n_total):
    size = min(BLOCK, n_total - block * BLOCK)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))
    return {k: lo + (hi - lo) * rng.uniform(size=size) for k, (lo, hi) in RANGES.items()}


def run(n, seed, out, fsync=False, real=False):
    evaluate = observables_real if real else observables
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    n_blocks = -(-n // BLOCK)
    kept_total = 0
    for c, first in enumerate(range(0, n_blocks, CHUNK_BLOCKS)):
        parts = {k: [] for k in COLUMNS}
        for b in range(first, min(n_blocks, first + CHUNK_BLOCKS)):
            pts = sample_block(seed, b, n)
            obs = evaluate(pts["yL1"], pts["yL2"], pts["yL3"])
            ok = np.ones(len(pts["yL1"]), dtype=bool)
            for name, (lo, hi) in BOUNDS.items():
                if lo is not None:
                    ok &= obs[name] > lo
                if hi is not None:
                    ok &= obs[name] < hi
            for k in COLUMNS:
                parts[k].append((pts[k] if k in pts else obs[k])[ok])
        arrays = {k: np.concatenate(v) for k, v in parts.items()}
        with open(out / f"chunk-{c:06d}.npz", "wb") as fh:
            np.savez(fh, **arrays)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        kept_total += len(arrays["yL1"])
    return kept_total


def load(out):
    """The accepted points of a directory written by :func:`run`, in chunk order."""
    files = sorted(Path(out).glob("chunk-*.npz"))
    parts = {k: [] for k in COLUMNS}
    for f in files:
        with np.load(f) as d:
            for k in COLUMNS:
                parts[k].append(d[k])
    return {k: np.concatenate(v) if v else np.empty(0) for k, v in parts.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--fsync", action="store_true", help="fsync each chunk (lqmodel does)")
    ap.add_argument(
        "--real",
        action="store_true",
        help="tuned variant: real arithmetic on Re Y, Im Y instead of complex arrays",
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    kept = run(int(args.points), args.seed, args.out, args.fsync, args.real)
    print(
        json.dumps(
            {
                "points": int(args.points),
                "kept": kept,
                "seconds": round(time.perf_counter() - t0, 3),
                "out": args.out,
            }
        )
    )


if __name__ == "__main__":
    main()
