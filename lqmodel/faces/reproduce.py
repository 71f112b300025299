"""``lqmodel reproduce``: the figures and numbers of Chen & Chiang, PRD 109, 075004 (2024).

Every figure is computed by the same Study as ``evaluate`` and ``scan``: in the paper's form
(its equations, with its inputs) and in the general form (lqmodel's own formulas), drawn side by
side (contour plots) or over each other (correlations).  Each figure's data is written beside
it (``data/figN.npz``) and is what the tests check.  ``numbers.md`` and ``summary.json`` set
each numerical claim of the paper (``models/s1_lmu_ltau.claims.yaml``) beside lqmodel's values.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from lqmodel.core.errors import InputFileError, OutputError, ParameterValueError, UnknownNameError
from lqmodel.faces import plots

__all__ = ["FIGURES", "MODEL", "ClaimResult", "Reproduction", "load_claims", "reproduce"]

MODEL = "s1_lmu_ltau"
FIGURES = ("fig1a", "fig1b", "fig2", "fig3a", "fig3b", "fig4a", "fig4b", "fig4c", "fig4d")
REPRODUCE_FORMS = ("paper", "general", "both")

#: Observables the figures and claims read.
OBSERVABLES = (
    "DeltaM_K_NP",
    "DeltaM_d_NP",
    "DeltaM_s_NP",
    "R_nu",
    "BR(K+->pinunu)",
    "BR(KL->pinunu)",
    "Rtaul(B->Dlnu)",
    "Rtaul(B->D*lnu)",
    "Ptau(B->Dtaunu)",
    "Ptau(B->D*taunu)",
    "FLtot(B0->D*taunu)",
    "BR(Bc->taunu)",
    "BR(B+->KZp)",
    "BR(B0->K*Zp)",
    "Delta_a_mu",
)
#: Extra columns the reproduction's scans keep (the claims read them).
SCAN_KEEP = ("BR(KL->pinunu)", "BR(B+->Knunu)")
#: Ranges of the figures: eq. (25) for the y_L, |y_R2| < 1.6 (Sec. V, ref. [90]).
RANGES = {"yL1": (-0.05, 0.05), "yL2": (-0.15, 0.15), "yL3": (-1.5, 1.5), "yR2": (-1.6, 1.6)}
STYLE = {"paper": ("solid", "paper's form"), "general": ("dashed", "general form")}


@attrs.frozen
class ClaimResult:
    """One claim of the paper beside lqmodel's values (one per form; None where not computed)."""

    id: str
    claim: str
    source: str
    paper: float | None
    unit: str
    values: Mapping[str, float | None]
    status: Mapping[str, str]
    note: str = ""

    def relative(self, form: str) -> float | None:
        v = self.values.get(form)
        if v is None or not self.paper:
            return None
        return (v - self.paper) / abs(self.paper)


@attrs.frozen
class Reproduction:
    """What ``reproduce`` wrote: the figure files, the claims, the scans' sizes and timings."""

    out: Path
    files: tuple[Path, ...]
    claims: tuple[ClaimResult, ...]
    scans: Mapping[str, Mapping[str, Any]]
    seconds: float


def load_claims(text: str | None = None) -> list[dict]:
    """The paper's claims (``s1_lmu_ltau.claims.yaml``), schema-checked."""
    import importlib.resources

    import yaml

    if text is None:
        text = importlib.resources.files("lqmodel.models").joinpath(f"{MODEL}.claims.yaml").read_text()
    doc = yaml.safe_load(text)
    known = {"id", "claim", "source", "paper", "unit", "tolerance", "how", "cause"}
    claims = doc["claims"]
    seen = set()
    for c in claims:
        for key in c:
            if key not in known:
                raise UnknownNameError("claim key", key, known)
        if c["id"] in seen:
            raise InputFileError(f"claim {c['id']!r}", "is listed twice")
        seen.add(c["id"])
        if c["how"]["kind"] not in _CLAIM_KINDS:
            raise UnknownNameError("claim kind", c["how"]["kind"], _CLAIM_KINDS)
    return claims


# ---------------------------------------------------------------------------------------------
def _forms(form: str) -> tuple[str, ...]:
    if form not in REPRODUCE_FORMS:
        raise UnknownNameError("form", form, REPRODUCE_FORMS, hint="choose paper, general or both")
    return ("paper", "general") if form == "both" else (form,)


