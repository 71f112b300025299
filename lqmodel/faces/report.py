"""Human-readable views of a model: the field table, the terms, removed couplings, the
mass-basis couplings exactly and as a Wolfenstein series, and the Wilson coefficients — as
text or LaTeX.  This is what ``lqmodel show`` prints.

In LaTeX every line is either a comment (``% ...``) or one formula that typesets on its own
(checked line by line with matplotlib's mathtext in the tests); text uses a readable printer
(``x²``, ``Y_b*`` for the complex conjugate, ``|x|``), not sympy's syntax.
"""

from __future__ import annotations

from fractions import Fraction

from lqmodel.model.model import Model
from lqmodel.symbols.ckm import CKM_NAMES

__all__ = ["expr_text", "latex_names", "model_report", "wilson_report"]

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _q(x: Fraction) -> str:
    return str(x)


def _charges(field, group) -> str:
    if field.generation_dependent(group):
        return "(" + ", ".join(_q(field.charge(group, i)) for i in range(field.generations)) + ")"
    return _q(field.charge(group))


def _rep(field) -> str:
    return f"{field.su3.dim}" + ("bar" if field.su3.conjugate else "")


def field_rows(model: Model) -> list[list[str]]:
    """Table I of the model: one row per field."""
    conv = model.sm.convention
    head = ["field", "spin", "chir.", "SU(3)c", "SU(2)L", "Y"] + [g.name for g in model.groups]
    head.append("components (Q)")
    rows = [head]
    for f in model.all_fields:
        comps = " ".join(f"{c}({_q(q)})" for c, q in zip(f.components, f.electric_charges(conv), strict=True))
        rows.append(
            [f.name, _q(f.spin), f.chirality or "-", _rep(f), str(f.su2), _q(f.hypercharge)]
            + [_charges(f, g) for g in model.groups]
            + [comps]
        )
    return rows


def _text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def latex_names(model: Model) -> dict:
    """LaTeX names for the symbols a model's formulas use (coupling entries, named couplings, CKM)."""
    names = {p.name: p.latex for p in model.parameters.parameters if p.latex}
    names.update(model.latex_names())
    for n in (n for row in CKM_NAMES for n in row):
        names[n] = f"V_{{{n[2:]}}}"
    return names


def expr_text(expr) -> str:
    """A sympy expression as readable text: ``-Y_b Y_s*/(2 m_S1²)``, ``|x|``, ``√2``."""
    from sympy.printing.precedence import PRECEDENCE
    from sympy.printing.str import StrPrinter

    class Readable(StrPrinter):
        def _print_Pow(self, e, rational=False):
            import sympy

            if e.exp == sympy.Rational(1, 2):
                return f"√({self._print(e.base)})"
            if e.exp.is_Integer and e.exp > 0:
                base = self.parenthesize(e.base, PRECEDENCE["Pow"], strict=False)
                return base + str(int(e.exp)).translate(_SUPERSCRIPT)
            return super()._print_Pow(e, rational)

        def _print_conjugate(self, e):
            return self.parenthesize(e.args[0], PRECEDENCE["Pow"], strict=False) + "*"

        def _print_Abs(self, e):
            return f"|{self._print(e.args[0])}|"

        def _print_ImaginaryUnit(self, e):
            return "i"

        def _print_Pi(self, e):
            return "π"

        def _print_Mul(self, e):
            import sympy

            coeff, rest = e.as_coeff_Mul()
            sign = "-" if coeff < 0 else ""
            num, den = sympy.fraction(abs(coeff) * rest)

            def factors(x):
                return " ".join(
                    self.parenthesize(f, PRECEDENCE["Mul"], strict=False) for f in sympy.Mul.make_args(x)
                )

            text = factors(num)
            if den != 1:
                d = factors(den)
                text += "/" + (f"({d})" if len(sympy.Mul.make_args(den)) > 1 else d)
            return sign + text

    text = Readable({"order": "none"}).doprint(expr)
    return text.replace("**", "^")


def _expr(expr, latex: bool, names: dict) -> str:
    from lqmodel.symbols.formula import latex_of

    return latex_of(expr, names) if latex else expr_text(expr)


def _tidy(expr, model: Model):
    """Collect by coupling entries and factor each coefficient, e.g. A λ³ (1 − ρ − iη) yL3."""
    import sympy

    syms = [s for s, _ in model.coupling_entries().values()]
    return sympy.collect(sympy.expand(expr), syms, func=sympy.factor_terms)


