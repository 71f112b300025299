"""Chunked, resumable parameter scans on every core, with declarative constraints.

A scan spec (:mod:`lqmodel.numeric.spec`) meets a model in a :class:`~lqmodel.numeric.study.Study`
(:func:`study_for`); :func:`plan` binds it to the Study's kernel (natural units, the observables'
units, the columns to keep).  Points are drawn in fixed blocks of :data:`BLOCK` points, each from
its own seed ``SeedSequence(seed, spawn_key=(block,))``, so the same seed gives the same points —
and the same accepted points — whatever the chunk size or the number of workers.  Each chunk is
written atomically (``chunk-NNNNNN.npz``), then recorded in the manifest, so a scan killed at any
moment resumes with ``resume=True`` without losing or duplicating points.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from lqmodel.core.errors import (
    InputFileError,
    LQModelError,
    OutputError,
    ParameterValueError,
    UnknownNameError,
)
from lqmodel.numeric.spec import Constraint, Sampling, ScanSpec

__all__ = [
    "BLOCK",
    "MAX_POINTS",
    "Plan",
    "ScanDirectoryError",
    "load_scan",
    "plan",
    "run_scan",
    "sample_block",
    "study_for",
]

BLOCK = 1 << 16  # points per RNG block: the unit of reproducibility
MAX_POINTS = 10**11  # about 2 hours on 2 cores at 1e9 points per 30 s


class ScanDirectoryError(OutputError, FileExistsError):
    """An output directory that holds a different scan."""

    def __str__(self) -> str:
        return f"output directory {self.path!r} {self.reason}"


# ---------------------------------------------------------------------------------------------
# Spec -> Study -> plan


def _is_coupling(model, name: str) -> bool:
    """Whether ``name`` is one of the model's named couplings (Y_b...), told without sympy."""
    for nc in model.named:
        if name.startswith(nc.name + "_"):
            species = nc.left.split("_")[0]
            try:
                flavours = model.species(species).flavours
            except LQModelError:
                flavours = ()
            if name[len(nc.name) + 1 :] in flavours:
                return True
    return False


def study_for(spec: ScanSpec, model, form: str | None = None):
    """The Study a scan of ``spec`` runs: its outputs, fixed inputs, sampled (free) parameters, forms."""
    from lqmodel.numeric.study import Study
    from lqmodel.observables.custom import Definition
    from lqmodel.symbols.wet import is_wet_name

    defined = [Definition(name, **dict(opts)) for name, opts in spec.define]
    defined_names = {d.name for d in defined}
    observables: list = []
    couplings = wilson = False
    for name in spec.outputs:
        if is_wet_name(name):
            wilson = True
        elif _is_coupling(model, name):
            couplings = True
        elif name not in defined_names:
            observables.append(name)
    observables += defined
    free = tuple(dict.fromkeys(n.split(".")[0] for n in spec.sampled))
    return Study(
        model,
        observables=tuple(observables),
        fixed=dict(spec.fixed),
        free=free,
        form=form or spec.form,
        forms=spec.forms(),
        couplings=couplings,
        wilson=("JMS",) if wilson else (),
    )


@attrs.frozen
class Plan:
    """A spec bound to a kernel: samplings and constraints in the kernel's units, the columns to keep."""

    name: str
    samplings: tuple[Sampling, ...]
    constraints: tuple[Constraint, ...]
    keep: tuple[tuple[str, str], ...]  # (column, kernel output key or sampled name)
    fingerprint: str

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.keep)


