"""Human-readable views of a model: the field table, the terms, removed couplings, the
mass-basis couplings exactly and as a Wolfenstein series — as text or LaTeX.

This is what ``lqmodel show`` prints.
"""

from __future__ import annotations

from fractions import Fraction

from .flavour import CKM_NAMES
from .model import Model

__all__ = ["latex_names", "model_report"]


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
        rows.append([f.name, _q(f.spin), f.chirality or "-", _rep(f), str(f.su2), _q(f.hypercharge)]
                    + [_charges(f, g) for g in model.groups] + [comps])
    return rows


def _text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)


def _latex_table(rows: list[list[str]]) -> str:
    cols = "l" * len(rows[0])
    body = [" & ".join(rows[0]) + r" \\ \hline"] + [" & ".join(r) + r" \\" for r in rows[1:]]
    return "\\begin{tabular}{" + cols + "}\n" + "\n".join(body) + "\n\\end{tabular}"


def latex_names(model: Model) -> dict:
    """LaTeX names for the symbols a model's formulas use (coupling entries, CKM elements)."""
    from .couplings import entry_symbol
    from .flavour import ckm_symbols

    names = {}
    for a in model.analyses:
        c = a.term.coupling
        for ix in a.allowed:
            names[entry_symbol(a.entry_name(ix), c.real)] = c.entry_latex(ix, a.keep)
    for sym, n in zip(ckm_symbols(), (n for row in CKM_NAMES for n in row), strict=True):
        names[sym] = f"V_{{{n[2:]}}}"
    return names


def _expr(expr, latex: bool, names: dict) -> str:
    import sympy

    return sympy.latex(expr, symbol_names=names) if latex else sympy.sstr(expr)


def _tidy(expr, model: Model):
    """Collect by coupling entries and factor each coefficient, e.g. A λ³ (1 − ρ − iη) yL3."""
    import sympy

    syms = [s for s, _ in model.coupling_entries().values()]
    return sympy.collect(sympy.expand(expr), syms, func=sympy.factor_terms)


def model_report(model: Model, latex: bool = False, order: int = 3) -> str:
    """Everything ``lqmodel show`` prints about ``model``."""
    names = latex_names(model) if latex else {}
    out: list[str] = []

    def section(title: str) -> None:
        out.append("")
        out.append(f"% {title}" if latex else title)

    out.append(("% " if latex else "") + f"Model {model.name}: {model.description}")
    if model.reference:
        out.append(("% " if latex else "") + f"Reference: {model.reference}")
    out.append(("% " if latex else "") + f"Conventions: {model.sm.convention}; terms written as "
               f"{model.sign.replace('L', 'L ⊃')} ... + h.c.; "
               + ("up-type quarks diagonal (d_L -> V d_L)" if model.aligned == "up"
                  else "down-type quarks diagonal (u_L -> V^dagger u_L)"))

    section("Fields")
    rows = field_rows(model)
    out.append(_latex_table(rows) if latex else _text_table(rows))

    section(f"Lagrangian ({model.sign} ⊃ ... + h.c.)")
    for a in model.analyses:
        eps = (r"i\tau_2\, " if latex else "i tau2 ") if a.contraction.startswith("eps") else ""
        if latex:
            out.append("  " + a.term.latex(eps))
        else:
            t = a.term
            out.append(f"  {t.coupling.name} {t.left} {eps}{t.right} {t.scalar}")

    section("Couplings removed by the symmetries")
    removed = model.removed
    out.extend(f"  {r}" for r in removed) if removed else out.append("  none")

    section("Surviving couplings")
    for a in model.analyses:
        c = a.term.coupling
        entries = ", ".join(
            f"{a.entry_name(ix)} = {c.name}[{','.join(str(i + 1) for i in ix)}]" for ix in a.allowed)
        out.append(f"  {entries}  ({'real' if c.real else 'complex'})")

    sign = -1 if model.sign == "-L" else 1
    section(f"Mass-basis couplings ({model.sign} ⊃ ... + h.c.; V = CKM matrix)")
    for v in model.vertices:
        coeff = _expr(sign * v.coefficient, latex, names)
        structure = v.structure_latex() if latex else v.structure()
        out.append(f"  ({coeff}) {structure}")

    if model.named:
        for nc in model.named:
            section(f"Named couplings {nc.name}_i (L ⊃ {nc.name}_i x {nc.left}_i-{nc.right} vertex; "
                    "exact, in CKM elements)")
            for key, expr in model.named_couplings.items():
                if key.startswith(nc.name + "_"):
                    out.append(f"  {key} = {_expr(expr, latex, names)}")
        counting = ", ".join(f"{n} ~ lambda^{w}" for n, w in model.power_counting) or "no power counting"
        section(f"Wolfenstein series to O(lambda^{order}) ({counting})")
        for key, expr in model.named_couplings.items():
            out.append(f"  {key} ~= {_expr(_tidy(model.series(expr, order), model), latex, names)}")
    return "\n".join(out)


def wilson_report(model: Model, latex: bool = False) -> str:
    """The derived Wilson coefficients, symbolically: L_eff in the JMS basis and the paper's
    normalised coefficients (eqs. 7 and 19), with their definitions."""
    import sympy

    from .bases import paper_coefficients, to_basis
    from .formula import param_symbol
    from .units import check_dimension
    from .wcxf import effective_lagrangian

    leff = effective_lagrangian(model)
    names = latex_names(model) if latex else {}
    out = [("% " if latex else "") + "Wilson coefficients of L_eff = sum C O + h.c. at the matching scale "
           "(WCxf JMS basis, GeV^-2): tree-level exchange and Delta F = 2 boxes"]
    jms = to_basis(leff, "JMS")
    masses = {param_symbol(f.mass) for f in model.heavy_fields}
    dims = {}
    for expr in jms.values.values():
        for s in expr.free_symbols:
            dims[s] = 1 if s in masses else 0
    for name, expr in sorted(jms.values.items()):
        check_dimension(expr, dims, -2, name)         # every matched operator is dimension six
        out.append(f"  {name} = {_expr(sympy.factor_terms(expr), latex, names)}")
    if jms.not_wet:
        out.append(f"  ({len(jms.not_wet)} operators with a top quark have no WET counterpart)")
    section = "Paper's normalisation (eq. 7: C_L = -c/(C_L^SM lambda_t); eq. 19: flavio's b->c tau nu)"
    out += ["", ("% " if latex else "") + section]
    for name, (_label, expr, src) in paper_coefficients(leff).items():
        if expr != 0:
            out.append(f"  {name} = {_expr(sympy.factor_terms(expr), latex, names)}    [{src}]")
    out += ["", ("% " if latex else "") + "Named couplings used above:"]
    for name, expr in model.named_couplings.items():
        out.append(f"  {name} = {_expr(expr, latex, names)}")
    return "\n".join(out)
