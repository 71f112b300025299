"""The ``lqmodel`` command line: thin faces over the Study.

A user's mistake gives one line on stderr naming the culprit, no traceback, exit code 2, and
nothing written.  A closed pipe (``lqmodel evaluate … | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from lqmodel.core.errors import LQModelError

EPILOG = "Installed models: run 'lqmodel models'. A MODEL may also be a path to a .py file."
FORM_HELP = (
    "general: lqmodel's general formulas (default); paper: the paper's equations as printed, "
    "where an observable has them"
)
MODEL_HELP = "installed model name or path to a model file"


class _Parser(argparse.ArgumentParser):
    """argparse, with its mistakes in one line (no usage block) and exit code 2."""

    def error(self, message: str):
        command = self.prog.removeprefix("lqmodel").strip()
        self.exit(
            2, f"lqmodel: error: {command + ': ' if command else ''}{message} (see '{self.prog} --help')\n"
        )


class _UsageError(LQModelError):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def _split_assignments(items: Sequence[str]) -> dict[str, str]:
    from lqmodel.core.errors import ParameterValueError

    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ParameterValueError(item, item, "write NAME=VALUE, e.g. m_S1='1.5 TeV'")
        if name.strip() in out:
            raise ParameterValueError(name.strip(), value.strip(), "is set twice")
        out[name.strip()] = value.strip()
    return out


def _number_or_text(text: str) -> object:
    try:
        return float(text)
    except ValueError:
        try:
            return complex(text.replace(" ", "").replace("i", "j"))
        except ValueError:
            return text


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    return {k: _number_or_text(v) for k, v in _split_assignments(args.set).items()}


def _num(v) -> str:
    if isinstance(v, complex):
        return f"{v.real:+.6e} {v.imag:+.6e}i"
    return f"{v:12.4e}"


def _measurement(m) -> str:
    if not m:
        return "-"
    if m.get("upper_limit") is not None:
        cl = m.get("cl")
        return f"< {m['upper_limit']:.3g}" + (f" ({cl:.0%} CL)" if cl else "")
    if m.get("value") is None:
        return "-"
    up, down = m.get("error_up"), m.get("error_down")
    if up is None:
        return f"{m['value']:.4g}"
    if down is None or abs(up - down) < 1e-12 * abs(up):
        return f"{m['value']:.4g} ± {up:.2g}"
    return f"{m['value']:.4g} +{up:.2g} -{down:.2g}"


def _print_json(doc: object) -> None:
    print(json.dumps(doc, indent=2))


# ---------------------------------------------------------------------------------------------
# Commands


def cmd_models(args: argparse.Namespace) -> int:
    from lqmodel.model.loader import available_models

    print("\n".join(available_models()))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from lqmodel.faces.report import model_report, wilson_report
    from lqmodel.model.loader import load_model

    model = load_model(args.model)
    if args.order < 0:
        raise _UsageError(f"--order {args.order}: needs a non-negative order")
    print(model_report(model, latex=args.latex, order=args.order))
    if args.wilson:
        print()
        print(wilson_report(model, latex=args.latex))
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    from lqmodel.model.loader import load_model

    model = load_model(args.model)
    params = model.parameters
    entries = set(model.coupling_entries())
    if args.json:
        _print_json(
            {
                p.name: {
                    "value": [p.value.real, p.value.imag] if isinstance(p.value, complex) else p.value,
                    "unit": p.unit,
                    "uncertainty": p.uncertainty,
                    "domain": p.domain,
                    "source": p.source,
                    "description": p.description,
                    "kind": "coupling" if p.name in entries else "input",
                }
                for p in params.parameters
            }
        )
        return 0
    print(f"Inputs of {model.name} (set with --set NAME=VALUE; a value may carry a unit):")
    width = max(len(n) for n in params.names)
    for p in params.parameters:
        unc = f" ± {p.uncertainty:.3g}" if p.uncertainty is not None else ""
        value = f"{p.value:.6g}" if not isinstance(p.value, complex) else f"{p.value}"
        unit = f" {p.unit}" if p.unit else ""
        kind = "coupling entry, " if p.name in entries else ""
        print(f"  {p.name:<{width}}  {value}{unc}{unit}  [{kind}{p.domain}]  {p.source}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from lqmodel.model.loader import load_model
    from lqmodel.numeric.study import Study

    model = load_model(args.model)
    overrides = _overrides(args)
    result = Study(model, form=args.form).at(overrides)
    if args.json:
        _print_json(result.to_json())
        return 0
    print(f"Model {result.model}" + (f"  (form: {args.form})" if args.form != "general" else ""))
    print("Parameters used (GeV units; 'set' marks the values given):")
    for k, v in result.inputs.items():
        mark = "  (set)" if v.source == "set" else ""
        value = f"{v.value:.6g}" if not isinstance(v.value, complex) else f"{v.value}"
        print(f"  {k:>12} = {value} {v.unit}{mark}".rstrip())
    if result.couplings:
        print("Couplings:")
        for k, z in result.couplings.items():
            print(f"  {k:>12} = {z.real:+.6e} {z.imag:+.6e}i")
    print("Observables (SM: the same formula with every new coupling 0):")
    print(
        f"  {'observable':<22} {'value':>12} {'SM':>12} {'ratio':>8}  {'unit':<4}  {'form':<7}  measurement"
    )
    for name, value in result.observables.items():
        info = result.info[name]
        ratio = result.ratio(name)
        ratio_text = f"{ratio:8.4f}" if ratio is not None else f"{'-':>8}"
        if isinstance(value, complex):
            print(f"  {name:<22} {_num(value)}  (complex)  {info['unit'] or '':<4}  {info['form']:<7}")
            continue
        print(
            f"  {name:<22} {value + 0.0:12.4e} {result.sm[name] + 0.0:12.4e} {ratio_text}  "  # no -0
            f"{info['unit'] or '':<4}  "
            f"{info['form']:<7}  {_measurement(info['measurement'])}"
        )
    parts = {n: i["contributions"] for n, i in result.info.items() if i.get("contributions")}
    if parts:
        print("Contributions summed:")
        for name, contributions in parts.items():
            for label, what in contributions.items():
                print(f"  {name} <- {label}: {what}")
    if result.excluded:
        print("Not evaluated for this model:")
        for name, why in result.excluded.items():
            print(f"  {name}: {why}")
    if result.unread:
        from lqmodel.numeric.program import sector_processes

        print("Not computed: the model generates these sectors, which no lqmodel observable reads")
        for label, names in result.unread.items():
            what = sector_processes(label)
            more = f" and {len(names) - 2} more" if len(names) > 2 else ""
            print(f"  {label}{': ' + what if what else ''} [{', '.join(names[:2])}{more}]")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from lqmodel.faces.compare import compare

    models = [m for m in (args.model_a, args.model_b) if m is not None]
    taken: list[str] = []
    while len(models) + len(taken) < 2 and args.set and "=" not in args.set[-1]:
        taken.insert(0, args.set.pop())  # ``--set a=1 A B`` puts the models into --set's list
    models += taken
    if len(models) < 2:
        raise _UsageError("compare: give two models, MODEL_A MODEL_B (see 'lqmodel compare --help')")
    values = _overrides(args) if args.set else None
    result = compare(models[0], models[1], values, form=args.form)
    if args.json:
        _print_json(result.to_json())
    else:
        print(result.latex() if args.latex else result.text())
    return 0


def _check_output_file(path: str) -> None:
    from lqmodel.core.errors import OutputError

    target = Path(path)
    if target.is_dir():
        raise OutputError(path, "is a directory")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(path, f"directory {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(path, f"directory {str(parent)!r} is not writable")


def cmd_wcxf(args: argparse.Namespace) -> int:
    from lqmodel.model.loader import load_model
    from lqmodel.numeric.exports import export
    from lqmodel.numeric.study import wcxf_document

    if args.output:
        _check_output_file(args.output)
    model = load_model(args.model)
    sectors = tuple(s.strip() for s in args.sectors.split(",") if s.strip()) if args.sectors else None
    scale, values, left_out = export(
        model,
        _overrides(args),
        basis=args.basis,
        scale=_scale(args.scale),
        running=args.running,
        sectors=sectors,
        strict=args.strict,
    )
    by_reason: dict[str, list[str]] = {}
    for name, why in left_out.items():
        by_reason.setdefault(why, []).append(name)
    for why, names in by_reason.items():
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        print(
            f"lqmodel: note: {len(names)} coefficient(s) of this model left out: {shown}: {why}; "
            "--strict refuses",
            file=sys.stderr,
        )
    doc = wcxf_document(scale, args.basis, values)
    if args.output:
        text = json.dumps(doc, indent=2)
        if args.output.endswith((".yaml", ".yml")):
            import yaml

            text = yaml.safe_dump(doc, sort_keys=False)
        tmp = Path(args.output).with_name(Path(args.output).name + f".tmp-{os.getpid()}")
        tmp.write_text(text)
        os.replace(tmp, args.output)
        print(
            json.dumps(
                {"out": args.output, "basis": args.basis, "scale": scale, "coefficients": len(doc["values"])}
            )
        )
    else:
        _print_json(doc)
    return 0


def _scale(text: str | None) -> float | None:
    if text is None:
        return None
    from lqmodel.core.units import to_natural

    value = to_natural(_number_or_text(text), 1, "scale")
    if isinstance(value, complex) or not value > 0:
        from lqmodel.core.errors import BasisError

        raise BasisError(f"scale {value!r}", "must be a positive number of GeV")
    return float(value)


def _default_spec(model_arg: str, model_name: str):
    """The model's own scan: ``NAME.scan.yaml`` beside a model file, or shipped with an installed model."""
    import importlib.resources

    from lqmodel.core.errors import InputFileError

    if model_arg.endswith(".py"):
        beside = Path(model_arg).with_suffix(".scan.yaml")
        if beside.is_file():
            return str(beside), beside.read_text()
    else:
        f = importlib.resources.files("lqmodel.models").joinpath(f"{model_name}.scan.yaml")
        if f.is_file():
            return f"{model_name}.scan.yaml", f.read_text()
    raise InputFileError(f"model {model_name!r}", "ships no default scan; give one with --spec FILE")


