"""Whole-process benchmark of ``lqmodel evaluate`` on a warm kernel cache, against a plain numpy script.

Runs, in turn and ``--reps`` times each:
  (a) ``lqmodel evaluate s1_lmu_ltau --set yL1=.. yL2=.. yL3=.. yR2=.. --json`` (warm cache);
  (b) ``python bench/handwritten_point.py`` (numpy only, five observables at one point);
and once, on a fresh cache, the cold ``lqmodel evaluate`` (derivation + compilation).
It also records which of sympy, pint, yaml and matplotlib a warm evaluate imports
(``python -X importtime``): none is the target.  Prints JSON; ``--json FILE`` saves it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
POINT = {"yL1": "0.02", "yL2": "0.1", "yL3": "1.0", "yR2": "-0.8"}
LQ = [
    PY,
    "-m",
    "lqmodel",
    "evaluate",
    "s1_lmu_ltau",
    "--set",
    *(f"{k}={v}" for k, v in POINT.items()),
    "--json",
]
HW = [PY, str(HERE / "handwritten_point.py"), POINT["yL1"], POINT["yL2"], POINT["yL3"]]


def wall(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - t0


def heavy_imports(env: dict) -> list[str]:
    r = subprocess.run([PY, "-X", "importtime", *LQ[1:]], env=env, capture_output=True, text=True, check=True)
    mods = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    return sorted(m for m in ("sympy", "pint", "yaml", "matplotlib") if m in mods)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as cache:
        env["LQMODEL_CACHE"] = cache
        cold = wall(LQ, env)
        runs: dict[str, list[float]] = {"lqmodel": [], "handwritten": []}
        for _ in range(args.reps):
            runs["lqmodel"].append(wall(LQ, env))
            runs["handwritten"].append(wall(HW, env))
        imports = heavy_imports(env)
    res = {"cold_lqmodel": round(cold, 3), "warm_imports_of_sympy_pint_yaml_matplotlib": imports}
    for k, xs in runs.items():
        res[k] = {"min": round(min(xs), 4), "median": round(statistics.median(xs), 4)}
    res["ratio"] = {q: round(res["lqmodel"][q] / res["handwritten"][q], 3) for q in ("min", "median")}
    text = json.dumps(res, indent=1)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
