"""Two models side by side: "what does my variant change?"

:func:`compare` sets the Wilson coefficients each model generates at its matching scale (WCxf
JMS basis, symbolically: the coefficients of ``lqmodel show MODEL --wilson``) beside each other,
common, only in A or only in B; states the conventions in which the two differ (hypercharge
normalisation, the sign of the written Lagrangian, which quark type is diagonal), which are
allowed: the JMS coefficients of ``L_eff = Σ C O + h.c.`` do not depend on them; and, at a point,
evaluates both models through their :class:`~lqmodel.numeric.study.Study` (as ``lqmodel evaluate``)
and says which observables each moves from its SM limit.  What a model does not compute is named
with its reason, never shown as a number.  This is what ``lqmodel compare`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from lqmodel.core.errors import LQModelError, UnknownNameError
from lqmodel.model.model import Model, unknown_input_error

__all__ = ["CoefficientPair", "CompareError", "Comparison", "ObservablePair", "SetValue", "compare"]

_RTOL = 1e-9  # an observable "moves" when it leaves its SM limit by more than this, relatively


class CompareError(LQModelError, ValueError):
    """``compare`` given the same model twice."""

    def __init__(self, first: str, second: str, name: str):
        self.first, self.second, self.name = first, second, name
        super().__init__(first, second, name)

    def __str__(self) -> str:
        if self.first == self.second:
            return f"compare needs two different models; {self.first!r} was given twice"
        return (
            f"compare needs two different models; {self.first!r} and {self.second!r} "
            f"define the same model {self.name!r}"
        )


@attrs.frozen
class CoefficientPair:
    """One JMS coefficient in both models (sympy expressions at each model's matching scale;
    None where a model does not generate it)."""

    name: str
    a: Any
    b: Any
    same: bool = False  # equal as functions of inputs of the same names (named couplings expanded)

    @property
    def where(self) -> str:
        """``"both"``, ``"A"`` or ``"B"``."""
        return "both" if self.a is not None and self.b is not None else "A" if self.a is not None else "B"


@attrs.frozen
class SetValue:
    """A ``--set`` value and the models (``"A"``, ``"B"``) that have an input of that name."""

    name: str
    value: Any
    applies_to: tuple[str, ...]


@attrs.frozen
class ObservablePair:
    """One observable at the point in both models; ``not_computed_*`` holds the reason where a
    model does not compute it (then its value is None)."""

    name: str
    unit: str
    latex: str
    a: float | complex | None
    b: float | complex | None
    sm_a: float | complex | None
    sm_b: float | complex | None
    not_computed_a: str | None = None
    not_computed_b: str | None = None

    @property
    def ratio_a(self) -> float | None:
        return _ratio(self.a, self.sm_a)

    @property
    def ratio_b(self) -> float | None:
        return _ratio(self.b, self.sm_b)

    @property
    def moved_by(self) -> tuple[str, ...]:
        """The models in which the observable leaves its SM limit at the point."""
        return tuple(k for k, v, sm in (("A", self.a, self.sm_a), ("B", self.b, self.sm_b)) if _moved(v, sm))


def _ratio(v, sm) -> float | None:
    if v is None or sm is None or sm == 0:
        return None
    return abs(v / sm) if isinstance(sm, complex) or isinstance(v, complex) else v / sm


def _moved(v, sm) -> bool:
    if v is None or sm is None:
        return False
    return abs(v - sm) > _RTOL * max(abs(v), abs(sm))


def _conventions(model: Model) -> dict[str, str]:
    return {
        "hypercharge": str(model.sm.convention),
        "Lagrangian": f"{model.sign.replace('L', 'L ⊃')} ... + h.c.",
        "quark basis": "up-type diagonal (d_L -> V d_L)"
        if model.aligned == "up"
        else "down-type diagonal (u_L -> V^dagger u_L)",
    }


@attrs.frozen
class Comparison:
    """Models A and B side by side; see :func:`compare`.  ``text()``, ``latex()`` and
    ``to_json()`` are the faces of ``lqmodel compare``."""

    model_a: Model
    model_b: Model
    coefficients: tuple[CoefficientPair, ...]
    not_computed: tuple[tuple[str, str], ...] = ()  # ("A" or "B", what the model does not compute)
    point: tuple[SetValue, ...] = ()
    observables: tuple[ObservablePair, ...] | None = None  # None: no point was given
    inputs_differ: tuple[tuple[str, Any, Any, str], ...] = ()  # name, value in A, in B, unit
    form: str = "general"

    @property
    def conventions(self) -> tuple[tuple[str, str, str], ...]:
        """The conventions in which A and B differ: (what, A's, B's)."""
        a, b = _conventions(self.model_a), _conventions(self.model_b)
        return tuple((k, a[k], b[k]) for k in a if a[k] != b[k])

    def names(self, where: str) -> tuple[str, ...]:
        """The coefficients generated by ``"both"``, only by ``"A"`` or only by ``"B"``."""
        return tuple(c.name for c in self.coefficients if c.where == where)

    def text(self) -> str:
        """What ``lqmodel compare`` prints."""
        return "\n".join(_lines(self, latex=False))

    def latex(self) -> str:
        """Each line a ``%`` comment or one formula that typesets on its own."""
        return "\n".join(_lines(self, latex=True))

    def to_json(self) -> dict:
        """One JSON-able dict; expressions in sympy syntax, complex numbers as {"Re", "Im"}."""
        a, b = self.model_a, self.model_b
        doc: dict[str, Any] = {
            "models": {
                k: {
                    "name": m.name,
                    "description": m.description,
                    "matching_scale": " ".join(f.mass for f in m.heavy_fields),
                    "conventions": _conventions(m),
                }
                for k, m in (("A", a), ("B", b))
            },
            "conventions_differ": [c[0] for c in self.conventions],
            "wilson": {
                "basis": "JMS",
                "scale": "matching (each model's heavy mass)",
                "common": {
                    c.name: {"A": str(_tidy(c.a)), "B": str(_tidy(c.b)), "same": c.same}
                    for c in self.coefficients
                    if c.where == "both"
                },
                "only_A": {c.name: str(_tidy(c.a)) for c in self.coefficients if c.where == "A"},
                "only_B": {c.name: str(_tidy(c.b)) for c in self.coefficients if c.where == "B"},
                "not_computed": {k: [why for w, why in self.not_computed if w == k] for k in ("A", "B")},
            },
            "named_couplings": {
                k: {n: str(e) for n, e in m.named_couplings.items()} for k, m in (("A", a), ("B", b))
            },
        }
        if self.observables is not None:
            doc["form"] = self.form
            doc["point"] = {
                s.name: {"value": _jnum(s.value), "applies_to": list(s.applies_to)} for s in self.point
            }
            doc["inputs_differ"] = {
                n: {"A": _jnum(x), "B": _jnum(y), "unit": u} for n, x, y, u in self.inputs_differ
            }
            doc["observables"] = {
                o.name: {
                    "unit": o.unit,
                    "A": _jnum(o.a),
                    "B": _jnum(o.b),
                    "SM_A": _jnum(o.sm_a),
                    "SM_B": _jnum(o.sm_b),
                    "ratio_A": o.ratio_a,
                    "ratio_B": o.ratio_b,
                    "moved_by": list(o.moved_by),
                    "not_computed": {
                        k: why for k, why in (("A", o.not_computed_a), ("B", o.not_computed_b)) if why
                    },
                }
                for o in self.observables
            }
        return doc


def _jnum(v):
    return {"Re": v.real, "Im": v.imag} if isinstance(v, complex) else v


def _tidy(expr):
    import sympy

    return sympy.factor_terms(expr)


def _load(model: Model | str) -> tuple[Model, str]:
    if isinstance(model, Model):
        return model, model.name
    from lqmodel.model.loader import load_model

    return load_model(model), str(model)


def _split_point(a: Model, b: Model, values: Mapping[str, Any]) -> tuple[SetValue, ...]:
    """Which model each value goes to; a name neither model has is an error naming it."""
    known = {k: set(m.parameters.names) for k, m in (("A", a), ("B", b))}
    out = []
    for name, value in values.items():
        where = tuple(k for k in ("A", "B") if name in known[k])
        if not where:
            hints = []
            for m in (a, b):
                err = unknown_input_error(
                    name,
                    {r.entry: str(r) for r in m.removed},
                    {n: str(e) for n, e in m.named_couplings.items()},
                    (),
                )
                hints.append(f"{m.name} ({err.hint})" if err.hint else m.name)
            near = UnknownNameError("parameter", name, known["A"] | known["B"]).suggestions
            hint = f"an input of neither {hints[0]} nor {hints[1]}"
            if near:
                hint += "; did you mean " + " or ".join(repr(s) for s in near) + "?"
            raise UnknownNameError("parameter", name, hint=hint)
        out.append(SetValue(name, value, where))
    return tuple(out)


def compare(
    model_a: Model | str,
    model_b: Model | str,
    values: Mapping[str, Any] | None = None,
    *,
    form: str = "general",
) -> Comparison:
    """Models A and B side by side: Wilson coefficients (symbolic, JMS, at each matching scale),
    conventions, and, when ``values`` are given, every observable at that point in both.

    A value goes to each model that has an input of its name (a coupling entry of one model only
    sets that model); the others take their defaults (coupling entries 0).  A model is a
    :class:`~lqmodel.model.model.Model`, an installed model's name or the path of a model file.

    Raises:
        CompareError: the same model twice (the same name or path, or two equal models).
        UnknownNameError: a value whose name is an input of neither model.
    """
    import sympy

    from lqmodel.physics.bases import is_wet_operator
    from lqmodel.physics.effective import (
        effective_lagrangian,
        missing_dipoles,
        missing_loops,
        wet_coefficients,
    )
    from lqmodel.physics.matching import named_symbols

    if isinstance(model_a, str) and model_a == model_b:
        raise CompareError(model_a, model_b, model_a)
    (a, label_a), (b, label_b) = _load(model_a), _load(model_b)
    if a == b:
        raise CompareError(label_a, label_b, a.name)
    point = _split_point(a, b, dict(values or {})) if values is not None else ()

    jms_a, jms_b = wet_coefficients(a, "JMS"), wet_coefficients(b, "JMS")
    expand_a, expand_b = named_symbols(a), named_symbols(b)
    pairs = []
    for name in sorted(set(jms_a) | set(jms_b)):
        ca, cb = jms_a.get(name), jms_b.get(name)
        same = (
            ca is not None
            and cb is not None
            and sympy.expand(sympy.sympify(ca).xreplace(expand_a) - sympy.sympify(cb).xreplace(expand_b)) == 0
        )
        pairs.append(CoefficientPair(name, ca, cb, same))
    missing = []
    for key, m in (("A", a), ("B", b)):
        for why in (missing_loops(m), missing_dipoles(m)):
            if why:
                missing.append((key, why))
        n = sum(not is_wet_operator(op) for op in effective_lagrangian(m).terms)  # as to_basis(...).not_wet
        if n:
            missing.append((key, f"{n} operators with a top quark have no WET counterpart"))
    result = Comparison(a, b, tuple(pairs), tuple(missing), point, form=form)
    if values is None:
        return result

    from lqmodel.numeric.study import Study

    ra = Study(a, form=form).at({s.name: s.value for s in point if "A" in s.applies_to})
    rb = Study(b, form=form).at({s.name: s.value for s in point if "B" in s.applies_to})
    names = list(dict.fromkeys([*ra.observables, *rb.observables, *ra.excluded, *rb.excluded]))
    rows = []
    for name in names:
        info = ra.info.get(name) or rb.info.get(name) or {}
        rows.append(
            ObservablePair(
                name,
                info.get("unit") or "",
                info.get("latex") or "",
                ra.observables.get(name),
                rb.observables.get(name),
                ra.sm.get(name),
                rb.sm.get(name),
                None if name in ra.observables else ra.excluded.get(name, "not in this model's study"),
                None if name in rb.observables else rb.excluded.get(name, "not in this model's study"),
            )
        )
    differ = tuple(
        (n, ra.inputs[n].value, rb.inputs[n].value, ra.inputs[n].unit)
        for n in ra.inputs
        if n in rb.inputs and ra.inputs[n].value != rb.inputs[n].value
    )
    return attrs.evolve(result, observables=tuple(rows), inputs_differ=differ)


# ---------------------------------------------------------------------------------------------
# Text and LaTeX


def _expr(expr, latex: bool, names: Mapping[str, str]) -> str:
    from lqmodel.faces.report import expr_text
    from lqmodel.symbols.formula import latex_of

    return latex_of(_tidy(expr), names) if latex else expr_text(_tidy(expr))


def _tex(text: str) -> str:
    return r"\text{" + text.replace("_", r"\_").replace("^", r"\^{}").replace("&", r"\&") + "}"


def _number(v, latex: bool, digits: int = 4) -> str:
    if v is None:
        return "-"
    if isinstance(v, complex):
        re, im = _number(v.real, latex, 3), _number(abs(v.imag), latex, 3)
        return f"({re}{'+' if v.imag >= 0 else '-'}{im}{'i' if latex else 'j'})"
    text = f"{v + 0.0:.{digits}e}"  # + 0.0: no "-0"
    mant, _, exp = text.partition("e")
    if not latex:
        return text
    return "0" if v == 0 else mant if int(exp) == 0 else rf"{mant}\times 10^{{{int(exp)}}}"


def _sm(o: ObservablePair, latex: bool) -> str:
    """The SM limit; both models' where they differ (their inputs differ)."""
    if o.sm_a is not None and o.sm_b is not None and _moved(o.sm_a, o.sm_b):
        a, b = (_tex("A") + r"\ ", _tex("B") + r"\ ") if latex else ("A ", "B ")
        return f"{a}{_number(o.sm_a, latex)}, {b}{_number(o.sm_b, latex)}"
    return _number(o.sm_a if o.sm_a is not None else o.sm_b, latex)