def cmd_scan(args: argparse.Namespace) -> int:
    from lqmodel.model.loader import load_model
    from lqmodel.numeric.scan import check_writable, run_scan, study_for
    from lqmodel.numeric.spec import load_spec

    check_writable(Path(args.out))
    model = load_model(args.model)
    if args.spec:
        spec = load_spec(args.spec)
    else:
        _, text = _default_spec(args.model, model.name)
        spec = load_spec(text=text)
    study = study_for(spec, model, form=args.form)
    try:
        summary = run_scan(
            study,
            spec,
            points=args.points,
            seed=args.seed,
            out=args.out,
            resume=args.resume,
            chunk_points=args.chunk,
            workers=args.workers,
            dask_address=args.dask,
            progress=False if args.quiet else None,
        )
    except KeyboardInterrupt:
        print(f"lqmodel: interrupted; continue with --resume --out {args.out}", file=sys.stderr)
        return 130
    print(json.dumps(summary))
    return 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    from lqmodel.faces.reproduce import reproduce

    out = Path(args.out)

    def say(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    rep = reproduce(out, points=args.points, form=args.form, seed=args.seed, progress=say)
    figures = sorted({p.stem for p in rep.files if p.suffix == ".png"})
    status = [s for c in rep.claims for s in c.status.values()]
    print(f"Figures ({len(figures)}, PNG and PDF; their data in data/*.npz): {', '.join(figures)}")
    print(
        f"numbers.md and summary.json: {len(rep.claims)} claims of the paper; per form: "
        f"{status.count('agrees')} agree, {status.count('differs')} differ (with the cause), "
        f"{status.count('not computed')} not computed"
    )
    print(f"Written to {out.resolve()} in {rep.seconds:.1f} s")
    return 0


def _axis_range(args: argparse.Namespace, model, study, axis: str) -> tuple[float, float]:
    """The range of a plot axis: given, else the model's default scan's, else -1 to 1 for a coupling."""
    name, given = getattr(args, axis), getattr(args, f"{axis}_range")
    meta = study.kernel().meta
    if name not in meta["inputs"]:
        from lqmodel.numeric.study import unknown_input

        raise unknown_input(name, meta)
    if given is not None:
        return float(given[0]), float(given[1])
    from lqmodel.core.units import to_natural
    from lqmodel.numeric.spec import load_spec

    try:
        _, text = _default_spec(args.model, model.name)
        samplings = load_spec(text=text).parameters
    except LQModelError:
        samplings = ()
    for sp in samplings:
        if sp.name in (name, f"{name}.re"):  # a complex coupling's axis is its real part
            dim = meta["inputs"][name]["dim"]
            return tuple(to_natural(f"{v} {sp.unit}".strip(), dim, name) for v in (sp.low, sp.high))
    if meta["inputs"][name]["coupling"]:
        return -1.0, 1.0
    raise _UsageError(f"plot: '{name}' has no default range; give --{axis}-range LOW HIGH")


def cmd_plot(args: argparse.Namespace) -> int:
    from lqmodel.faces import plots
    from lqmodel.model.loader import load_model
    from lqmodel.numeric.study import Study

    if not args.contour and not args.scan:
        raise _UsageError("plot: give --contour OBSERVABLE (repeatable) or --scan DIR")
    output = Path(args.output)
    if output.suffix.lower() not in (".png", ".pdf", ".svg"):
        raise _UsageError(f"plot: -o {args.output}: give a .png, .pdf or .svg file")
    _check_output_file(str(output))
    model = load_model(args.model)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.add_subplot()
    if args.scan:
        from lqmodel.numeric.scan import load_scan

        data = load_scan(args.scan)
        study = Study(model, observables=[args.color] if args.color else (), couplings=False, wilson=())
        plots.plot_scan(
            data, args.x, args.y, ax=ax, color=args.color, levels=args.levels, labels=study.kernel().meta
        )
        if args.color and args.levels:
            ax.legend(fontsize=7, markerscale=4)
    else:
        study = Study(model, observables=tuple(args.contour), form=args.form, couplings=False, wilson=())
        xr = _axis_range(args, model, study, "x")
        yr = _axis_range(args, model, study, "y")
        values = _overrides(args)
        grid = plots.contour_data(
            study, (args.x, xr[0], xr[1]), (args.y, yr[0], yr[1]), args.contour, values=values, n=args.grid
        )
        styles = ("solid", "dashed", "dotted", "dashdot")
        colors = ("tab:blue", "tab:red", "tab:green", "tab:purple")
        for i, obs in enumerate(args.contour):
            plots.plot_contour(
                grid,
                obs,
                ax=ax,
                levels=args.levels,
                ratio=args.ratio,
                color=colors[i % 4],
                linestyle=styles[i % 4],
                label=plots.observable_label(obs, grid.info[obs], args.ratio),
            )
        ax.legend(fontsize=7)
        fixed = ", ".join(f"{k} = {v}" for k, v in values.items())
        ax.set_title(f"{model.name} ({args.form} form){': ' + fixed if fixed else ''}", fontsize=9)
    try:
        fig.savefig(output, dpi=150)
    except OSError as err:
        from lqmodel.core.errors import OutputError

        raise OutputError(str(output), f"cannot be written ({err.strerror or err})") from None
    print(f"Wrote {output}")
    return 0


# ---------------------------------------------------------------------------------------------
# Parser


def _points(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of points: {text!r}") from None
    if not value.is_integer():
        raise argparse.ArgumentTypeError(f"not a whole number of points: {text!r}")
    return int(value)


def _model_and_point(s: argparse.ArgumentParser) -> None:
    """The MODEL argument and --set NAME=VALUE ..., shared by the commands that evaluate."""
    s.add_argument("model", metavar="MODEL", nargs="?", help=MODEL_HELP)
    s.add_argument(
        "--set",
        nargs="+",
        action="extend",
        default=[],
        metavar="NAME=VALUE",
        help="input values; a value may carry a unit, e.g. m_S1='1.5 TeV' (see 'lqmodel params MODEL')",
    )


def _form(s: argparse.ArgumentParser) -> None:
    """--form general|paper, shared by the commands that evaluate observables."""
    s.add_argument("--form", choices=("general", "paper"), default="general", help=FORM_HELP)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="lqmodel",
        description="Leptoquark flavour models: from the Lagrangian to couplings, Wilson "
        "coefficients and observables.",
        epilog=EPILOG,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("models", help="list the installed models")
    s.set_defaults(func=cmd_models)

    s = sub.add_parser(
        "show",
        help="fields, terms, removed couplings, mass-basis couplings and Wilson coefficients",
        description="Print the field table (charges per generation), the Lagrangian terms, the "
        "coupling entries the symmetries remove (with the reason), and the derived "
        "mass-basis couplings, exactly and as a Wolfenstein series.",
        epilog=EPILOG,
    )
    s.add_argument("model", metavar="MODEL", help=MODEL_HELP)
    s.add_argument("--latex", action="store_true", help="print LaTeX (one formula per line) instead of text")
    s.add_argument(
        "--order",
        type=int,
        default=3,
        metavar="N",
        help="order in lambda of the Wolfenstein series view (default: 3)",
    )
    s.add_argument(
        "--wilson", action="store_true", help="also print the derived Wilson coefficients, symbolically"
    )
    s.set_defaults(func=cmd_show)

    s = sub.add_parser(
        "params",
        help="every input of a model you can set: value, unit, uncertainty, source",
        description="List every input of the model: the SM and hadronic inputs, the model's own "
        "(masses, defaults) and its coupling entries, with value, unit, uncertainty, "
        "domain and source.",
        epilog=EPILOG,
    )
    s.add_argument("model", metavar="MODEL", help=MODEL_HELP)
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(func=cmd_params)

    s = sub.add_parser(
        "evaluate",
        help="evaluate a model at one parameter point",
        description="Evaluate the model at one point: the inputs used, the named couplings, the Wilson "
        "coefficients and every observable the model supports, with its SM limit and "
        "measurement. Inputs not set take their default (coupling entries 0, the SM limit).",
        epilog="Example: lqmodel evaluate s1_lmu_ltau --set yL1=0.02 yL2=0.1 yL3=1.0 m_S1='1.5 TeV' --json",
    )
    _model_and_point(s)
    s.add_argument("--json", action="store_true", help="print one JSON object")
    _form(s)
    s.set_defaults(func=cmd_evaluate)

    s = sub.add_parser(
        "wcxf",
        help="write the model's Wilson coefficients at one point as a WCxf file",
        description="Match the model at its heavy mass (tree level plus Delta F = 2 boxes), run to the "
        "scale and write a WCxf document (eft WET) that wilson and flavio read.",
        epilog="Example: lqmodel wcxf s1_lmu_ltau --set yL3=1 yR2=-0.8 --basis flavio "
        "--sectors sbnunu,cbtaunu -o point.json",
    )
    _model_and_point(s)
    s.add_argument(
        "--basis",
        choices=("flavio", "JMS"),
        default="JMS",
        help="WCxf WET basis (default: JMS, which holds every operator the model makes)",
    )
    s.add_argument(
        "--scale",
        metavar="S",
        default=None,
        help="scale of the coefficients, e.g. 4.18 or '1.5 TeV' (default: m_b = 4.18 GeV)",
    )
    s.add_argument(
        "--running",
        choices=("general", "paper", "wilson", "none"),
        default="general",
        help="general: lqmodel's computed running, LO QCD + QED with quark thresholds (default); "
        "paper: the paper's eta_S = 1.57, eta_T = 0.86 for scalar and tensor currents, from the heavy "
        "mass to m_b only; wilson: run with the wilson package; none: no running (scale = the heavy mass)",
    )
    s.add_argument(
        "--sectors",
        metavar="LIST",
        default=None,
        help="comma-separated WCxf sectors to keep, e.g. sbnunu,cbtaunu (flavio basis)",
    )
    s.add_argument(
        "--strict",
        action="store_true",
        help="refuse (exit 2) when the basis cannot hold every coefficient the model makes, "
        "instead of leaving them out with a note on stderr",
    )
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE (.json, or .yaml/.yml)")
    s.set_defaults(func=cmd_wcxf)

    s = sub.add_parser(
        "scan",
        help="random scan of a model's parameters under constraints",
        description="Sample the parameters of a scan spec, evaluate the compiled observables on every "
        "core, keep the points that pass every constraint. Chunks are written atomically "
        "with a manifest, so an interrupted scan continues with --resume. The last line "
        "printed is a JSON summary {points, kept, seconds, compile_seconds, out}.",
        epilog="Example: lqmodel scan s1_lmu_ltau --points 1e7 --seed 1 --out scan-out",
    )
    s.add_argument("model", metavar="MODEL", help=MODEL_HELP)
    s.add_argument("--spec", metavar="FILE", help="scan spec (YAML); default: the model's own scan")
    s.add_argument(
        "--points", type=_points, required=True, metavar="N", help="number of points (1e7 is fine)"
    )
    s.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    s.add_argument("--out", required=True, metavar="DIR", help="output directory")
    s.add_argument("--resume", action="store_true", help="continue the scan already in --out")
    s.add_argument(
        "--form",
        choices=("general", "paper"),
        default=None,
        help=FORM_HELP + " (default: the spec's 'form', else general)",
    )
    s.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes evaluating chunks (default: every core); the result does not depend on it",
    )
    s.add_argument("--dask", metavar="ADDRESS", help="run chunks on a dask.distributed scheduler")
    s.add_argument(
        "--chunk",
        type=_points,
        default=1 << 20,
        metavar="N",
        help="points per chunk written to disk (default 1048576; rounded to 65536)",
    )
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_scan)

    s = sub.add_parser(
        "reproduce",
        help="the paper's figures and numbers, in its forms and lqmodel's",
        description="Reproduce Chen & Chiang, PRD 109, 075004 (2024): run its scan (Sec. V), draw "
        "Figs. 1a-4d as PNG and PDF (their data in data/*.npz), and write numbers.md and summary.json, "
        "every numerical claim of the paper beside lqmodel's value in each form, with the relative "
        "difference and, where they differ, the cause. Rerunning into the same --out reuses its scans.",
        epilog="Example: lqmodel reproduce --out paper --points 1e7   (the paper's statistics)",
    )
    s.add_argument(
        "--out",
        default="lqmodel-reproduce",
        metavar="DIR",
        help="output directory (default: lqmodel-reproduce)",
    )
    s.add_argument(
        "--points",
        type=_points,
        default=1_000_000,
        metavar="N",
        help="points of the scan (default 1e6; the paper used 1e7)",
    )
    s.add_argument(
        "--form",
        choices=("paper", "general", "both"),
        default="both",
        help="paper: the paper's equations; general: lqmodel's general formulas; "
        "both (default): side by side",
    )
    s.add_argument("--seed", type=int, default=1, metavar="S", help="random seed of the scan (default 1)")
    s.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    s.set_defaults(func=cmd_reproduce)

    s = sub.add_parser(
        "plot",
        help="contours of observables over two inputs, or a scan's points",
        description="Contours of one or more observables in the plane of two inputs (the others at "
        "their defaults or --set), with each observable's measured 1 sigma band; or, with --scan, the "
        "accepted points of a scan coloured by an observable. Works for any model and observable.",
        epilog="Examples: lqmodel plot s1_lmu_ltau --x yR2 --y yL3 --contour 'Rtaul(B->Dlnu)' "
        "--contour 'Rtaul(B->D*lnu)' -o rd.png ;  lqmodel plot s1_lmu_ltau --scan scan-out --x yL2 --y yL3 "
        "--color 'BR(K+->pinunu)' --levels 8.2e-11 11.4e-11 15.4e-11 -o fig2.png",
    )
    _model_and_point(s)
    s.add_argument("--x", required=True, metavar="NAME", help="input on the horizontal axis")
    s.add_argument("--y", required=True, metavar="NAME", help="input on the vertical axis")
    s.add_argument(
        "--x-range",
        nargs=2,
        type=float,
        metavar=("LOW", "HIGH"),
        help="range of x in natural (GeV) units (default: the model's scan range; -1 to 1 for a coupling)",
    )
    s.add_argument(
        "--y-range", nargs=2, type=float, metavar=("LOW", "HIGH"), help="range of y (as --x-range)"
    )
    s.add_argument("--contour", action="append", metavar="OBSERVABLE", help="observable to draw (repeatable)")
    s.add_argument("--levels", nargs="+", type=float, metavar="V", help="contour levels (default: chosen)")
    s.add_argument("--ratio", action="store_true", help="draw each observable over its SM value")
    _form(s)
    s.add_argument("--grid", type=int, default=121, metavar="N", help="grid points per axis (default 121)")
    s.add_argument("--scan", metavar="DIR", help="draw the accepted points of the scan in DIR instead")
    s.add_argument("--color", metavar="COLUMN", help="with --scan: colour the points by this column")
    s.add_argument(
        "-o",
        "--output",
        default="lqmodel-plot.png",
        metavar="FILE",
        help="image file (.png, .pdf, .svg; default lqmodel-plot.png)",
    )
    s.set_defaults(func=cmd_plot)

    s = sub.add_parser(
        "compare",
        help="two models side by side: Wilson coefficients, conventions, observables at a point",
        description="What does my variant change? The Wilson coefficients each model generates "
        "(WCxf JMS basis, symbolically at each model's matching scale, as 'show --wilson'): common, "
        "only in A, only in B; the conventions in which the models differ (allowed, and stated); and, "
        "with --set, every observable of both at that point (as 'evaluate'): value in A, in B, the SM "
        "limit, the ratios, and which model moves it; an observable a model does not compute is named "
        "with the reason. A --set name that is an input of one model only sets that model (the output "
        "says so); a name of neither is an error. The same model twice (one name given twice, or two "
        "files that define an equal model) is an error, exit 2: there is nothing to compare.",
        epilog="Example: lqmodel compare s1_lmu_ltau s1_lmu_ltau_mu --set yL3=1 yR2=-0.8 yL2=0.1",
    )
    s.add_argument("model_a", metavar="MODEL_A", nargs="?", help=MODEL_HELP)
    s.add_argument("model_b", metavar="MODEL_B", nargs="?", help="the other model (a different one)")
    s.add_argument(
        "--set",
        nargs="+",
        action="extend",
        default=[],
        metavar="NAME=VALUE",
        help="a point: input values, set in each model that has the input (see 'lqmodel params MODEL')",
    )
    out = s.add_mutually_exclusive_group()
    out.add_argument(
        "--latex", action="store_true", help="print LaTeX (one formula per line) instead of text"
    )
    out.add_argument("--json", action="store_true", help="print one JSON object")
    _form(s)
    s.set_defaults(func=cmd_compare)
    return p


def _fix_model_argument(args: argparse.Namespace) -> None:
    """``--set a=1 b=2 MODEL`` puts MODEL into --set's list: take it back out."""
    if getattr(args, "model", "") is None:
        items = getattr(args, "set", [])
        if items and "=" not in items[-1]:
            args.model = items.pop()
        else:
            raise _UsageError(
                f"{args.command}: the MODEL argument is missing (see 'lqmodel {args.command} --help')"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _fix_model_argument(args)
        return args.func(args)
    except LQModelError as err:
        print(f"lqmodel: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (lqmodel evaluate ... | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("lqmodel: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
