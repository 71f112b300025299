"""The program of a Study: from the inputs to couplings, Wilson coefficients and observables.

The symbolic chain is joined here, and only here:

    observables(WET at their scale, SM inputs, CKM)  ←  running(WET at the matching scale)
        ←  matching(named couplings, heavy masses)  ←  named couplings(coupling entries, CKM)
        ←  CKM(λ, A, ρ, η).

A :class:`Program` is plain data — the real input symbols, stages ``symbol = expression`` in
order, and the outputs — so that any backend (numpy today, JAX for gradients later) can print
it.  Every input that is not free is replaced by its number (constants folded); a complex
coupling entry that is free enters as two real inputs (its real and imaginary parts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from lqmodel.core.errors import ModelDefinitionError, UnknownNameError

__all__ = ["Input", "Output", "Program", "available_observables", "build_program", "unsupported"]

WOLFENSTEIN = ("lambda", "A", "rho", "eta")


@attrs.frozen
class Input:
    """One real argument of the program: parameter ``name``, or its real or imaginary ``part``."""

    name: str
    symbol: object = attrs.field(eq=False)
    part: str = ""  # "", "re" or "im"

    @property
    def key(self) -> str:
        return f"{self.name}.{self.part}" if self.part else self.name


@attrs.frozen
class Output:
    """One result: an observable, a named coupling or a Wilson coefficient (of ``basis``)."""

    name: str
    kind: str  # "observable", "coupling" or "wilson"
    expr: object = attrs.field(eq=False)
    complex: bool = False
    basis: str = ""

    @property
    def key(self) -> str:
        return f"{self.basis}:{self.name}" if self.kind == "wilson" else self.name


@attrs.frozen
class Program:
    """Inputs, stages (symbol, expression) in order, outputs; plus what was folded in."""

    inputs: tuple[Input, ...]
    stages: tuple = attrs.field(eq=False)
    outputs: tuple[Output, ...]
    used: tuple[str, ...] = ()  # every parameter the outputs depend on (free or folded)
    forms: Mapping[str, str] = attrs.field(factory=dict)  # observable -> form used
    # observable -> {contribution: what became of it}, for observables summed from parts
    contributions: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    # named functions the expressions call (the dipole loop functions): name -> (x, expression in x)
    functions: Mapping[str, tuple] = attrs.field(factory=dict, eq=False)


# ---------------------------------------------------------------------------------------------
# Which observables belong to a model


def _wet_read(formula) -> set[str]:
    from lqmodel.symbols.wet import is_wet_name

    return {s.name for s in formula.expr.free_symbols if is_wet_name(s.name)}


def _generated(model) -> frozenset[str]:
    """JMS names of the WET coefficients the model generates (structurally nonzero)."""
    from lqmodel.physics.effective import wet_coefficients

    return frozenset(n for n, e in wet_coefficients(model, "JMS").items() if e != 0)


def unsupported(model, observable, form: str = "general") -> str | None:
    """Why ``observable`` (in ``form``) would be incomplete for ``model``; None if it is complete.

    An observable reads the WET coefficients of a process for some lepton flavours (e.g. the
    diagonal ν_ℓ ν̄_ℓ of b → sνν̄, or τ ν̄_τ of b → cτν̄); if the model generates the same
    process with other lepton flavours, its value would silently be wrong.  An approximation
    (``paper``...) must moreover read, for each quark transition it reads, every generated lepton
    flavour its general formula reads: the paper's R(D) of eq. (20a) reads only b → cτν̄, but R(D)
    also depends on b → cμν̄ through its light-lepton denominator, which the general formula reads.
    (An approximation that reads another transition on purpose, as eq. (11) takes K_L → π⁰νν̄'s
    R^ν from b → s, is the paper's choice and stays allowed.)  ΔF = 2 observables
    need the model's boxes, which lqmodel computes for leptoquark couplings but not diquark ones.
    A parameter the model lacks
    (the Z′ inputs, the paper's running factors) also leaves it out.
    """

    from lqmodel.symbols.ckm import CKM_NAMES
    from lqmodel.symbols.wet import is_wet_name

    formula = observable.form(form)
    derived, underivable = model.derived_inputs
    have = set(model.parameters.names) | {n for row in CKM_NAMES for n in row} | set(derived)
    missing_inputs = sorted(
        s.name
        for s in formula.expr.free_symbols
        if not is_wet_name(s.name) and s.name not in have and not s.name.startswith("obs:")
    )
    if missing_inputs and observable.definition:  # a user's typo: name it, with suggestions
        raise UnknownNameError(
            f"name in observable {observable.name!r}", missing_inputs[0], [*model.parameters.names, *derived]
        )
    for name in missing_inputs:
        if name in underivable:
            return underivable[name]
    bosons = sorted({b for n in missing_inputs if (b := _boson_input(n))})
    if bosons:
        return (
            f"the model declares no light gauge boson {', '.join(map(repr, bosons))} "
            f"(a U1 with boson={bosons[0]!r} and inputs m_{bosons[0]}, g_{bosons[0]})"
        )
    if missing_inputs:
        return f"the model has no input {', '.join(missing_inputs)}"
    read = _wet_read(formula)
    if any(_is_df2_name(n) for n in read):
        from lqmodel.physics.effective import missing_loops

        why = missing_loops(model)
        if why:
            return why
    if any(n.startswith("egamma_") for n in read):
        from lqmodel.physics.effective import missing_dipoles

        why = missing_dipoles(model)
        if why:
            return why
    pairs: dict[tuple, set] = {}  # process -> the lepton-index pairs the formula reads
    for name in read:
        key = _process(name)
        if key is not None:
            pairs.setdefault(key, set()).add(name.split("_")[-1][:2])
    generated = _generated(model)
    missing = {
        n for n in generated - read if _process(n) in pairs and n.split("_")[-1][:2] not in pairs[_process(n)]
    }
    if form != "general":  # an approximation must read the lepton flavours the general formula reads
        quarks = {k[:2] for k in pairs}
        missing |= {
            n
            for n in (generated & _wet_read(observable.formula)) - read
            if _process(n) is not None and _process(n)[:2] in quarks
        }
    missing = sorted(missing)
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        return f"its formula does not include {', '.join(missing[:3])}{more}, which this model generates"
    return None


def available_observables(model, form: str = "general") -> tuple[tuple, dict[str, str]]:
    """(the built-in observables complete for ``model``, {left-out name: reason})."""
    from lqmodel.observables import catalogue

    kept, excluded = [], {}
    for o in catalogue():
        why = unsupported(model, o, form if form in o.forms else "general")
        if why is None:
            kept.append(o)
        else:
            excluded[o.name] = why
    return tuple(kept), excluded


# ---------------------------------------------------------------------------------------------
# Building the program


def _resolve(model, requested, form: str, forms: Mapping[str, str]):
    """The observables to compute, in dependency order, with the form of each.

    Returns (ordered observables, {name: form}, {name: reason} of those left out, names to output).
    """
    from lqmodel.observables import Observable, get
    from lqmodel.observables.custom import OBSERVABLE_PREFIX, Definition

    excluded: dict[str, str] = {}
    if requested is None:
        builtin, excluded = available_observables(model, form)
        chosen = list(builtin)
    else:
        chosen = []
        built: list = []
        for item in requested:  # definitions may refer to those before them
            if isinstance(item, Definition):
                item = item.build(others=[*built, *(o for o in requested if isinstance(o, Observable))])
            if isinstance(item, Observable):
                built.append(item)
        user = {o.name: o for o in built}
        for item in requested:
            if isinstance(item, Observable | Definition):
                chosen.append(user[item.name])
            else:
                try:
                    chosen.append(get(item))
                except UnknownNameError as err:
                    from lqmodel.observables import names

                    raise UnknownNameError("observable", item, [*names(), *user]) from err
    by_name = {o.name: o for o in chosen}
    if len(by_name) != len(chosen):
        dup = next(o.name for o in chosen if sum(c.name == o.name for c in chosen) > 1)
        raise ModelDefinitionError(f"observable {dup!r}", "is given twice")
    for name in forms:
        if name not in by_name:
            raise UnknownNameError("observable (in forms)", name, by_name)
    outputs = [o.name for o in chosen]
    # observables that others refer to are computed too (not output unless asked for)
    order: list = []
    state: dict[str, int] = {}

    def visit(o, path):
        if state.get(o.name) == 2:
            return
        if state.get(o.name) == 1:
            raise ModelDefinitionError(
                f"observable {o.name!r}", "refers to itself through " + " -> ".join([*path, o.name])
            )
        state[o.name] = 1
        used = forms.get(o.name, form)
        f = o.form(used) if used in o.forms or o.name in forms else o.formula
        for s in f.expr.free_symbols:
            if s.name.startswith(OBSERVABLE_PREFIX):
                dep = s.name[len(OBSERVABLE_PREFIX) :]
                if dep not in by_name:
                    by_name[dep] = get(dep)
                visit(by_name[dep], [*path, o.name])
        state[o.name] = 2
        order.append(o)

    for o in chosen:
        visit(o, [])
    used_forms = {}
    for o in order:
        want = forms.get(o.name, form)
        if want not in o.forms:
            if o.name in forms:
                o.form(want)  # raises, listing the forms it has
            want = "general"  # a default form the observable has no version of
        used_forms[o.name] = want
        if requested is not None:
            why = unsupported(model, o, want)
            if why:
                raise ModelDefinitionError(f"observable {o.name!r} for model {model.name!r}", why)
    return order, used_forms, excluded, outputs


def _check_dimensions(model, observables, forms) -> None:
    """Dimension check of user-defined observables, now that the model's parameters are known."""
    from lqmodel.core.units import mass_dimension
    from lqmodel.observables import symbol_dimensions
    from lqmodel.observables.custom import OBSERVABLE_PREFIX

    units = {o.name: o.unit for o in observables}
    for o in observables:
        if not o.definition:
            continue
        f = o.form(forms[o.name])
        plain = [s for s in f.expr.free_symbols if not s.name.startswith(OBSERVABLE_PREFIX)]
        for s in plain:
            if s.name not in model.parameters and not _is_symbolic_input(s.name):
                raise UnknownNameError(
                    f"name in observable {o.name!r}", s.name, [*model.parameters.names, *units]
                )
        dims = symbol_dimensions(plain, model.parameters)
        for s in f.expr.free_symbols:
            if s.name.startswith(OBSERVABLE_PREFIX):
                dims[s] = mass_dimension(units[s.name[len(OBSERVABLE_PREFIX) :]])
        f.check(dims)


#: Lepton indices an observable sums over (neutrinos are not observed), by JMS species.
_SUMMED = {"nuedu": (True, False), "nud": (True, True), "nuu": (True, True)}


def _process(name: str) -> tuple | None:
    """The process a JMS coefficient belongs to: species, quark indices and the observed lepton indices.

    An observable that reads a process must read it for every lepton flavour the model generates
    — every neutrino flavour of b → cτν̄, say — or its value would silently miss part of the effect.
    (A Dirac structure it does not read, such as the tensor in B_c → τν̄, does not contribute.)
    """
    import re

    m = re.match(r"^[VST][18]?([a-z]+)[LR]{2}_(\d)(\d)(\d\d)$", name)
    if m is None:
        return None
    species, p_, r, quarks = m.groups()
    summed = _SUMMED.get(species, (False, False))
    return species, quarks, tuple(x for x, s in zip((p_, r), summed, strict=True) if not s)


def _boson_input(name: str) -> str | None:
    """The boson whose input ``name`` is (m_Zp, g_Zp, Q_Zp_mu, eps_per_g_Zp -> 'Zp'), else None."""
    import re

    m = re.match(r"^(?:[mg]_(Zp)|Q_([A-Za-z]\w*?)_(?:e|mu|tau)|eps_per_g_([A-Za-z]\w*))$", name)
    return next((g for g in m.groups() if g), None) if m else None


def _flavours() -> dict[str, tuple[str, ...]]:
    """Flavour names by species: the bases' table, with neutrinos as nue, numu, nutau."""
    from lqmodel.physics.bases import FLAVOURS

    return {k: tuple(f"nu{f}" for f in v) if k == "nu" else v for k, v in FLAVOURS.items()}


def _sector(name: str) -> str | None:
    """A readable sector of a JMS four-fermion coefficient, the same for it and its conjugate:
    ``VedLL_1223`` → ``(e mu)(s b)``, ``VnueduLL_3312`` → ``(nutau tau)(d c)``."""
    import re

    m = re.match(r"^[VST][18]?([a-z]+)[LR]{2}_(\d)(\d)(\d)(\d)$", name)
    if m is None:
        return None
    species, *idx = m.groups()
    tokens = re.findall(r"nu|e|d|u", species)
    kinds = [tokens[0], tokens[0], tokens[1], tokens[1]] if len(tokens) == 2 else tokens
    flavours = _flavours()
    names = [flavours[k][int(i) - 1] for k, i in zip(kinds, idx, strict=True)]
    pairs = [tuple(names[:2]), tuple(names[2:])]
    if len(tokens) == 2:  # (ψ̄_a ψ_b) and its conjugate (ψ̄_b ψ_a): one sector
        order = {f: row.index(f) for row in flavours.values() for f in row}
        pairs = [tuple(sorted(p, key=order.__getitem__)) for p in pairs]
    quark_first = sorted(pairs, key=lambda p: p[0] not in flavours["d"] + flavours["u"])
    return "".join(f"({a} {b})" for a, b in quark_first)


#: The processes a sector (quark pair, lepton pair) feeds, for the message that names it.
_PROCESSES = {
    ("d", "s", "lfv"): "K_L -> mu e, K -> pi l l'",
    ("d", "s", "ll"): "K_L -> l l, K -> pi l l",
    ("d", "b", "lfv"): "B0 -> l l', B -> pi l l'",
    ("d", "b", "ll"): "B -> pi l l",
    ("s", "b", "lfv"): "B -> K(*) l l', Bs -> l l'",
    ("s", "b", "ll"): "B -> K(*) l l outside the [1.1, 6] bin, B -> K(*) tau tau",
    ("u", "b", "cc"): "b -> u l nu (B -> pi l nu, B -> tau nu)",
    ("u", "s", "cc"): "s -> u l nu (K -> l nu, tau -> K nu)",
    ("u", "d", "cc"): "d -> u l nu (pi -> l nu, beta decay)",
    ("d", "c", "cc"): "c -> d l nu (D -> pi l nu)",
    ("s", "c", "cc"): "c -> s l nu (D_s -> l nu, D -> K l nu)",
    ("u", "c", "ll"): "c -> u l l (D -> pi l l)",
    ("u", "c", "lfv"): "c -> u l l' (D -> pi l l')",
    ("u", "c", "nunu"): "c -> u nu nu (D -> pi nu nu)",
}


def sector_processes(label: str) -> str:
    """The processes a sector of :func:`unread_coefficients` feeds (an empty string if unnamed)."""
    import re

    pairs = re.findall(r"\(([a-z]+) ([a-z]+)\)", label)
    if len(pairs) != 2:
        return ""
    (q1, q2), (l1, l2) = pairs
    if q1 == q2:
        return "flavour-conserving quark current (colliders, electroweak and atomic precision)"
    neutrinos = l1.startswith("nu"), l2.startswith("nu")
    if neutrinos[0] != neutrinos[1]:
        kind = "cc"
    elif neutrinos[0]:
        kind = "nunu"
    else:
        kind = "ll" if l1 == l2 else "lfv"
    key = tuple(sorted((q1, q2), key=lambda f: "udscbt".index(f)))
    if key == ("d", "s") and "tau" in (l1, l2):
        return "tau -> l K decays (no kaon decays to a tau: m_tau > m_K)"
    return _PROCESSES.get((*key, kind), "")


def unread_coefficients(model) -> dict[str, list[str]]:
    """The WET coefficients ``model`` generates that no built-in observable reads, by sector.

    These are what lqmodel does not compute for the model (lepton-flavour-violating B → Kℓℓ′,
    K_L → μμ, K → πℓℓ, b → uℓν̄, ...): every face that lists a model's observables names them,
    so a sector the model feeds is never dropped silently.
    """
    from lqmodel.observables import catalogue

    read: set[str] = set()
    for o in catalogue():
        for form in o.forms:
            read |= _wet_read(o.form(form))
        for part in o.parts.values():
            read |= _wet_read(part)
    out: dict[str, list[str]] = {}
    for name in sorted(_generated(model) - read):
        if _is_df2_name(name) or name.startswith("egamma_"):
            continue  # ΔF = 2 and dipoles of sectors without an observable are named by their process
        label = _sector(name)
        if label is not None:
            out.setdefault(label, []).append(name)
    return out


def _is_df2_name(name: str) -> bool:
    """Whether ``name`` is a ΔF = 2 JMS coefficient (VddLL_1313, V1uuLR_1212...)."""
    import re

    return bool(re.match(r"^[VS][18]?(dd|uu)(LL|RR|LR)_\d{4}$", name))


def _is_symbolic_input(name: str) -> bool:
    from lqmodel.symbols.ckm import CKM_NAMES
    from lqmodel.symbols.wet import is_wet_name

    return is_wet_name(name) or name in {n for row in CKM_NAMES for n in row}


def build_program(
    model,
    *,
    observables=None,
    fixed: Mapping[str, object] | None = None,
    free: Sequence[str] | None = None,
    form: str = "general",
    forms: Mapping[str, str] | None = None,
    couplings: bool = True,
    wilson: Sequence[str] = ("JMS",),
    scale: float | None = None,
    running: str = "general",
) -> tuple[Program, dict[str, str], dict]:
    """The program of a Study (see :class:`lqmodel.numeric.study.Study` for the arguments).

    Returns the program, the observables left out for the model (with the reason), and the
    Observable objects computed, by name.
    """
    import sympy

    from lqmodel.observables.custom import OBSERVABLE_PREFIX, observable_symbol
    from lqmodel.physics import rge
    from lqmodel.physics.bases import jms_to_flavio
    from lqmodel.physics.effective import matching_scale, wet_coefficients
    from lqmodel.physics.matching import named_symbols
    from lqmodel.physics.running import B_SCALE, evolve, is_run
    from lqmodel.symbols.ckm import ckm_exact, ckm_symbols, ckm_values
    from lqmodel.symbols.formula import param_symbol

    forms = dict(forms or {})
    scale = B_SCALE if scale is None else scale
    params = model.parameters.with_overrides(dict(fixed or {}))
    values = params.natural_values()
    order, used_forms, excluded, out_names = _resolve(model, observables, form, forms)
    _check_dimensions(model, order, used_forms)

    # -- the chain, symbolically: named couplings, WET at the matching scale, run to each scale
    named = named_symbols(model)
    wet_m = wet_coefficients(model, "JMS")
    stages: list = []
    mass = model.heavy_fields[0].mass
    if free is None or mass in free:  # a scanned mass: the running is a function of it
        high = matching_scale(model)
        alpha_syms: dict[int, object] = {}

        def alpha_at_high(nf: int):
            if nf not in alpha_syms:
                alpha_syms[nf] = sympy.Symbol(f"alpha_s[nf={nf}]({mass})", positive=True)
                stages.append((alpha_syms[nf], rge.alpha_s_nf(high, nf)))
            return alpha_syms[nf]
    else:  # a fixed mass: the running is numbers
        high, alpha_at_high = float(values[mass]), None
    run_cache: dict = {}
    wet_symbols: dict = {}
    wet_stages: dict = {}  # symbol -> run coefficient, in the order first read

    def wet_value(name: str, mu, method: str):
        """Coefficient ``name`` run from the matching scale to ``mu`` (0 if the model makes none)."""
        done = run_cache.setdefault((mu, method), {})
        if name not in done:
            try:
                group = rge.group_of(name) if mu is not None else (name,)
            except KeyError:
                group = (name,)
            source = {n: wet_m[n] for n in group if wet_m.get(n, 0) != 0}
            ran = evolve(source, high, mu, method, alpha_at_high) if source else {}
            for n in group:
                done[n] = sympy.sympify(ran.get(n, 0))
        value = done[name]
        if value == 0 or value.is_Atom:
            return value
        # a stage: computed once in the kernel, shared by every observable that reads it (inlining
        # the run coefficients into each observable made x_D of a generic S1 4.5 million operations)
        key = (name, mu, method)
        if key not in wet_symbols:
            wet_symbols[key] = sympy.Symbol(f"{name}[{'M' if mu is None else mu},{method}]")
            wet_stages[wet_symbols[key]] = value
        return wet_symbols[key]

    derived = {param_symbol(k): v for k, v in model.derived_inputs[0].items()}

    def lowered(expr, o):
        """``expr`` of observable ``o`` with the WET coefficients run to its scale, derived inputs in."""
        wet_syms = [s for s in expr.free_symbols if _is_wet(s.name)]
        if wet_syms:
            method = "paper" if used_forms[o.name] == "paper" else running
            scale_o = o.scale_of(used_forms[o.name])
            expr = expr.xreplace({s: wet_value(s.name, scale_o, method) for s in wet_syms})
        return expr.xreplace(derived)

    obs_exprs: dict[str, object] = {}
    notes: dict[str, dict[str, str]] = {}
    for o in order:
        expr = lowered(o.form(used_forms[o.name]).expr, o)
        if o.parts and used_forms[o.name] == "general":
            notes[o.name] = {o.contribution or "general formula": _contribution_note(o.formula, expr, wet_m)}
            for label, part in o.parts.items():
                why = unsupported(model, attrs.evolve(o, formula=part, approximations={}, parts={}))
                if why:
                    notes[o.name][label] = f"not in this model: {why}"
                    continue
                expr = expr + lowered(part.expr, o)
                notes[o.name][label] = "included"
        obs_exprs[o.name] = expr
    coupling_exprs = {sympy.Symbol(n): sympy.Symbol(n) for n in model.named_couplings} if couplings else {}
    wilson_exprs: dict[tuple[str, str], object] = {}
    if wilson:
        for name in wet_m:
            wet_value(name, scale, running)
        # with the coefficients the running generates
        at = {name: wet_value(name, scale, running) for name in run_cache.get((scale, running), {})}
        # dipoles are not run: at a scale they would be the matching-scale values mislabelled
        # (exports name them as left out)
        at = {n: e for n, e in at.items() if e != 0 and (running == "none" or is_run(n))}
        for name, e in at.items():
            if "JMS" in wilson and e != 0:
                wilson_exprs[("JMS", name)] = e
        if "flavio" in wilson:
            for name, e in jms_to_flavio(at).items():
                wilson_exprs[("flavio", name)] = sympy.sympify(e)

    # -- which parameters are used, which are free
    all_exprs = [*obs_exprs.values(), *wilson_exprs.values(), *coupling_exprs.values(), *wet_stages.values()]
    ckm = set(ckm_symbols())
    entries = model.coupling_entries()
    entry_syms = {sym: name for name, (sym, _) in entries.items()}
    used_syms: set = set()
    pending = set().union(*(sympy.sympify(e).free_symbols for e in all_exprs)) if all_exprs else set()
    seen: set = set()
    early_stages = dict(stages)  # α_s at the heavy mass: functions of the mass
    while pending:
        s = pending.pop()
        if s in seen:
            continue
        seen.add(s)
        if s in named:
            pending |= named[s].free_symbols
        elif s in early_stages:
            pending |= sympy.sympify(early_stages[s]).free_symbols
        elif s in ckm:
            pending |= set(param_symbol(n) for n in WOLFENSTEIN)
        elif s.name.startswith(OBSERVABLE_PREFIX) or s in wet_stages:
            continue  # (a run coefficient's expression is scanned as one of all_exprs)
        else:
            used_syms.add(s)
    used = sorted({entry_syms.get(s, s.name) for s in used_syms})
    unknown = [n for n in used if n not in params]
    if unknown:
        raise ModelDefinitionError(f"model {model.name!r}", f"has no value for {', '.join(unknown)}")
    free_names = list(used if free is None else free)
    for n in free_names:
        if n not in params:
            raise model.unknown_input(n)
    inputs: list[Input] = []
    subs: dict = {}
    for n in free_names:
        sym = model.symbol(n)
        if params[n].domain == "complex":
            re_s, im_s = sympy.Symbol(f"{n}.re", real=True), sympy.Symbol(f"{n}.im", real=True)
            inputs += [Input(n, re_s, "re"), Input(n, im_s, "im")]
            subs[sym] = re_s + sympy.I * im_s
        else:
            inputs.append(Input(n, sym, ""))
    free_set = set(free_names)
    for n in used:
        if n not in free_set:
            subs[model.symbol(n)] = values[n]
    # CKM: a stage of the Wolfenstein inputs if any is free, else numbers
    if free_set & set(WOLFENSTEIN):
        for s_, v in zip(ckm_symbols(), ckm_exact(), strict=True):
            stages.append((s_, v.xreplace(subs)))
    else:
        V = ckm_values(*(float(values[n]) for n in WOLFENSTEIN))
        for (i, j), s_ in zip(((i, j) for i in range(3) for j in range(3)), ckm_symbols(), strict=True):
            subs[s_] = V[i][j]
    # named couplings: stages where they depend on free inputs, numbers otherwise
    needed_named = {s for e in all_exprs for s in sympy.sympify(e).free_symbols} & set(named)
    for s_ in sorted(needed_named, key=lambda x: x.name):
        e = named[s_].xreplace(subs)
        if e.free_symbols:
            stages.append((s_, e))
        else:
            subs[s_] = complex(e)
    # the run WET coefficients: stages where they depend on free inputs, numbers otherwise
    for s_, e in wet_stages.items():
        e = sympy.sympify(e).xreplace(subs)
        if e.free_symbols:
            stages.append((s_, e))
        else:
            subs[s_] = complex(e)
    # observables in dependency order; those another refers to become stages
    referenced = {
        s.name[len(OBSERVABLE_PREFIX) :]
        for e in obs_exprs.values()
        for s in e.free_symbols
        if s.name.startswith(OBSERVABLE_PREFIX)
    }
    outputs: list[Output] = []
    for o in order:
        e = obs_exprs[o.name].xreplace(subs)
        if o.name in referenced:
            stages.append((observable_symbol(o.name), e))
        if o.name in out_names:
            # a user's observable declared real is compiled with its imaginary part, which
            # the kernel checks (kernel.real_checked): a complex value is an error, never truncated
            outputs.append(Output(o.name, "observable", e, o.complex or bool(o.definition)))
    outputs.sort(key=lambda out: out_names.index(out.name))
    for s_ in coupling_exprs:
        outputs.append(Output(s_.name, "coupling", sympy.sympify(s_.xreplace(subs)), True))
    for (basis, name), e in wilson_exprs.items():
        outputs.append(Output(name, "wilson", sympy.sympify(e).xreplace(subs), True, basis))
    known = {i.symbol for i in inputs} | {s_ for s_, _ in stages}
    for out in outputs:
        stray = sympy.sympify(out.expr).free_symbols - known
        if stray:
            names_ = ", ".join(sorted(x.name for x in stray))
            raise ModelDefinitionError(f"{out.kind} {out.name!r}", f"depends on unset symbols {names_}")
    program = Program(
        tuple(inputs),
        tuple(stages),
        tuple(outputs),
        tuple(used),
        used_forms,
        notes,
        _kernel_functions(outputs, stages),
    )
    return program, excluded, {o.name: o for o in order}


def _kernel_functions(outputs, stages) -> dict[str, tuple]:
    """The named loop functions the program calls, each with its numerically stable formula."""
    import sympy

    from lqmodel.physics.dipoles import LOOP_FUNCTIONS, loop_function

    names = set()
    for e in [*(o.expr for o in outputs), *(e for _, e in stages)]:
        for f in sympy.sympify(e).atoms(sympy.core.function.AppliedUndef):
            if f.func.__name__ in LOOP_FUNCTIONS:
                names.add(f.func.__name__)
    x = sympy.Symbol("x", positive=True)
    return {n: (x, loop_function(n, x, stable=True)) for n in sorted(names)}


def _contribution_note(formula, expr, wet_m) -> str:
    """What became of an observable's general formula for a model: included, or 0 because the
    model generates none of the coefficients it reads (named)."""
    read = sorted(_wet_read(formula))
    if read and not any(wet_m.get(n, 0) != 0 for n in read):
        return f"0: the model generates no {', '.join(read)}"
    return "included"


def _is_wet(name: str) -> bool:
    from lqmodel.symbols.wet import is_wet_name

    return is_wet_name(name)
