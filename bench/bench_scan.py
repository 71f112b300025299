"""Whole-process benchmark of the paper's scan: lqmodel against hand-written numpy and flavio.

Run from the repository root with the project's Python:

    python bench/bench_scan.py                 # 1e7 points, 5 repetitions, the 1e8 runs, flavio
    python bench/bench_scan.py --reps 3 --no-big --flavio-calls 0
    python bench/bench_scan.py --huge 1e9      # also lqmodel alone on 1e9 points

Every timing is one whole process (``subprocess``, wall clock), started in turn, lqmodel and
hand-written alternating so that drifts of the machine hit both alike:

(a) ``lqmodel scan s1_lmu_ltau --points N --seed S --out DIR --quiet`` with a warm kernel cache,
    on every core (its default) and with ``--workers 1`` (and once cold, first, with an empty
    cache: that run includes the symbolic derivation);
(b) ``python bench/handwritten_scan.py --points N --seed S --out DIR`` (plain, complex arrays),
    and the same with ``--real`` (tuned: real arithmetic);
(c) peak RSS of each run: the process and its worker processes summed (sampled from /proc);
(d) flavio's seconds per point (``bench/flavio_cost.py``).

It also checks that the two scans accept the same points with the same values (1e-12).
The kernel cache is a fresh temporary directory ($LQMODEL_CACHE).  The children run without
PYTHONDONTWRITEBYTECODE, so lqmodel's modules are byte-compiled once, as in any installed package.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
LQMODEL = [PY, "-c", "import sys; from lqmodel.faces.cli import main; sys.exit(main())"]


def _tree_rss_kb(pid: int) -> int:
    """Resident memory (kB) of ``pid`` and all its descendants, summed, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(d.name)] = int(fields.get("PPid", "0").strip())
        rss[int(d.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, frontier = {pid}, [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier += kids
    return sum(rss.get(p, 0) for p in tree)


def run(cmd: list[str], env: dict) -> dict:
    """Run one whole process; wall seconds, peak RSS (MB, the process and its workers summed, sampled
    every 50 ms from /proc) and its JSON summary line."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    return {"wall": wall, "rss_mb": peak / 1024, "summary": summary}


def lq1_cmd(n: int, seed: int, out: Path) -> list[str]:
    """lqmodel on one core."""
    return [*lq_cmd(n, seed, out), "--workers", "1"]


def lq_cmd(n: int, seed: int, out: Path) -> list[str]:
    """lqmodel on every core (its default)."""
    return [
        *LQMODEL,
        "scan",
        "s1_lmu_ltau",
        "--points",
        str(n),
        "--seed",
        str(seed),
        "--out",
        str(out),
        "--quiet",
    ]


def hw_cmd(n: int, seed: int, out: Path) -> list[str]:
    return [PY, str(HERE / "handwritten_scan.py"), "--points", str(n), "--seed", str(seed), "--out", str(out)]


def hw_real_cmd(n: int, seed: int, out: Path) -> list[str]:
    return [*hw_cmd(n, seed, out), "--real"]


def check_same(lq_dir: Path, hw_dir: Path) -> dict:
    """Same accepted points, same values to 1e-12 relative."""
    import numpy as np

    sys.path.insert(0, str(HERE))
    import handwritten_scan

    from lqmodel.numeric.scan import load_scan

    a, b = load_scan(lq_dir), handwritten_scan.load(hw_dir)
    worst = 0.0
    same_count = len(a["yL1"]) == len(b["yL1"])
    if same_count:
        for k in handwritten_scan.COLUMNS:
            scale = np.maximum(np.abs(a[k]), np.abs(b[k]))
            rel = np.abs(a[k] - b[k]) / np.where(scale > 0, scale, 1)
            worst = max(worst, float(rel.max()) if len(rel) else 0.0)
    return {
        "kept_lqmodel": len(a["yL1"]),
        "kept_handwritten": len(b["yL1"]),
        "max_relative_difference": worst,
        "identical": same_count and worst <= 1e-12,
    }


def stats(xs: list[float]) -> dict:
    return {"min": min(xs), "median": statistics.median(xs), "all": [round(x, 4) for x in xs]}


def machine() -> dict:
    import numpy

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=float, default=1e7)
    ap.add_argument("--big", type=float, default=1e8, help="the peak-memory run (default 1e8)")
    ap.add_argument("--no-big", action="store_true", help="skip the --big runs")
    ap.add_argument("--huge", type=float, default=0, help="also run lqmodel alone on this many points (1e9)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flavio-calls", type=int, default=20, help="0 skips flavio")
    ap.add_argument("--json", metavar="FILE", help="also write the results here")
    args = ap.parse_args()
    n, big = int(args.points), int(args.big)

    work = Path(tempfile.mkdtemp(prefix="lqbench-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["LQMODEL_CACHE"] = str(work / "cache")
    res: dict = {
        "machine": machine(),
        "points": n,
        "reps": args.reps,
        "env": {
            k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "PYTHONDONTWRITEBYTECODE")
        },
    }
    print(json.dumps(res["machine"]), flush=True)
    try:
        cold = run(lq_cmd(n, args.seed, work / "cold"), env)
        res["lqmodel_cold"] = {"wall": cold["wall"], "rss_mb": cold["rss_mb"]}
        print(f"lqmodel cold (derivation + scan, {n:.0e}): {cold['wall']:.3f} s", flush=True)
        hw0 = run(hw_cmd(n, args.seed, work / "hw-check"), env)  # also warms the page cache
        res["check"] = check_same(work / "cold", work / "hw-check")
        print(f"same accepted points: {res['check']}", flush=True)
        del hw0
        hwr0 = run(hw_real_cmd(n, args.seed, work / "hw-real-check"), env)
        res["check_real"] = check_same(work / "cold", work / "hw-real-check")
        print(f"tuned hand-written, same accepted points: {res['check_real']}", flush=True)
        for d in ("cold", "hw-check", "hw-real-check"):
            shutil.rmtree(work / d)
        del hwr0
        variants = (
            ("lqmodel", lq_cmd),
            ("lqmodel_1core", lq1_cmd),
            ("handwritten", hw_cmd),
            ("handwritten_real", hw_real_cmd),
        )
        runs: dict = {name: [] for name, _ in variants}
        for r in range(args.reps):
            for name, cmd in variants:
                out = work / f"{name}-{r}"
                runs[name].append(run(cmd(n, args.seed, out), env))
                shutil.rmtree(out)
            print(f"rep {r}: " + ", ".join(f"{k} {v[-1]['wall']:.3f} s" for k, v in runs.items()), flush=True)
        for name, xs in runs.items():
            res[name] = {
                "wall": stats([x["wall"] for x in xs]),
                "inner": stats([x["summary"]["seconds"] for x in xs]),
                "rss_mb": max(x["rss_mb"] for x in xs),
            }
        for base in ("handwritten", "handwritten_real"):
            ratio = {q: res["lqmodel"]["wall"][q] / res[base]["wall"][q] for q in ("min", "median")}
            res[f"ratio_vs_{base}"] = ratio
            print(
                f"ratio lqmodel/{base} (wall): min {ratio['min']:.3f}, median {ratio['median']:.3f}",
                flush=True,
            )
        if not args.no_big:
            for name, cmd in variants:
                out = work / f"{name}-big"
                r = run(cmd(big, args.seed, out), env)
                res[f"{name}_big"] = {
                    "points": big,
                    "wall": r["wall"],
                    "rss_mb": r["rss_mb"],
                    "kept": r["summary"]["kept"],
                }
                shutil.rmtree(out)
                print(f"{name} {big:.0e}: {r['wall']:.2f} s, peak RSS {r['rss_mb']:.0f} MB", flush=True)
        if args.huge:
            r = run(lq_cmd(int(args.huge), args.seed, work / "huge"), env)
            res["lqmodel_huge"] = {
                "points": int(args.huge),
                "wall": r["wall"],
                "rss_mb": r["rss_mb"],
                "kept": r["summary"]["kept"],
                "inner": r["summary"]["seconds"],
            }
            shutil.rmtree(work / "huge")
            print(f"lqmodel {args.huge:.0e}: {r['wall']:.2f} s, peak RSS {r['rss_mb']:.0f} MB", flush=True)
        if args.flavio_calls:
            p = subprocess.run(
                [PY, str(HERE / "flavio_cost.py"), "--calls", str(args.flavio_calls)],
                env=env,
                capture_output=True,
                text=True,
            )
            if p.returncode:
                res["flavio"] = {"error": p.stderr[-1000:]}
            else:
                fl = json.loads(p.stdout.strip().splitlines()[-1])
                per_point_lq = res["lqmodel"]["wall"]["min"] / n
                fl["lqmodel_seconds_per_point"] = per_point_lq
                fl["ratio_flavio_over_lqmodel"] = fl["seconds_per_point_median"] / per_point_lq
                res["flavio"] = fl
                print(
                    f"flavio: {fl['seconds_per_point_median']:.3g} s/point; lqmodel "
                    f"{per_point_lq:.3g} s/point; ratio {fl['ratio_flavio_over_lqmodel']:.3g}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(res, indent=1)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
