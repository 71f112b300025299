"""One point of the paper's model by hand, in plain numpy: the baseline of ``bench_evaluate.py``.

It computes what a physicist would type for a quick look — Y = V^T y_L and the five observables of
the paper's scan (``handwritten_scan.observables``) — and prints them as JSON.  lqmodel's
``evaluate`` does more at the same point (22 observables with their SM limits, the JMS
coefficients, every input with its unit), so the ratio flatters the script.

Run: ``python bench/handwritten_point.py 0.02 0.1 1.0``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import handwritten_scan as hw


def main() -> None:
    y1, y2, y3 = (np.array([float(x)]) for x in sys.argv[1:4])
    obs = hw.observables(y1, y2, y3)
    y = hw.V.T @ np.array([y1[0], y2[0], y3[0]])
    doc = {
        "couplings": {n: {"Re": v.real, "Im": v.imag} for n, v in zip(("Y_d", "Y_s", "Y_b"), y, strict=True)},
        "observables": {k: float(v[0]) for k, v in obs.items()},
    }
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()
