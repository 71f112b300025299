"""flavio's cost per parameter point for the observables of the paper's scan.

For ``--calls`` random points of the scan's ranges (eq. 25), lqmodel gives the flavio-basis
WET coefficients (untimed); then, timed, each point gets a fresh ``wilson.Wilson`` and
``flavio.np_prediction`` of BR(K+->pinunu), BR(B+->Knunu) (the R^ν equivalent), DeltaM_s and
DeltaM_d (flavio has no ΔM_K).  A fresh Wilson object per point defeats flavio's per-object
caches, as a scan would.  Prints one JSON line: seconds per point (min, median of the points)
and per observable.  The first point is a warm-up and is not counted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings

OBSERVABLES = ("BR(K+->pinunu)", "BR(B+->Knunu)", "DeltaM_s", "DeltaM_d")
SECTORS = ("sdnunu", "sbnunu", "sbsb", "dbdb", "sdsd")
RANGES = {"yL1": (-0.05, 0.05), "yL2": (-0.15, 0.15), "yL3": (-1.5, 1.5)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    import numpy as np

    from lqmodel.model.loader import load_model
    from lqmodel.numeric.exports import wilson_coefficients

    model = load_model("s1_lmu_ltau")
    rng = np.random.default_rng(args.seed)
    points = []
    for _ in range(args.calls + 1):
        over = {k: float(lo + (hi - lo) * rng.uniform()) for k, (lo, hi) in RANGES.items()}
        scale, values = wilson_coefficients(model, over, basis="flavio", sectors=SECTORS)
        points.append((scale, values))

    t_import = time.perf_counter()
    import flavio
    import wilson

    t_import = time.perf_counter() - t_import

    per_point, per_obs = [], {o: [] for o in OBSERVABLES}
    for k, (scale, values) in enumerate(points):
        t0 = time.perf_counter()
        w = wilson.Wilson({n: v for n, v in values.items() if v != 0}, scale=scale, eft="WET", basis="flavio")
        for o in OBSERVABLES:
            t1 = time.perf_counter()
            flavio.np_prediction(o, w)
            per_obs[o].append(time.perf_counter() - t1)
        if k:  # the first call is a warm-up
            per_point.append(time.perf_counter() - t0)
    print(
        json.dumps(
            {
                "calls": args.calls,
                "scale_GeV": points[0][0],
                "flavio": flavio.__version__,
                "import_seconds": round(t_import, 3),
                "seconds_per_point_min": min(per_point),
                "seconds_per_point_median": statistics.median(per_point),
                "per_observable_median": {o: statistics.median(v[1:]) for o, v in per_obs.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