def plan(spec: ScanSpec, kernel) -> Plan:
    """Check ``spec`` against the kernel's inputs and outputs; convert units.

    Raises:
        UnknownNameError: a sampled parameter the model does not have (or a fixed one), or an
            observable the kernel does not compute.
        ParameterValueError: a range outside the parameter's domain, an empty constraint window.
        UnitError: a range or bound of the wrong dimension.
    """
    from lqmodel.core.units import gev_factor, mass_dimension, to_natural

    meta = kernel.meta
    table = meta["inputs"]
    samplings = []
    for s in spec.parameters:
        base, _, part = s.name.partition(".")
        if base not in table or part not in ("", "re", "im") or (part and table[base]["domain"] != "complex"):
            raise _unknown_sampled(s.name, meta)
        if base in meta["fixed"]:
            raise ParameterValueError(s.name, (s.low, s.high), "is fixed; it cannot also be sampled")
        info = table[base]
        dim = 0 if part else info["dim"]

        def natural(v, s=s, dim=dim):
            if s.unit:
                if isinstance(v, str):
                    raise ParameterValueError(s.name, v, "give plain numbers when 'unit' is set")
                n = mass_dimension(s.unit)
                if n != dim:
                    from lqmodel.core.errors import UnitError
                    from lqmodel.core.units import format_mass_dimension

                    raise UnitError(s.name, format_mass_dimension(dim), s.unit)
                return float(v) * gev_factor(s.unit)
            return float(to_natural(v, dim, s.name).real)

        domain = "real" if part else info["domain"]
        samplings.append(s.checked(natural(s.low), natural(s.high), domain))
    outputs = set(kernel.output_names)
    sampled = {s.name for s in samplings}
    constraints = []
    for c in spec.constraints:
        if c.observable not in outputs and c.observable not in sampled:
            raise UnknownNameError("observable in a constraint", c.observable, [*outputs, *sampled])
        info = meta["observables"].get(c.observable)
        if info is not None and info["complex"]:
            raise ParameterValueError(
                c.observable, (c.low, c.high), "is complex; constrain a real observable"
            )
        unit = info["unit"] if info is not None else ""
        dim = mass_dimension(unit)

        def bound(v, c=c, unit=unit, dim=dim):
            if v is None:
                return None
            if isinstance(v, str):
                natural = to_natural(v, dim, c.observable)
            else:
                natural = float(v) * gev_factor(c.unit) if c.unit else float(v) * gev_factor(unit)
                if c.unit and mass_dimension(c.unit) != dim:
                    from lqmodel.core.errors import UnitError
                    from lqmodel.core.units import format_mass_dimension

                    raise UnitError(c.observable, format_mass_dimension(dim), c.unit)
            return float(natural) / gev_factor(unit)

        lo, hi = bound(c.low), bound(c.high)
        if lo is not None and hi is not None and not lo < hi:
            raise ParameterValueError(
                c.observable, (c.low, c.high), "the constraint window is empty (min >= max)"
            )
        constraints.append(attrs.evolve(c, low=lo, high=hi))
    keep = [(s.name, s.name) for s in samplings]
    for k in spec.keep:
        if k.name in sampled:
            continue
        key = f"JMS:{k.name}" if f"JMS:{k.name}" in outputs else k.name
        if key not in outputs:
            raise UnknownNameError("output to keep", k.name, [*outputs, *sampled])
        keep.append((k.name, key))
    return Plan(spec.name, tuple(samplings), tuple(constraints), tuple(keep), spec.fingerprint())


def _unknown_sampled(name: str, meta: Mapping) -> LQModelError:
    from lqmodel.numeric.study import unknown_input

    return unknown_input(name.partition(".")[0], meta)


# ---------------------------------------------------------------------------------------------
# Sampling and evaluating


def sample_block(samplings: Sequence[Sampling], seed: int, block: int, n_total: int) -> dict:
    """The points of RNG block ``block``: a dict name -> array (the last block may be short)."""
    import numpy as np

    start = block * BLOCK
    size = min(BLOCK, n_total - start)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))
    out = {}
    n_grid = [p for p in samplings if p.method == "grid"]
    per_axis = max(2, round(n_total ** (1 / len(n_grid)))) if n_grid else 0
    index = np.arange(start, start + size)
    for p in samplings:
        if p.method == "grid":
            axis = n_grid.index(p)
            i = (index // per_axis**axis) % per_axis
            out[p.name] = p.low + (p.high - p.low) * i / (per_axis - 1)
            continue
        if p.method == "lhs":  # stratified within the block: one point per stratum
            u = (rng.permutation(size) + rng.uniform(size=size)) / size
        else:
            u = rng.uniform(size=size)
        if p.method == "log":
            out[p.name] = np.exp(np.log(p.low) + (np.log(p.high) - np.log(p.low)) * u)
        else:  # low + (high - low) u, in place
            u *= p.high - p.low
            u += p.low
            out[p.name] = u
    return out


def _kernel_arrays(kernel, pts: Mapping[str, Any], size: int) -> dict:
    """The kernel's arguments: sampled arrays, and a zero array for an unsampled part of a complex input."""
    import numpy as np

    out = {}
    for key in kernel.inputs:
        if key in pts:
            out[key] = pts[key]
        else:
            base, _, part = key.partition(".")
            if part and base in pts:
                raise LQModelError(f"'{base}' is complex: sample '{base}.re' and '{base}.im'")
            out[key] = np.zeros(size)
    return out


def run_chunk(kernel, p: Plan, seed: int, blocks: range, n_total: int) -> dict:
    """Sample ``blocks``, evaluate, apply the constraints; return the kept columns."""
    import numpy as np

    kept: dict[str, list] = {}
    for b in blocks:
        pts = sample_block(p.samplings, seed, b, n_total)
        size = len(next(iter(pts.values())))
        values = kernel(_kernel_arrays(kernel, pts, size))
        values.update(pts)
        ok = np.ones(size, dtype=bool)
        for c in p.constraints:
            ok &= c.mask(values[c.observable])
        idx = np.flatnonzero(ok)  # one index array serves every column
        for column, key in p.keep:
            kept.setdefault(column, []).append(values[key].take(idx))
    return {k: np.concatenate(v) for k, v in kept.items()}


# ---------------------------------------------------------------------------------------------
# Files


def _write_atomic(path: Path, writer: Callable[[str], None]) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    writer(str(tmp))
    os.replace(tmp, path)


def _save_chunk(path: Path, arrays: Mapping[str, object]) -> None:
    import numpy as np

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)

    _write_atomic(path, write)


