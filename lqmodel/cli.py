"""The ``lqmodel`` command line.

A user's mistake gives one line on stderr naming the culprit, no traceback, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .errors import LQModelError

EPILOG = "Installed models: run 'lqmodel models'. A MODEL may also be a path to a .py file."


def _split_assignments(items: Sequence[str]) -> dict[str, str]:
    from .errors import ParameterValueError

    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ParameterValueError(item, item, "write NAME=VALUE, e.g. m_S1='1.5 TeV'")
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


def _complex_json(z: complex) -> dict[str, float]:
    return {"Re": z.real, "Im": z.imag}


def _json_value(v: float | complex) -> object:
    return _complex_json(v) if isinstance(v, complex) else v


def cmd_models(args: argparse.Namespace) -> int:
    from .loader import available_models

    print("\n".join(available_models()))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .loader import load_model
    from .report import model_report, wilson_report

    model = load_model(args.model)
    print(model_report(model, latex=args.latex, order=args.order))
    if args.wilson:
        print()
        print(wilson_report(model, latex=args.latex))
    return 0


def _scale(text: str | None) -> float | None:
    if text is None:
        return None
    from .units import to_natural

    return float(to_natural(_number_or_text(text), "GeV", "scale"))


def _sectors(text: str | None) -> tuple[str, ...] | None:
    return tuple(s.strip() for s in text.split(",") if s.strip()) if text else None


def cmd_wcxf(args: argparse.Namespace) -> int:
    from .loader import load_model
    from .wcxf import wcxf_document, wilson_coefficients

    model = load_model(args.model)
    overrides = _overrides(args)
    scale, values = wilson_coefficients(model, overrides, basis=args.basis, scale=_scale(args.scale),
                                        running=args.running, sectors=_sectors(args.sectors))
    doc = wcxf_document(scale, args.basis, values)
    if args.output:
        import yaml

        text = (yaml.safe_dump(doc, sort_keys=False) if args.output.endswith((".yaml", ".yml"))
                else json.dumps(doc, indent=2))
        with open(args.output, "w") as fh:
            fh.write(text)
        print(json.dumps({"out": args.output, "basis": args.basis, "scale": scale,
                          "coefficients": len(doc["values"])}))
    else:
        print(json.dumps(doc, indent=2))
    return 0


def _measurement(m) -> str:
    if m is None:
        return "-"
    if m.upper_limit is not None:
        return f"< {m.upper_limit:.3g}" + (f" ({m.cl:.0%} CL)" if m.cl else "")
    if m.value is None:
        return "-"
    up, down = m.error_up, m.error_down
    if up is None:
        return f"{m.value:.4g}"
    if down is None or abs(up - down) < 1e-12 * abs(up):
        return f"{m.value:.4g} ± {up:.2g}"
    return f"{m.value:.4g} +{up:.2g} -{down:.2g}"


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, observables
    from .loader import load_model
    from .wcxf import wcxf_document, wilson_coefficients

    model = load_model(args.model)
    overrides = _overrides(args)
    result = evaluate(model, overrides)
    rows = observables(model, overrides)
    if args.json:
        scale, values = wilson_coefficients(model, overrides)
        doc = {
            "model": result.model,
            "parameters": {k: _json_value(v) for k, v in result.parameters.items()},
            "couplings": {k: _complex_json(v) for k, v in result.couplings.items()},
            "wilson": wcxf_document(scale, "JMS", values),
            "observables": {r.name: r.value for r in rows},
        }
        print(json.dumps(doc, indent=2))
        return 0
    print(f"Model {result.model}")
    print("Parameters (GeV units):")
    for k, v in result.parameters.items():
        print(f"  {k:>10} = {v:.6g}")
    print("Couplings:")
    for k, z in result.couplings.items():
        print(f"  {k:>10} = {z.real:+.6e} {z.imag:+.6e}i")
    print("Observables (SM: the same formula with every new coupling 0):")
    head = f"  {'observable':<20} {'value':>12} {'SM':>12} {'ratio':>8}  {'unit':<4}  measurement"
    print(head)
    for r in rows:
        ratio = f"{r.ratio:8.4f}" if r.ratio is not None else f"{'-':>8}"
        print(f"  {r.name:<20} {r.value:12.4e} {r.sm:12.4e} {ratio}  {r.unit or '':<4}  "
              f"{_measurement(r.measurement)}")
    from .evaluate import excluded_observables

    excluded = excluded_observables(model)
    if excluded:
        print("Not evaluated for this model:")
        for name, why in excluded.items():
            print(f"  {name}: {why}")
    return 0


def _default_spec(model_name: str):
    import importlib.resources

    from .errors import ModelDefinitionError

    f = importlib.resources.files("lqmodel.models").joinpath(f"{model_name}.scan.yaml")
    if not f.is_file():
        raise ModelDefinitionError(f"model {model_name!r}",
                                   "ships no default scan; give one with --spec FILE")
    return f


def cmd_scan(args: argparse.Namespace) -> int:
    from .compile import kernel_for
    from .loader import load_model
    from .scan import load_spec, scan

    model = load_model(args.model)
    spec_path = args.spec or _default_spec(model.name)
    spec = load_spec(spec_path) if args.spec else load_spec(text=spec_path.read_text())
    if args.points <= 0:
        from .errors import ParameterValueError

        raise ParameterValueError("--points", args.points, "needs a positive number of points")
    kernel = kernel_for(model, spec.observables, dict(spec.fixed), [p.name for p in spec.parameters])
    summary = scan(kernel, spec, model.name, args.points, args.seed, args.out, resume=args.resume,
                   chunk_points=args.chunk, dask_address=args.dask, progress=not args.quiet)
    print(json.dumps(summary))
    return 0


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
    s.add_argument("model", metavar="MODEL", help="installed model name or path to a model file")
    s.add_argument("--set", nargs="+", action="extend", default=[], metavar="NAME=VALUE",
                   help="parameter values; a value may carry a unit, e.g. m_S1='1.5 TeV'")


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    return {k: _number_or_text(v) for k, v in _split_assignments(args.set).items()}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lqmodel",
        description="Leptoquark flavour models: from the Lagrangian to couplings, Wilson "
                    "coefficients and observables.",
        epilog=EPILOG)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("models", help="list the installed models")
    s.set_defaults(func=cmd_models)

    s = sub.add_parser(
        "show", help="fields, terms, removed couplings and mass-basis couplings of a model",
        description="Print the field table (charges per generation), the Lagrangian terms, the "
                    "coupling entries the symmetries remove (with the reason), and the derived "
                    "mass-basis couplings, exactly and as a Wolfenstein series.",
        epilog=EPILOG)
    s.add_argument("model", metavar="MODEL", help="installed model name or path to a model file")
    s.add_argument("--latex", action="store_true", help="print LaTeX instead of plain text")
    s.add_argument("--order", type=int, default=3, metavar="N",
                   help="order in lambda of the Wolfenstein series view (default: 3)")
    s.add_argument("--wilson", action="store_true",
                   help="also print the derived Wilson coefficients, symbolically")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser(
        "evaluate", help="evaluate a model at one parameter point",
        description="Evaluate the model at one point. Parameters not set take their default "
                    "(coupling entries default to 0, the SM limit).",
        epilog="Example: lqmodel evaluate s1_lmu_ltau --set yL1=0.02 yL2=0.1 yL3=1.0 "
               "m_S1='1.5 TeV' --json")
    _model_and_point(s)
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(func=cmd_evaluate)

    s = sub.add_parser(
        "wcxf", help="write the model's Wilson coefficients at one point as a WCxf file",
        description="Match the model at m_S1 (tree level plus Delta F = 2 boxes), run to the scale "
                    "and write a WCxf document (eft WET) that wilson and flavio read.",
        epilog="Example: lqmodel wcxf s1_lmu_ltau --set yL3=1 yR2=-0.8 --basis flavio "
               "--sectors sbnunu,cbtaunu -o point.json")
    _model_and_point(s)
    s.add_argument("--basis", choices=("flavio", "JMS"), default="JMS",
                   help="WCxf WET basis (default: JMS, which holds every operator the model makes)")
    s.add_argument("--scale", metavar="S", default=None,
                   help="scale of the coefficients, e.g. 4.18 or '1.5 TeV' (default: m_b)")
    s.add_argument("--running", choices=("paper", "wilson", "none"), default="paper",
                   help="paper: the paper's eta_S = 1.57, eta_T = 0.86 from m_S1 to m_b (default); "
                        "wilson: run with the wilson package; none: no running (scale must be m_S1)")
    s.add_argument("--sectors", metavar="LIST", default=None,
                   help="comma-separated WCxf sectors to keep, e.g. sbnunu,cbtaunu (flavio basis)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE (.json, or .yaml/.yml)")
    s.set_defaults(func=cmd_wcxf)

    s = sub.add_parser(
        "scan", help="random scan of a model's parameters under constraints",
        description="Sample the parameters of a scan spec, evaluate the compiled observables, keep the "
                    "points that pass every constraint. Chunks are written atomically with a manifest, "
                    "so an interrupted scan continues with --resume. The last line printed is a JSON "
                    "summary {points, kept, seconds, out}.",
        epilog="Example: lqmodel scan s1_lmu_ltau --points 1e7 --seed 1 --out scan-out")
    s.add_argument("model", metavar="MODEL", help="installed model name or path to a model file")
    s.add_argument("--spec", metavar="FILE", help="scan spec (YAML); default: the model's own scan")
    s.add_argument("--points", type=_points, required=True, metavar="N",
                   help="number of points (1e7 is fine)")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    s.add_argument("--out", required=True, metavar="DIR", help="output directory")
    s.add_argument("--resume", action="store_true", help="continue the scan already in --out")
    s.add_argument("--dask", metavar="ADDRESS", help="run chunks on a dask.distributed scheduler")
    s.add_argument("--chunk", type=_points, default=1 << 20, metavar="N",
                   help="points per chunk written to disk (default 1048576; rounded to 65536)")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_scan)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LQModelError as err:
        print(f"lqmodel: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lqmodel: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