def _check_points(points: int) -> int:
    if isinstance(points, bool) or not isinstance(points, int) or points <= 0:
        raise ParameterValueError("--points", points, "needs a positive number of points")
    return points


def _prepare(out: Path) -> None:
    from lqmodel.numeric.scan import check_writable

    check_writable(out)
    try:
        (out / "data").mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(str(out), f"the directory cannot be created ({err.strerror or err})") from None


def _figure(ncols: int = 1, nrows: int = 1, width: float = 4.6):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, 3.9 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def _save(fig, out: Path, name: str, data: Mapping[str, Any], files: list) -> None:
    import numpy as np

    for ext in ("png", "pdf"):
        path = out / f"{name}.{ext}"
        fig.savefig(path, dpi=150)
        files.append(path)
    np.savez_compressed(out / "data" / f"{name}.npz", **{k: np.asarray(v) for k, v in data.items()})
    files.append(out / "data" / f"{name}.npz")


def _bounds(spec) -> dict[str, tuple[float | None, float | None]]:
    """The scan spec's bounds on each constrained observable, in GeV units."""
    from lqmodel.core.units import to_natural

    out = {}
    for c in spec.constraints:
        unit = c.unit or ""

        def conv(v, unit=unit, name=c.observable):
            return None if v is None else to_natural(f"{v} {unit}".strip(), 1 if unit else 0, name)

        out[c.observable] = (conv(c.low), conv(c.high))
    return out


# ---------------------------------------------------------------------------------------------
def reproduce(
    out: str | Path = "lqmodel-reproduce",
    *,
    points: int = 1_000_000,
    form: str = "both",
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
) -> Reproduction:
    """Draw the paper's figures, run its scan and compare its numbers; see the module docstring.

    Args:
        out: the output directory (created; reruns reuse its scans).
        points: the scan's sampled points (the paper used 1e7).
        form: ``paper``, ``general`` or ``both``.
        seed: the scan's random seed.
        progress: called with a line for each step (None: silent).
    """
    from lqmodel.model.loader import load_model
    from lqmodel.numeric.scan import load_scan, run_scan, study_for
    from lqmodel.numeric.spec import Kept, load_spec
    from lqmodel.numeric.study import Study

    t0 = time.perf_counter()
    forms = _forms(form)
    points = _check_points(points)
    out = Path(out)
    _prepare(out)
    say = progress or (lambda _line: None)
    steps = 1 + len(forms) + len(FIGURES) + 1
    step = iter(range(1, steps + 1))

    def tell(text: str) -> None:
        say(f"[{next(step)}/{steps}] {text}")

    tell(f"loading {MODEL} and compiling its kernels ({', '.join(forms)} forms)")
    model = load_model(MODEL)
    studies = {f: Study(model, observables=OBSERVABLES, form=f, couplings=False, wilson=()) for f in forms}
    for s in studies.values():
        s.kernel()
    import importlib.resources

    spec = load_spec(
        text=importlib.resources.files("lqmodel.models").joinpath(f"{MODEL}.scan.yaml").read_text()
    )
    spec = attrs.evolve(
        spec, keep=(*spec.keep, *(Kept(k) for k in SCAN_KEEP if k not in {x.name for x in spec.keep}))
    )
    bounds = _bounds(spec)
    scans, data = {}, {}
    for f in forms:
        tell(
            f"scan of Sec. V in the {f} form: {points:.3g} points (eq. 25, constraints of eq. 24 and Sec. II)"
        )
        d = out / f"scan-{f}-{points}-seed{seed}"
        scan_study = study_for(spec, model, form=f)
        scans[f] = run_scan(scan_study, spec, points=points, seed=seed, out=d, resume=True, progress=False)
        data[f] = load_scan(d)
    files: list[Path] = []
    ctx = _Context(model, studies, forms, bounds, data, out, files)
    for name in FIGURES:
        tell(f"{name}: {_CAPTIONS[name]}")
        _BUILDERS[name](ctx)
    tell("numbers.md and summary.json: the paper's claims beside lqmodel's values")
    claims = tuple(evaluate_claim(c, ctx) for c in load_claims())
    seconds = time.perf_counter() - t0
    rep = Reproduction(out, tuple(files), claims, scans, seconds)
    _write_numbers(rep, forms)
    files += [out / "numbers.md", out / "summary.json"]
    return attrs.evolve(rep, files=tuple(files))