def _save_manifest(out: Path, manifest: dict) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "w") as fh:
            json.dump(manifest, fh, indent=1)

    _write_atomic(out / "manifest.json", write)


def load_scan(out: str | Path, as_frame: bool = False):
    """The accepted points of a scan directory: a dict of numpy arrays (or a pandas DataFrame).

    Raises:
        InputFileError: a directory that holds no lqmodel scan.
    """
    import numpy as np

    out = Path(out)
    try:
        manifest = json.loads((out / "manifest.json").read_text())
    except (OSError, ValueError):
        raise InputFileError(str(out), "holds no lqmodel scan (no readable manifest.json)") from None
    parts: dict[str, list] = {}
    for chunk in sorted(manifest["done"]):
        with np.load(out / f"chunk-{chunk:06d}.npz") as data:
            for k in data.files:
                parts.setdefault(k, []).append(data[k])
    columns = manifest["columns"]
    arrays = {k: np.concatenate(parts[k]) if k in parts else np.empty(0) for k in columns}
    if as_frame:
        import pandas as pd

        return pd.DataFrame(arrays)
    return arrays


def _keep_heap() -> None:
    """Ask glibc to keep freed block-sized arrays on the heap instead of unmapping them.

    A scan allocates and frees the same few-hundred-kB arrays for every block; by default
    glibc maps and unmaps each one, and the page faults cost about a tenth of a scan
    (measured in bench/README.md).  Elsewhere, or if the call fails, nothing changes.
    """
    import ctypes

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 1 << 26)  # M_MMAP_THRESHOLD: 64 MiB
        libc.mallopt(-1, 1 << 27)  # M_TRIM_THRESHOLD: 128 MiB
    except (OSError, AttributeError):
        pass


def _is_temporary(f: Path) -> bool:
    return (
        f.is_file()
        and (f.name.startswith("chunk-") or f.name.startswith("manifest.json"))
        and ".tmp-" in f.name
    )


def _remove_stale_temporaries(out: Path) -> None:
    """Delete the half-written files of a killed scan (``chunk-*.npz.tmp-PID``, ``manifest.json.tmp-*``)."""
    for f in out.iterdir():
        if _is_temporary(f):
            f.unlink(missing_ok=True)


def _drop_unreadable_chunks(out: Path, manifest: dict) -> None:
    """Forget recorded chunks whose file is missing or unreadable, so resume recomputes them.

    Chunk files are not fsynced (a killed process loses nothing: the page cache survives it);
    this check covers the rarer loss of a file to an operating-system crash.
    """
    import zipfile

    import numpy as np

    counts = manifest.setdefault("counts", {})
    for c in list(manifest["done"]):
        path = out / f"chunk-{c:06d}.npz"
        try:
            with np.load(path) as data:
                n = len(data[manifest["columns"][0]])
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            n = None
        if n is None or n != counts.get(str(c), n):
            manifest["done"].remove(c)
            counts.pop(str(c), None)
    manifest["kept"] = sum(counts.values()) if counts else manifest.get("kept", 0)


