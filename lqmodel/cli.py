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
    from .report import model_report

    model = load_model(args.model)
    print(model_report(model, latex=args.latex, order=args.order))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate
    from .loader import load_model

    model = load_model(args.model)
    overrides = {k: _number_or_text(v) for k, v in _split_assignments(args.set).items()}
    result = evaluate(model, overrides)
    if args.json:
        doc = {
            "model": result.model,
            "parameters": {k: _json_value(v) for k, v in result.parameters.items()},
            "couplings": {k: _complex_json(v) for k, v in result.couplings.items()},
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
    return 0


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
    s.set_defaults(func=cmd_show)

    s = sub.add_parser(
        "evaluate", help="evaluate a model at one parameter point",
        description="Evaluate the model at one point. Parameters not set take their default "
                    "(coupling entries default to 0, the SM limit).",
        epilog="Example: lqmodel evaluate s1_lmu_ltau --set yL1=0.02 yL2=0.1 yL3=1.0 "
               "m_S1='1.5 TeV' --json")
    s.add_argument("model", metavar="MODEL", help="installed model name or path to a model file")
    s.add_argument("--set", nargs="+", action="extend", default=[], metavar="NAME=VALUE",
                   help="parameter values; a value may carry a unit, e.g. m_S1='1.5 TeV'")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(func=cmd_evaluate)
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