@attrs.frozen
class _Context:
    model: Any
    studies: Mapping[str, Any]
    forms: tuple[str, ...]
    bounds: Mapping[str, tuple]
    scans: Mapping[str, Mapping[str, Any]]
    out: Path
    files: list


# -- figures ------------------------------------------------------------------------------------
_CAPTIONS = {
    "fig1a": "Delta m_K^S1 in the y_L1-y_L2 plane at y_L3 = 0.8, with the eq. (24) bound",
    "fig1b": "Delta m_Bd^S1 and Delta m_Bs^S1 in the y_L2-y_L3 plane at y_L1 = 0.02, "
    "with the eq. (24) bounds",
    "fig2": "B(K+ -> pi+ nu nu) = 8.2, 11.4, 15.4e-11 and R^nu = 1.2, 1.8, 2.6 among the scan's points",
    "fig3a": "R(D) and R(D*) in the y_R2-y_L3 plane with the 1 sigma bands",
    "fig3b": "the R(D)-R(D*) correlation through the SM point",
    "fig4a": "P_tau(D)/SM and P_tau(D*)/SM in the y_R2-y_L3 plane",
    "fig4b": "F_L(D*)/SM and B(B_c -> tau nu)/SM in the y_R2-y_L3 plane",
    "fig4c": "P_tau(D)/SM against R(D)",
    "fig4d": "B(B_c -> tau nu)/SM against R(D)",
}


def _axis(name: str, n: int = 161) -> plots.Axis:
    lo, hi = RANGES[name]
    return plots.Axis(name, lo, hi, n)


def _title(ax, form: str, extra: str = "") -> None:
    ax.set_title(f"{STYLE[form][1]}{extra}", fontsize=9)


def _delta_m(
    ctx: _Context, name: str, x: str, y: str, fixed: dict, observables: list[str], colors: list[str]
):
    fig, axes = _figure(len(ctx.forms))
    data: dict[str, Any] = {}
    for ax, f in zip(axes[0], ctx.forms, strict=True):
        grid = plots.contour_data(ctx.studies[f], _axis(x), _axis(y), observables, values=fixed)
        data["x"], data["y"] = grid.xs, grid.ys
        for obs, color in zip(observables, colors, strict=True):
            lo, hi = ctx.bounds[obs]
            plots.plot_contour(
                grid,
                obs,
                ax=ax,
                allowed=(lo, hi),
                levels=[0.1 * hi, 0.5 * hi],
                color=color,
                band=False,
                label=plots.observable_label(obs, grid.info[obs]) + " allowed (lines: 10%, 50% of the bound)",
            )
            data[f"{f}/{obs}"] = grid.z(obs)
            data[f"bounds/{obs}"] = [lo, hi]
        ax.legend(fontsize=7, loc="upper right")
        _title(ax, f, ", ".join(f" {k} = {v}" for k, v in fixed.items()))
    _save(fig, ctx.out, name, data, ctx.files)


def _fig1a(ctx: _Context) -> None:
    _delta_m(ctx, "fig1a", "yL1", "yL2", {"yL3": 0.8}, ["DeltaM_K_NP"], ["tab:green"])


def _fig1b(ctx: _Context) -> None:
    _delta_m(
        ctx, "fig1b", "yL2", "yL3", {"yL1": 0.02}, ["DeltaM_d_NP", "DeltaM_s_NP"], ["tab:blue", "tab:orange"]
    )


def _fig2(ctx: _Context) -> None:
    fig, axes = _figure(2, len(ctx.forms))
    data: dict[str, Any] = {}
    meta = ctx.studies[ctx.forms[0]].kernel().meta
    for row, f in enumerate(ctx.forms):
        d = ctx.scans[f]
        for col, (obs, levels) in enumerate(
            (("BR(K+->pinunu)", (8.2e-11, 11.4e-11, 15.4e-11)), ("R_nu", (1.2, 1.8, 2.6)))
        ):
            ax = axes[row][col]
            plots.plot_scan(d, "yL2", "yL3", ax=ax, color=obs, levels=levels, labels=meta)
            ax.legend(
                fontsize=7,
                markerscale=4,
                loc="lower right",
                title=plots.observable_label(obs, meta["observables"][obs]),
            )
            _title(ax, f, f", {len(d['yL2'])} accepted points")
            ax.set_xlim(*RANGES["yL2"])
            ax.set_ylim(*RANGES["yL3"])
        for k in ("yL1", "yL2", "yL3", "BR(K+->pinunu)", "R_nu", *ctx.bounds):
            data[f"{f}/{k}"] = d[k]
    _save(fig, ctx.out, "fig2", data, ctx.files)