def check_writable(out: Path) -> None:
    """Refuse an output directory that cannot be created or written, before any work starts."""
    if out.exists() and not out.is_dir():
        raise ScanDirectoryError(str(out), "is a file, not a directory")
    parent = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    if not parent.is_dir():
        raise OutputError(str(out), f"{str(parent)!r} is a file, not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(str(out), f"{str(parent)!r} is not writable")


def prepare_output(
    out: Path, p: Plan, model_name: str, seed: int, n: int, form: str, chunk_blocks: int, resume: bool
) -> dict:
    """Create or reopen the output directory; refuse one that holds another scan."""
    ident = {
        "model": model_name,
        "spec": p.fingerprint,
        "form": form,
        "seed": seed,
        "points": n,
        "block": BLOCK,
    }
    manifest_path = out / "manifest.json"
    check_writable(out)
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text())
        same = {k: old.get(k) for k in ident} == ident
        if not resume:
            hint = (
                "use --resume to continue it, or choose another --out"
                if same
                else "it is a different scan, so choose another --out"
            )
            raise ScanDirectoryError(str(out), f"already holds a scan; {hint}")
        if not same:
            diff = ", ".join(k for k in ident if old.get(k) != ident[k])
            raise ScanDirectoryError(str(out), f"holds a different scan (differs in {diff})")
        old["chunk_blocks"] = old.get("chunk_blocks", chunk_blocks)
        _remove_stale_temporaries(out)
        _drop_unreadable_chunks(out, old)
        return old
    if out.exists() and all(_is_temporary(f) for f in out.iterdir()):
        _remove_stale_temporaries(out)  # a scan killed while writing its first manifest
    if out.exists() and any(out.iterdir()):
        raise ScanDirectoryError(str(out), "is not empty and holds no lqmodel scan")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(str(out), f"the directory cannot be created ({err.strerror or err})") from None
    manifest = {
        **ident,
        "chunk_blocks": chunk_blocks,
        "done": [],
        "kept": 0,
        "counts": {},
        "columns": list(p.columns),
        "constraints": [c.describe() for c in p.constraints],
        "name": p.name,
    }
    _save_manifest(out, manifest)
    return manifest


# ---------------------------------------------------------------------------------------------
# Running


