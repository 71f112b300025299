"""Observables a user defines: an expression in WET coefficients, parameters and other observables.

>>> ratio = define("Kstar_over_K", "BR(B0->K*nunu) / BR(B+->Knunu)", latex=r"R_{K^*/K}")  # doctest: +SKIP

The text may name WET coefficients by their WCxf names in the JMS basis (``VnudLL_3323``) or
in flavio's (``CL_bsnutaunutau``; lqmodel writes it through the JMS coefficients with
flavio's normalisation at the observable's scale), input parameters as users type them
(``m_S1``, ``lambda``), other observables by name (``BR(B+->Knunu)``, also user-defined ones
given in ``others``), numbers, and the functions abs, re, im, conjugate (conj), sqrt, log,
exp, sin, cos, atan, with pi and I.  A defined observable is compiled into the same kernel
as the built-in ones and is evaluated, constrained and kept like them; the Study checks its
dimension against ``unit`` once it knows the model's parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from lqmodel.core.errors import ModelDefinitionError
from lqmodel.observables.base import Observable
from lqmodel.symbols.formula import Formula

__all__ = ["OBSERVABLE_PREFIX", "Definition", "define", "observable_symbol"]

#: Symbols standing for another observable's value are named ``obs:NAME``.
OBSERVABLE_PREFIX = "obs:"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FUNCTIONS = (
    "abs",
    "Abs",
    "re",
    "im",
    "conjugate",
    "conj",
    "sqrt",
    "log",
    "exp",
    "sin",
    "cos",
    "atan",
    "pi",
    "I",
)


@attrs.frozen
class Definition:
    """The text of a user observable, as plain data (a scan spec's ``define:`` entry).

    :meth:`build` parses it with :func:`define`; until then nothing needs sympy, so a cached
    scan that uses it stays fast.
    """

    name: str
    expr: str
    unit: str = ""
    latex: str = ""
    reference: str = ""
    description: str = ""
    scale: float | None = None
    complex: bool = False

    def build(self, others: Iterable[Observable] = ()) -> Observable:
        return define(
            self.name,
            self.expr,
            unit=self.unit,
            latex=self.latex,
            reference=self.reference,
            description=self.description,
            scale=self.scale,
            others=others,
            complex=self.complex,
        )


def observable_symbol(name: str):
    """The real symbol that stands for observable ``name`` inside another observable's formula."""
    import sympy

    return sympy.Symbol(OBSERVABLE_PREFIX + name, real=True)


def _functions() -> dict:
    import sympy

    return {
        "abs": sympy.Abs,
        "Abs": sympy.Abs,
        "re": sympy.re,
        "im": sympy.im,
        "conjugate": sympy.conjugate,
        "conj": sympy.conjugate,
        "sqrt": sympy.sqrt,
        "log": sympy.log,
        "exp": sympy.exp,
        "sin": sympy.sin,
        "cos": sympy.cos,
        "atan": sympy.atan,
        "pi": sympy.pi,
        "I": sympy.I,
    }


def _flavio_in_jms(name: str):
    """flavio coefficient ``name`` as an expression in JMS symbols (flavio's normalisation)."""
    from lqmodel.physics.bases import basis_names, jms_to_flavio
    from lqmodel.symbols.wet import wet_symbol

    return jms_to_flavio({n: wet_symbol(n) for n in basis_names("JMS")})[name]


def define(
    name: str,
    expr: str,
    *,
    unit: str = "",
    latex: str = "",
    reference: str = "",
    description: str = "",
    scale: float | None = None,
    others: Iterable[Observable] = (),
    complex: bool = False,
) -> Observable:
    """An observable from the text ``expr`` (see the module docstring).

    ``scale`` is the scale (GeV) of the WET coefficients it reads (default m_b = 4.18 GeV).
    ``complex``: the value is complex (printed as ``{"Re": x, "Im": y}``); an observable declared
    real (the default) whose value comes out complex is an error when it is evaluated.

    Raises:
        ModelDefinitionError: a name that is taken by a built-in observable, or text that does not parse.
        UnitError: a ``unit`` pint does not know.
    """
    import sympy

    from lqmodel.core.units import mass_dimension
    from lqmodel.observables.catalogue import names as builtin_names
    from lqmodel.physics.bases import basis_names
    from lqmodel.physics.running import B_SCALE
    from lqmodel.symbols.formula import param_symbol
    from lqmodel.symbols.wet import is_wet_name, wet_symbol

    where = f"observable {name!r}"
    if not isinstance(name, str) or not name.strip():
        raise ModelDefinitionError("observable", "needs a non-empty name")
    if name in builtin_names():
        raise ModelDefinitionError(where, "is a built-in observable; choose another name")
    if not isinstance(expr, str) or not expr.strip():
        raise ModelDefinitionError(where, "needs an expression (a non-empty string)")
    mass_dimension(unit)  # an unknown unit fails here, naming it
    scale = B_SCALE if scale is None else float(scale)
    known = sorted({*builtin_names(), *(o.name for o in others)}, key=len, reverse=True)
    flavio = basis_names("flavio")
    funcs = _functions()
    table: dict[str, object] = {}

    def placeholder(value) -> str:
        key = f"__q{len(table)}__"
        table[key] = value
        return key

    out, i, text = [], 0, expr
    while i < len(text):
        prev_ident = i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
        hit = (
            None
            if prev_ident
            else next((n for n in known if text.startswith(n, i) and not _continues(text, i + len(n))), None)
        )
        if hit is not None:
            out.append(placeholder(observable_symbol(hit)))
            i += len(hit)
            continue
        m = _IDENT.match(text, i)
        if m is None or prev_ident:
            out.append(text[i])
            i += 1
            continue
        word = m.group()
        if word in funcs:
            out.append(placeholder(funcs[word]))
        elif is_wet_name(word):
            out.append(placeholder(wet_symbol(word)))
        elif word in flavio:
            out.append(placeholder(_flavio_in_jms(word)))
        else:
            out.append(placeholder(param_symbol(word)))
        i = m.end()
    try:
        parsed = sympy.sympify("".join(out).replace("^", "**"), locals=table, rational=False)
    except (sympy.SympifyError, SyntaxError, TypeError, ValueError) as err:
        reason = "invalid syntax" if isinstance(err, sympy.SympifyError | SyntaxError) else str(err)
        raise ModelDefinitionError(where, f"cannot parse {expr!r}: {reason}") from None
    if not isinstance(parsed, sympy.Expr):
        raise ModelDefinitionError(where, f"{expr!r} is not an expression")
    formula = Formula(name, parsed, unit, reference or "user-defined", latex, description)
    return Observable(
        name,
        formula,
        latex,
        description,
        unit,
        reference or "user-defined",
        scale=scale,
        definition=expr,
        complex=bool(complex),
    )


def _continues(text: str, j: int) -> bool:
    """Whether an identifier goes on at position ``j`` (so a name match there is only a prefix)."""
    return j < len(text) and (text[j].isalnum() or text[j] == "_")