def _rd_grid(ctx: _Context, f: str, observables: list[str]):
    return plots.contour_data(ctx.studies[f], _axis("yR2"), _axis("yL3"), observables)


def _fig3a(ctx: _Context) -> None:
    fig, axes = _figure(len(ctx.forms))
    data: dict[str, Any] = {}
    obs = ["Rtaul(B->Dlnu)", "Rtaul(B->D*lnu)"]
    for ax, f in zip(axes[0], ctx.forms, strict=True):
        grid = _rd_grid(ctx, f, obs)
        plots.plot_contour(
            grid, obs[0], ax=ax, levels=[0.25, 0.3, 0.357, 0.4, 0.5], color="tab:blue", label="R(D)"
        )
        plots.plot_contour(
            grid,
            obs[1],
            ax=ax,
            levels=[0.25, 0.27, 0.284, 0.3, 0.35],
            color="tab:red",
            linestyle="dashed",
            label="R(D*)",
        )
        ax.legend(fontsize=7)
        _title(ax, f)
        data["yR2"], data["yL3"] = grid.xs, grid.ys
        for o in obs:
            data[f"{f}/{o}"] = grid.z(o)
    _save(fig, ctx.out, "fig3a", data, ctx.files)


def _line(ctx: _Context, f: str, observables: list[str]):
    """Along y_R2 at y_L3 = 1 (the product y_L3 y_R2 from -1.6 to 1.6, through the SM at 0)."""
    return plots.line_data(ctx.studies[f], _axis("yR2", 321), observables, values={"yL3": 1.0})


def _correlation(ctx: _Context, name: str, x: str, y: str, ratio_y: bool) -> None:
    fig, axes = _figure()
    ax = axes[0][0]
    data: dict[str, Any] = {}
    for f in ctx.forms:
        line = _line(ctx, f, [x, y])
        style, label = STYLE[f]
        plots.plot_correlation(
            line, x, y, ax=ax, ratio_y=ratio_y, linestyle=style, label=label, sm=f == ctx.forms[-1]
        )
        data["yR2"] = line.ts
        data[f"{f}/{x}"], data[f"{f}/{y}"] = line.of(x), line.of(y, ratio_y)
        data[f"sm/{x}"], data[f"sm/{y}"] = line.sm[x], 1.0 if ratio_y else line.sm[y]
    ax.legend(fontsize=7)
    ax.set_title(r"$y_{L3}^q = 1$, $-1.6 < y_{R2}^u < 1.6$, $m_{S_1} = 1.5$ TeV", fontsize=9)
    _save(fig, ctx.out, name, data, ctx.files)


def _fig3b(ctx: _Context) -> None:
    _correlation(ctx, "fig3b", "Rtaul(B->Dlnu)", "Rtaul(B->D*lnu)", False)


def _ratio_contours(ctx: _Context, name: str, solid: str, dashed: str, levels_solid, levels_dashed) -> None:
    fig, axes = _figure(len(ctx.forms))
    data: dict[str, Any] = {}
    for ax, f in zip(axes[0], ctx.forms, strict=True):
        grid = _rd_grid(ctx, f, [solid, dashed])
        plots.plot_contour(
            grid,
            solid,
            ax=ax,
            ratio=True,
            band=False,
            levels=levels_solid,
            color="tab:blue",
            label=plots.observable_label(solid, grid.info[solid], True),
        )
        plots.plot_contour(
            grid,
            dashed,
            ax=ax,
            ratio=True,
            band=False,
            levels=levels_dashed,
            color="tab:red",
            linestyle="dashed",
            label=plots.observable_label(dashed, grid.info[dashed], True),
        )
        ax.legend(fontsize=7)
        _title(ax, f)
        data["yR2"], data["yL3"] = grid.xs, grid.ys
        for o in (solid, dashed):
            data[f"{f}/{o}/SM"] = grid.z(o, True)
    _save(fig, ctx.out, name, data, ctx.files)