def _lines(c: Comparison, latex: bool) -> list[str]:
    out: list[str] = []

    def say(text: str) -> None:
        out.append(("% " if latex else "") + text)

    a, b = c.model_a, c.model_b
    say(f"Compare A = {a.name} and B = {b.name}")
    for k, m in (("A", a), ("B", b)):
        say(f"  {k}: {m.description or m.name}; matching scale {_scale(m)}")
    if c.conventions:
        say("Conventions that differ (allowed: the JMS coefficients of L_eff = sum C O + h.c. do not depend")
        say("on them, but a coupling entry of the same name can mean a different thing in A and in B):")
        for what, x, y in c.conventions:
            say(f"  {what}: A {x}; B {y}")
    else:
        say("Same conventions: " + "; ".join(f"{k} {v}" for k, v in _conventions(a).items()))
    say("")
    _coefficient_lines(c, latex, out, say)
    say("")
    if c.observables is None:
        say("Give a point with --set NAME=VALUE ... to compare the observables.")
    else:
        _observable_lines(c, latex, out, say)
    return out


def _scale(m: Model) -> str:
    return ", ".join(f.mass for f in m.heavy_fields)


def _coefficient_lines(c: Comparison, latex: bool, out: list[str], say) -> None:
    from lqmodel.faces.report import latex_names
    from lqmodel.symbols.formula import wet_latex

    models = {"A": c.model_a, "B": c.model_b}
    names = {k: latex_names(m) if latex else {} for k, m in models.items()}

    def line(name: str, k: str, expr, note: str = "", indent: str = "  ") -> str:
        if latex:
            return f"{wet_latex(name)} = {_expr(expr, True, names[k])}" + (
                rf"\quad {_tex(note)}" if note else ""
            )
        return f"{indent}{name} = {_expr(expr, False, {})}" + (f"  {note}" if note else "")

    say(
        "Wilson coefficients of L_eff = sum C O + h.c., WCxf JMS basis (GeV^-2; dipoles GeV^-1), each at "
        f"its model's matching scale (A: {_scale(c.model_a)}, B: {_scale(c.model_b)}), "
        "as 'lqmodel show MODEL --wilson'"
    )
    common = [p for p in c.coefficients if p.where == "both"]
    say(f"Generated by both ({len(common)}; 'same': equal as functions of the inputs of the same names):")
    for p in common:
        mark = "same" if p.same else "differ"
        out.append(line(p.name, "A", p.a, f"(A; {mark})", "  "))
        out.append(line(p.name, "B", p.b, f"(B; {mark})", "  "))
    for k in ("A", "B"):
        only = [p for p in c.coefficients if p.where == k]
        say(f"Only in {k} = {models[k].name} ({len(only)}):")
        out.extend(line(p.name, k, p.a if k == "A" else p.b) for p in only)
    if any(p.name.startswith("egamma_") for p in c.coefficients):
        say(
            "(egamma: one-loop dipoles; their loop functions I_F, I_S, J_F, J_S: "
            "see 'lqmodel show MODEL --wilson')"
        )
    for k, m in models.items():
        if m.named_couplings:
            defs = "; ".join(f"{n} = {_expr(e, False, {})}" for n, e in m.named_couplings.items())
            say(f"Named couplings of {k}: {defs}")
    for k, why in c.not_computed:
        say(f"Not computed in {k} = {models[k].name}: {why}")