def run_scan(
    study,
    spec: ScanSpec,
    *,
    points: int,
    seed: int,
    out: str | Path,
    resume: bool = False,
    chunk_points: int = 1 << 20,
    workers: int | None = None,
    dask_address: str | None = None,
    progress: bool | None = None,
) -> dict:
    """Run (or resume) the scan of ``spec`` through ``study``; the summary
    ``{points, kept, seconds, compile_seconds, out}``.

    ``workers`` processes evaluate chunks in parallel (default: every core); the accepted
    points do not depend on it.  ``progress`` (default: when stderr is a terminal) shows a bar.
    """
    if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
        raise ParameterValueError("--points", points, "needs a positive number of points")
    if points > MAX_POINTS:
        raise ParameterValueError(
            "--points",
            points,
            f"is beyond the maximum {MAX_POINTS:.0e} (hours of computing); split the scan into several seeds",
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ParameterValueError("--seed", seed, "needs a non-negative integer")
    workers = os.cpu_count() or 1 if workers is None else workers
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterValueError("--workers", workers, "needs a positive number of processes")
    out = Path(out)
    check_writable(out)
    t0 = time.perf_counter()
    kernel = study.kernel()
    compile_seconds = time.perf_counter() - t0
    p = plan(spec, kernel)
    client = _dask_client(dask_address) if dask_address else None
    t1 = time.perf_counter()
    _keep_heap()
    n_blocks = -(-points // BLOCK)
    chunk_blocks = max(1, int(chunk_points) // BLOCK)
    manifest = prepare_output(out, p, study.model.name, seed, points, study.form, chunk_blocks, resume)
    chunk_blocks = manifest["chunk_blocks"]
    n_chunks = -(-n_blocks // chunk_blocks)
    done = set(manifest["done"])
    todo = [c for c in range(n_chunks) if c not in done]

    def blocks_of(c: int) -> range:
        return range(c * chunk_blocks, min(n_blocks, (c + 1) * chunk_blocks))

    parallel = client is None and workers > 1 and len(todo) > 1
    pool = _start_pool(min(workers, len(todo))) if parallel else None
    bar = _Progress(len(todo), sys.stderr.isatty() if progress is None else progress)

    def record(c: int, count: int) -> None:
        manifest["done"] = sorted({*manifest["done"], c})
        manifest["counts"][str(c)] = count
        manifest["kept"] = sum(manifest["counts"].values())
        _save_manifest(out, manifest)
        bar.update()

    try:
        if client is not None:
            _scan_dask(client, kernel, p, seed, points, todo, blocks_of, out, record)
        elif pool is not None:
            _scan_pool(pool, kernel, p, seed, points, todo, blocks_of, out, record, workers)
        else:
            for c in todo:
                record(c, _chunk_to_file(kernel, p, seed, blocks_of(c), points, out, c))
    finally:
        bar.close()
        if client is not None:
            client.close()
    return {
        "points": points,
        "kept": int(manifest["kept"]),
        "seconds": round(time.perf_counter() - t1, 3),
        "compile_seconds": round(compile_seconds, 3),
        "out": str(out),
    }


def _chunk_to_file(kernel, p: Plan, seed: int, blocks: range, n: int, out: Path, c: int) -> int:
    """Evaluate chunk ``c`` and write its file; the number of points kept."""
    arrays = run_chunk(kernel, p, seed, blocks, n)
    _save_chunk(out / f"chunk-{c:06d}.npz", arrays)  # first the data, then the record of it
    return len(arrays[p.columns[0]])


def _worker_init() -> None:
    """A worker ignores Ctrl-C (the parent handles it) and dies with its parent (kill -9 included)."""
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    _keep_heap()


@functools.lru_cache(maxsize=1)
def _kernel_from_json(kernel_json: str):
    """The kernel a worker process compiles once and reuses for every chunk."""
    from lqmodel.numeric.kernel import Kernel

    return Kernel.from_json(kernel_json)


def _worker_chunk(
    kernel_json: str, p: Plan, seed: int, blocks: range, n: int, out: str, c: int
) -> tuple[int, int]:
    return c, _chunk_to_file(_kernel_from_json(kernel_json), p, seed, blocks, n, Path(out), c)


def _start_pool(workers: int):
    """``workers`` forked processes, started now (before any thread, such as a progress bar's, exists)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)
    pool.submit(int).result()  # forks every worker at once
    return pool


def _scan_pool(pool, kernel, p, seed, n, todo, blocks_of, out, record, workers) -> None:
    """Chunks on the pool's processes; each writes its chunk file, the parent records them in order done."""
    from concurrent.futures import FIRST_COMPLETED, wait

    source = kernel.to_json()
    pending: set = set()
    queue = list(todo)
    try:
        while queue or pending:
            while queue and len(pending) < 2 * workers:  # bounded: results arrive as they finish
                c = queue.pop(0)
                pending.add(pool.submit(_worker_chunk, source, p, seed, blocks_of(c), n, str(out), c))
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                record(*fut.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_client(address: str):
    """A dask.distributed client, or a clear error within seconds when no scheduler answers."""
    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise LQModelError("--dask needs the optional package: pip install 'lqmodel[dask]'") from err
    try:
        return Client(address, timeout="3s")
    except (OSError, TimeoutError, ValueError) as err:
        raise LQModelError(f"no dask scheduler answers at {address!r} ({type(err).__name__})") from None


def _scan_dask(client, kernel, p, seed, n, todo, blocks_of, out, record) -> None:
    from distributed import as_completed

    source = kernel.to_json()
    futures = {client.submit(_remote_chunk, source, p, seed, blocks_of(c), n, pure=False): c for c in todo}
    for fut in as_completed(futures):
        c = futures[fut]
        arrays = fut.result()
        _save_chunk(out / f"chunk-{c:06d}.npz", arrays)
        record(c, len(arrays[p.columns[0]]))


def _remote_chunk(kernel_json: str, p: Plan, seed: int, blocks: range, n: int) -> dict:
    from lqmodel.numeric.kernel import Kernel

    return run_chunk(Kernel.from_json(kernel_json), p, seed, blocks, n)


class _Progress:
    """A tqdm bar on stderr when enabled (a terminal), else nothing; closed before any other message."""

    def __init__(self, total: int, enabled: bool):
        self._bar = None
        if enabled and total:
            try:
                from tqdm import tqdm

                self._bar = tqdm(total=total, unit="chunk", file=sys.stderr)
            except ImportError:
                self._count, self._total = 0, total

                def show() -> None:
                    print(f"\rscan: {self._count}/{self._total} chunks", end="", file=sys.stderr)

                self._plain = show
        self._closed = False

    def update(self) -> None:
        if self._bar is not None:
            self._bar.update(1)
        elif hasattr(self, "_plain"):
            self._count += 1
            self._plain()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif hasattr(self, "_plain"):
            print(file=sys.stderr)