def _tex(text: str) -> str:
    """Plain words inside a LaTeX formula line."""
    return r"\text{" + text.replace("_", r"\_").replace("^", r"\^{}").replace("&", r"\&") + "}"


def model_report(model: Model, latex: bool = False, order: int = 3) -> str:
    """Everything ``lqmodel show`` prints about ``model``."""
    names = latex_names(model) if latex else {}
    out: list[str] = []

    def section(title: str) -> None:
        out.append("")
        out.append(f"% {title}" if latex else title)

    def comment(text: str) -> None:
        out.append(("% " if latex else "") + text)

    comment(f"Model {model.name}: {model.description}")
    if model.reference:
        comment(f"Reference: {model.reference}")
    comment(
        f"Conventions: {model.sm.convention}; terms written as {model.sign.replace('L', 'L ⊃')} ... + h.c.; "
        + (
            "up-type quarks diagonal (d_L -> V d_L)"
            if model.aligned == "up"
            else "down-type quarks diagonal (u_L -> V^dagger u_L)"
        )
    )

    section("Fields" + (" (SU(3)c, SU(2)L, Y; extra U(1) charges; electric charges)" if latex else ""))
    if latex:
        conv = model.sm.convention
        for f in model.all_fields:
            qs = ", ".join(_frac(q) for q in f.electric_charges(conv))
            out.append(rf"{f.latex} \sim {f.rep_latex()}\quad Q = ({qs})")
    else:
        out.append(_text_table(field_rows(model)))

    section(f"Lagrangian ({model.sign} ⊃ ... + h.c.)")
    for a in model.analyses:
        eps = (r"i\tau_2\, " if latex else "i tau2 ") if a.contraction.startswith("eps") else ""
        if latex:
            out.append(a.term.latex(eps))
        else:
            t = a.term
            if t.boson_spin == 1:
                out.append(f"  {t.coupling.name} {t.left} {eps}gamma^mu {t.right} {t.scalar}_mu")
            else:
                out.append(f"  {t.coupling.name} {t.left} {eps}{t.right} {t.scalar}")

    section("Couplings removed by the symmetries")
    removed = model.removed
    if not removed:
        out.append(_tex("none") if latex else "  none")
    for r in removed:
        if latex:
            entry = names.get(r.entry, r.entry)
            out.append(
                rf"{entry} = 0:\ "
                + _tex(
                    f"{r.fields} has {r.group} charge sum "
                    f"{'+' if r.charge_sum > 0 else ''}{r.charge_sum} != 0"
                )
            )
        else:
            out.append(f"  {r}")

    section("Surviving couplings")
    for a in model.analyses:
        c = a.term.coupling
        if latex:
            entries = r",\ ".join(names.get(a.entry_name(ix), a.entry_name(ix)) for ix in a.allowed)
            out.append(entries + r"\quad " + _tex("real" if c.real else "complex"))
        else:
            entries = ", ".join(
                f"{a.entry_name(ix)} = {c.name}[{','.join(str(i + 1) for i in ix)}]" for ix in a.allowed
            )
            out.append(f"  {entries}  ({'real' if c.real else 'complex'})")

    sign = -1 if model.sign == "-L" else 1
    section(f"Mass-basis couplings ({model.sign} ⊃ ... + h.c.; V = CKM matrix)")
    for v in model.vertices:
        coeff = _expr(sign * v.coefficient, latex, names)
        if latex:
            out.append(rf"\left({coeff}\right) {v.structure_latex()}")
        else:
            out.append(f"  ({coeff}) {v.structure()}")

    if model.named:
        for nc in model.named:
            section(
                f"Named couplings {nc.name}_i (L ⊃ {nc.name}_i x {nc.left}_i-{nc.right} vertex; "
                "exact, in CKM elements)"
            )
            for key, expr in model.named_couplings.items():
                if key.startswith(nc.name + "_"):
                    lhs = names.get(key, key) if latex else key
                    out.append(f"{'' if latex else '  '}{lhs} = {_expr(expr, latex, names)}")
        counting = ", ".join(f"{n} ~ lambda^{w}" for n, w in model.power_counting) or "no power counting"
        section(f"Wolfenstein series to O(lambda^{order}) ({counting})")
        for key, expr in model.named_couplings.items():
            lhs = names.get(key, key) if latex else key
            rel = r"\simeq" if latex else "~="
            out.append(
                f"{'' if latex else '  '}{lhs} {rel} "
                f"{_expr(_tidy(model.series(expr, order), model), latex, names)}"
            )
    return "\n".join(out)