def _fig4a(ctx: _Context) -> None:
    _ratio_contours(
        ctx,
        "fig4a",
        "Ptau(B->Dtaunu)",
        "Ptau(B->D*taunu)",
        [0.8, 1.2, 1.4, 1.6],  # no 1.0: the SM value lies on the axes y_R2 = 0 and y_L3 = 0
        [0.9, 0.95, 1.05, 1.1],
    )


def _fig4b(ctx: _Context) -> None:
    _ratio_contours(
        ctx,
        "fig4b",
        "FLtot(B0->D*taunu)",
        "BR(Bc->taunu)",
        [0.9, 0.95, 1.05, 1.1],
        [0.25, 0.5, 1.5, 2.0, 3.0],
    )


def _fig4c(ctx: _Context) -> None:
    _correlation(ctx, "fig4c", "Rtaul(B->Dlnu)", "Ptau(B->Dtaunu)", True)


def _fig4d(ctx: _Context) -> None:
    _correlation(ctx, "fig4d", "Rtaul(B->Dlnu)", "BR(Bc->taunu)", True)


_BUILDERS = {
    "fig1a": _fig1a,
    "fig1b": _fig1b,
    "fig2": _fig2,
    "fig3a": _fig3a,
    "fig3b": _fig3b,
    "fig4a": _fig4a,
    "fig4b": _fig4b,
    "fig4c": _fig4c,
    "fig4d": _fig4d,
}


# -- claims -------------------------------------------------------------------------------------
def _weighted_average_ratio(how: Mapping, ctx: _Context, form: str) -> float:
    num = sum(v / e**2 for v, e in how["measurements"])
    den = sum(1 / e**2 for _, e in how["measurements"])
    return num / den * how["scale"] / how["sm"][0]


def _rate_to_energy(how: Mapping, ctx: _Context, form: str) -> float:
    from lqmodel.core.units import to_natural

    factor, _, rate = how["value"].partition("*")
    number, _, unit = rate.strip().partition("/")
    return float(factor) * to_natural(f"{number.strip()} {unit.strip()}^-1", 1, "rate")


def _limit_ratio(how: Mapping, ctx: _Context, form: str) -> float:
    sm, err = how["sm"]
    return how["limit"] / (sm + how["sigmas"] * err)


def _point(how: Mapping, ctx: _Context, form: str) -> float:
    r = ctx.studies[form].at(dict(how.get("values", {})))
    return float(abs(r.observables[how["observable"]]))


def _scan_max(how: Mapping, ctx: _Context, form: str) -> float | None:
    import numpy as np

    col = np.real(ctx.scans[form][how["column"]])
    if col.size == 0:
        return None
    v = float(col.max())
    if how.get("ratio_to_sm"):
        v /= float(np.real(ctx.studies[form].sm()[how["column"]]))
    return v


def _grid_max(how: Mapping, ctx: _Context, form: str) -> float:
    import numpy as np

    grid = plots.contour_data(ctx.studies[form], how["x"], how["y"], how["observable"], n=161)
    return float(np.nanmax(grid.z(how["observable"])))


def _running(how: Mapping, ctx: _Context, form: str) -> float:
    from lqmodel.numeric.study import Study

    coef = how["coefficient"]
    running = "paper" if form == "paper" else "general"
    at = {}
    for r in (running, "none"):
        s = Study(ctx.model, observables=(), couplings=False, wilson=("JMS",), scale=4.18, running=r)
        at[r] = s.at(dict(how["values"])).wilson["JMS"][coef]
    return float((at[running] / at["none"]).real)


def _scan_fraction(how: Mapping, ctx: _Context, form: str) -> float | None:
    import numpy as np

    a, b = (np.asarray(ctx.scans[form][c]) for c in how["columns"])
    return None if a.size == 0 else float(np.mean(a * b > 0))


_CLAIM_KINDS = {
    "weighted_average_ratio": _weighted_average_ratio,
    "rate_to_energy": _rate_to_energy,
    "limit_ratio": _limit_ratio,
    "point": _point,
    "scan_max": _scan_max,
    "grid_max": _grid_max,
    "running": _running,
    "scan_fraction": _scan_fraction,
    "not_computed": None,
}