def _observable_lines(c: Comparison, latex: bool, out: list[str], say) -> None:
    models = {"A": c.model_a, "B": c.model_b}
    say(
        f"Observables at the point ({c.form} form), as 'lqmodel evaluate' of each model; "
        "SM: the same formula with every new coupling 0"
    )
    for s in c.point:
        value = f"{s.value:g}" if isinstance(s.value, float) else str(s.value)
        if len(s.applies_to) == 2:
            say(f"  set {s.name} = {value}: both")
        else:
            k, other = s.applies_to[0], "B" if s.applies_to == ("A",) else "A"
            say(
                f"  set {s.name} = {value}: {k} = {models[k].name} only "
                f"(not an input of {models[other].name})"
            )
    for n, x, y, unit in c.inputs_differ:
        say(f"  input {n} differs: A {x:.6g} {unit}; B {y:.6g} {unit}".rstrip())
    lacking = [o for o in c.observables if o.not_computed_a and o.not_computed_b]
    shown = [
        o for o in c.observables if (o.moved_by or o.not_computed_a or o.not_computed_b) and o not in lacking
    ]
    if not latex:
        head = f"  {'observable':<22} {'A':>12} {'ratio':>8} {'B':>12} {'ratio':>8} {'SM':>12}  {'unit':<4}"
        out.append(head + "  moved by")
    for o in shown:
        cells = []
        for v, r, why in ((o.a, o.ratio_a, o.not_computed_a), (o.b, o.ratio_b, o.not_computed_b)):
            ratio = "-" if r is None else f"{r:.4f}"
            if latex:
                cells.append(
                    _tex(f"not computed: {why}") if why else _number(v, True) + rf"\ (\times {ratio})"
                )
            else:
                cells.append(
                    f"{'not computed':>12} {'':>8}" if why else f"{_number(v, False):>12} {ratio:>8}"
                )
        if latex:
            label = o.latex or r"\mathrm{" + o.name.replace("_", r"\_").replace("->", r"\to ") + "}"
            unit = rf"\ \mathrm{{{o.unit}}}" if o.unit else ""
            out.append(
                rf"{label}:\ {_tex('A:')}\ {cells[0]},\quad {_tex('B:')}\ {cells[1]},\quad "
                rf"{_tex('SM:')}\ {_sm(o, True)}{unit}"
            )
            continue
        moved = " ".join(o.moved_by) or "-"
        out.append(f"  {o.name:<22} {cells[0]} {cells[1]} {_sm(o, False):>12}  {o.unit:<4}  {moved}")
        for k, why in (("A", o.not_computed_a), ("B", o.not_computed_b)):
            if why:
                out.append(f"      {k} = {models[k].name}: not computed: {why}")
    still = [o.name for o in c.observables if o not in shown and o not in lacking]
    if still:
        say(f"At their SM limit in both ({len(still)}): {', '.join(still)}")
    for o in lacking:
        same = o.not_computed_a == o.not_computed_b
        why = o.not_computed_a if same else f"A: {o.not_computed_a}; B: {o.not_computed_b}"
        say(f"Not computed in either: {o.name}: {why}")