def _frac(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def wilson_report(model: Model, latex: bool = False) -> str:
    """The derived Wilson coefficients, symbolically: L_eff in the JMS basis and the paper's
    normalised coefficients (eqs. 7 and 19, where the model has them), with their definitions."""
    import sympy

    from lqmodel.core.units import check_dimension
    from lqmodel.physics.bases import paper_coefficients
    from lqmodel.physics.effective import effective_lagrangian, wet_coefficients
    from lqmodel.symbols.formula import wet_latex
    from lqmodel.symbols.wet import wet_dimension

    leff = effective_lagrangian(model)
    names = latex_names(model) if latex else {}
    out = [
        ("% " if latex else "") + "Wilson coefficients of L_eff = sum C O + h.c. at the matching scale "
        "(WCxf JMS basis, GeV^-2): tree-level exchange, Delta F = 2 boxes and lepton dipoles"
    ]
    jms = wet_coefficients(model, "JMS")
    from lqmodel.physics.effective import missing_dipoles, missing_loops

    for why in (missing_loops(model), missing_dipoles(model)):
        if why:
            out.append(("% " if latex else "  ") + f"(not included: {why})")
    params, couplings = model.parameters, set(model.coupling_entries())
    dims = {}
    for expr in jms.values():
        for s in sympy.sympify(expr).free_symbols:
            dims[s] = params[s.name].mass_dimension if s.name in params and s.name not in couplings else 0
    from lqmodel.physics.dipoles import expand_loop_functions

    dipoles = sorted(n for n in jms if n.startswith("egamma_"))  # loop functions by name, defined below
    for name, expr in sorted(jms.items()):
        # four fermions: GeV^-2; dipoles: GeV^-1
        check_dimension(expand_loop_functions(expr), dims, wet_dimension(name), name)
        if latex:
            out.append(f"{wet_latex(name)} = {_expr(sympy.factor_terms(expr), True, names)}")
        else:
            out.append(f"  {name} = {_expr(sympy.factor_terms(expr), False, names)}")
    if dipoles:
        from lqmodel.physics.dipoles import loop_functions

        _, functions = loop_functions()
        out.append(
            ("% " if latex else "  ")
            + f"({', '.join(dipoles)}: one-loop dipoles, GeV^-1, with x = m_q^2/M^2 and, from "
            "docs/derivations/dipoles.md:)"
        )
        for fname, fexpr in functions.items():
            if latex:
                out.append(f"{fname}(x) = {_expr(fexpr, True, names)}")
            else:
                out.append(f"    {fname}(x) = {_expr(fexpr, False, names)}")
    from lqmodel.physics.bases import to_basis

    not_wet = to_basis(leff, "JMS").not_wet
    if not_wet:
        out.append(
            ("% " if latex else "  ") + f"({len(not_wet)} operators with a top quark have no WET counterpart)"
        )
    paper = [
        (name, label, expr, src) for name, (label, expr, src) in paper_coefficients(leff).items() if expr != 0
    ]
    section = (
        "In the normalisation of Chen & Chiang 2024: C_L = -c/(C_L^SM lambda_t) as eq. (7); "
        "C_V, C_S, C_T of b->c tau nu as eq. (18), flavio's basis"
    )
    if paper:
        out += ["", ("% " if latex else "") + section]
        out.append(
            ("% " if latex else "  ")
            + "(only what eqs. (7) and (18) have a slot for; every other coefficient is in the list above)"
        )
    for name, label, expr, src in paper:
        if latex:
            out.append(f"{label} = {_expr(sympy.factor_terms(expr), True, names)}")
        else:
            out.append(f"  {name} = {_expr(sympy.factor_terms(expr), False, names)}    [normalised as {src}]")
    if model.named_couplings:
        out += ["", ("% " if latex else "") + "Named couplings used above:"]
        for name, expr in model.named_couplings.items():
            lhs = names.get(name, name) if latex else f"  {name}"
            out.append(f"{lhs} = {_expr(expr, latex, names)}")
    return "\n".join(out)