def evaluate_claim(c: Mapping, ctx: _Context) -> ClaimResult:
    """lqmodel's value of one claim in each form, and whether it agrees within the tolerance."""
    how = c["how"]
    fn = _CLAIM_KINDS[how["kind"]]
    values: dict[str, float | None] = {}
    status: dict[str, str] = {}
    paper = c.get("paper")
    tol = c.get("tolerance", 0.0)
    for f in ctx.forms:
        if fn is None:
            values[f], status[f] = None, "not computed"
            continue
        v = fn(how, ctx, f)
        values[f] = v
        if v is None or paper is None:
            status[f] = "no value"
        elif how.get("reaches"):
            status[f] = "agrees" if v >= paper else "differs"
        else:
            status[f] = "agrees" if abs(v - paper) <= tol * abs(paper) + 1e-300 else "differs"
    note = how.get("reason", "") if fn is None else ""
    if any(s == "differs" for s in status.values()):
        note = " ".join(c.get("cause", "The cause is not identified.").split())
    elif c.get("cause") and fn is not None:
        note = " ".join(c["cause"].split())
    return ClaimResult(
        c["id"], c["claim"], c["source"], paper, c.get("unit", ""), values, status, " ".join(note.split())
    )


# -- numbers.md and summary.json ----------------------------------------------------------------
def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.4g}"


def _write_numbers(rep: Reproduction, forms: tuple[str, ...]) -> None:
    lines = [
        "# Chen & Chiang, PRD 109, 075004 (2024): the paper's numbers beside lqmodel's",
        "",
        "Written by `lqmodel reproduce`.  *paper form*: the paper's own equations and inputs; "
        "*general form*: lqmodel's general formulas (computed running, full K⁺ → π⁺νν̄, the "
        "current-conserving B → K(*)Z′, ...).  The difference is relative to the paper's number; "
        "a claim counts as reproduced within the tolerance its entry in "
        "`models/s1_lmu_ltau.claims.yaml` states.",
        "",
    ]
    head = "| claim | paper | " + " | ".join(f"lqmodel, {f} form" for f in forms) + " | status |"
    lines += [head, "|" + "---|" * (3 + len(forms))]
    for c in rep.claims:
        cells = []
        for f in forms:
            rel = c.relative(f)
            cells.append(_num(c.values[f]) + ("" if rel is None else f" ({rel:+.1%})"))
        st = (
            ", ".join(f"{f}: {c.status[f]}" for f in forms)
            if len(set(c.status.values())) > 1
            else c.status[forms[0]]
        )
        unit = f" {c.unit}" if c.unit else ""
        lines.append(
            "| "
            + f"{c.claim} ({c.source})".replace("|", "\\|")
            + f" | {_num(c.paper)}{unit} | "
            + " | ".join(cells)
            + f" | {st} |"
        )
    lines += ["", "## Where they differ, and why", ""]
    for c in rep.claims:
        if c.note:
            lines.append(f"- **{c.id}** ({', '.join(f'{f}: {c.status[f]}' for f in forms)}): {c.note}")
    lines += ["", "## The scans", ""]
    for f, s in rep.scans.items():
        lines.append(
            f"- {f} form: {s['points']:,} points (seed in the directory name), {s['kept']:,} accepted, "
            f"{s['seconds']} s; points in `{Path(s['out']).name}/`"
        )
    (rep.out / "numbers.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = {
        "paper": "Chen & Chiang, Phys. Rev. D 109, 075004 (2024)",
        "model": MODEL,
        "forms": list(forms),
        "claims": [
            {
                "id": c.id,
                "claim": c.claim,
                "source": c.source,
                "paper": c.paper,
                "unit": c.unit,
                "lqmodel": {f: c.values[f] for f in forms},
                "relative_difference": {f: c.relative(f) for f in forms},
                "status": dict(c.status),
                "note": c.note,
            }
            for c in rep.claims
        ],
        "scans": {f: dict(s) for f, s in rep.scans.items()},
        "figures": [p.name for p in rep.files if p.suffix in (".png", ".pdf")],
        "seconds": round(rep.seconds, 2),
    }
    (rep.out / "summary.json").write_text(
        json.dumps(summary, indent=1, default=_jsonable) + "\n", encoding="utf-8"
    )


def _jsonable(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return str(v)
