"""Print a compiled program as numpy source: complex arrays, or real (Re, Im) arithmetic.

:func:`real_source` lowers the complex algebra to real arrays when every scanned input is
real (measured faster in whole scans, bench/README.md); :func:`complex_source` prints complex
numpy with sympy's common-subexpression elimination and is the fallback for anything the
lowering does not know (:class:`Unsupported`).  Both fold numeric constants and return the
source of one function ``kernel(a0, a1, ...)`` returning a tuple of real arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Unsupported", "complex_source", "real_source"]


def complex_source(program) -> str:
    """Complex numpy, with the stages as assignments and sympy.cse over the outputs."""
    import sympy
    from sympy.printing.numpy import NumPyPrinter

    class Printer(NumPyPrinter):
        def _print_conjugate(self, expr):
            return f"numpy.conjugate({self._print(expr.args[0])})"

        def _print_Pow(self, expr, rational=False):
            # squares through numpy.square: numpy's power is slow for complex arrays
            if expr.exp == 2:
                return f"numpy.square({self._print(expr.base)})"
            return super()._print_Pow(expr, rational=rational)

        def _print_Function(self, expr):
            if expr.func.__name__ in program.functions:  # a kernel function (helper_source)
                return f"{expr.func.__name__}({self._print(expr.args[0])})"
            return super()._print_Function(expr)

    printer = Printer({"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False})
    args = [f"a{i}" for i in range(len(program.inputs))]
    rename = {i.symbol: sympy.Symbol(a) for i, a in zip(program.inputs, args, strict=True)}
    lines = [*helper_source(program), f"def kernel({', '.join(args)}):"]
    for k, (sym, e) in enumerate(program.stages):
        var = sympy.Symbol(f"s{k}")
        rename[sym] = var
        lines.append(f"    {var} = {printer.doprint(_fold(sympy.sympify(e).xreplace(rename)))}")
    exprs = [_fold(sympy.sympify(o.expr).xreplace(rename)) for o in program.outputs]
    replacements, reduced = sympy.cse(exprs, optimizations="basic", symbols=sympy.numbered_symbols("x"))
    for sym, e in replacements:
        lines.append(f"    {sym} = {printer.doprint(e)}")
    results = []
    for out, e in zip(program.outputs, reduced, strict=True):
        parts = ("real", "imag") if out.complex else ("real",)
        for part in parts:
            text = f"numpy.{part}({printer.doprint(e)})"
            if not e.free_symbols:  # a constant output still has the shape of the inputs
                text = f"numpy.full(numpy.shape({args[0]}), {text})" if args else text
            results.append(text)
    lines.append(f"    return ({', '.join(results)},)")
    return "\n".join(lines) + "\n"


def helper_source(program) -> list[str]:
    """Source lines defining the program's named functions (``program.functions``): each a numpy
    function of a real array, its formula printed from sympy (Piecewise as numpy.select)."""
    import sympy
    from sympy.printing.numpy import NumPyPrinter

    printer = NumPyPrinter(
        {"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False}
    )
    lines = []
    for name, (x, expr) in program.functions.items():
        arg = sympy.Symbol("x")
        lines += [
            f"def {name}(x):",
            "    x = numpy.real(x)",
            "    with numpy.errstate(divide='ignore', invalid='ignore'):",
            f"        return {printer.doprint(_fold(sympy.sympify(expr).xreplace({x: arg})))}",
            "",
        ]
    return lines


class Unsupported(Exception):
    """An expression the real lowering does not handle (the complex printer takes over)."""


def real_source(program) -> str:
    """Real inputs: each stage a complex symbol, printed as (Re, Im) lines on demand."""
    import sympy

    args = [f"a{i}" for i in range(len(program.inputs))]
    rename = {i.symbol: sympy.Symbol(a, real=True) for i, a in zip(program.inputs, args, strict=True)}
    low = _RealLowering(args, program.functions)
    for k, (sym, e) in enumerate(program.stages):
        # a stage stays one symbol: sympy would rewrite |x y²| of an inlined product into a sqrt
        rename[sym] = low.define(sympy.Dummy(f"s{k}"), _fold(sympy.sympify(e).xreplace(rename)))
    results = []
    for out in program.outputs:
        e = _fold(sympy.sympify(out.expr).xreplace(rename))
        results.append(low.output(low.re(e)))
        if out.complex:
            results.append(low.output(low.im(e)))
    body = _compact([*low.lines, f"    return ({', '.join(results)},)"])
    lines = [*helper_source(program), f"def kernel({', '.join(args)}):", *body]
    return "\n".join(lines) + "\n"


def _compact(lines: list[str]) -> list[str]:
    """Inline variables used once and delete the others after their last use.

    Fewer live arrays keep the working set in cache, and an expression of temporaries lets
    numpy reuse their buffers in place (its temporary elision).
    """
    import re

    name = re.compile(r"\bt\d+\b")
    assigned = [ln.split(" = ", 1) if ln.startswith("    t") else (None, ln) for ln in lines]
    uses: dict = {}
    for _, text in assigned:
        for v in name.findall(text):
            uses[v] = uses.get(v, 0) + 1
    inline: dict = {}
    kept = []
    for var, text in assigned:
        text = name.sub(lambda m: inline.pop(m.group(), m.group()), text)
        var = var.strip() if var else None
        if var and uses.get(var, 0) == 1:
            inline[var] = f"({text})"
        else:
            kept.append((var, text))
    last = {}
    for k, (_, text) in enumerate(kept):
        for v in name.findall(text):
            last[v] = k
    out = []
    for k, (var, text) in enumerate(kept):
        out.append(f"    {var} = {text}" if var else text)
        dead = sorted((v for v, k_last in last.items() if k_last == k), key=lambda v: int(v[1:]))
        if dead and var is not None:
            out.append(f"    del {', '.join(dead)}")
    return out


class _RealLowering:
    """Real and imaginary parts of sympy expressions as numpy lines on real arrays.

    A part is a linear form ``{variable: coefficient}`` plus a constant (key ``""``), so that
    sums, numeric factors, negation and conjugation cost no array pass; a product writes
    one line ``t = u*v`` per pair of variables, shared.  Parts are built only on demand
    (``re`` of an output never computes the imaginary part it does not need).
    """

    def __init__(self, args: Sequence[str], functions=()):
        self.args = set(args)
        self.functions = set(functions)
        self.lines: list[str] = []
        self._memo: dict = {}
        self._products: dict = {}
        self._sums: dict = {}
        self._n = 0
        self._defs: dict = {}

    def define(self, symbol, expr):
        """``symbol`` stands for ``expr`` (evaluated once, where first needed)."""
        self._defs[symbol] = expr
        return symbol

    # -- linear forms --------------------------------------------------------------------
    def _var(self, text: str) -> str:
        name = f"t{self._n}"
        self._n += 1
        self.lines.append(f"    {name} = {text}")
        return name

    @staticmethod
    def _add(*forms: dict) -> dict:
        out: dict = {}
        for f in forms:
            for k, c in f.items():
                out[k] = out.get(k, 0.0) + c
        return {k: c for k, c in out.items() if c != 0}

    @staticmethod
    def _scale(form: dict, c: float) -> dict:
        return {k: v * c for k, v in form.items()} if c else {}

    @staticmethod
    def _text(form: dict) -> str:
        terms = []
        for k, c in form.items():
            if k == "":
                terms.append(repr(c))
            elif c == 1:
                terms.append(k)
            elif c == -1:
                terms.append(f"-{k}")
            else:
                terms.append(f"{c!r}*{k}")
        return " + ".join(terms).replace("+ -", "- ") if terms else "0.0"

    def _single(self, form: dict) -> tuple[str, float]:
        """``form`` as coefficient × one variable (writing a line for a sum)."""
        if len(form) == 1 and "" not in form:
            ((k, c),) = form.items()
            return k, c
        text = self._text(form)  # one line per distinct sum
        if text not in self._sums:
            self._sums[text] = self._var(text)
        return self._sums[text], 1.0

    def named(self, form: dict) -> dict:
        """``form`` as one variable (a line for a sum; a single term stays as it is)."""
        if not form or set(form) == {""}:
            return form
        u, c = self._single(form)
        return {u: c}

    def _mul(self, f: dict, g: dict) -> dict:
        if not f or not g:
            return {}
        if set(f) == {""}:
            return self._scale(g, f[""])
        if set(g) == {""}:
            return self._scale(f, g[""])
        (u, cu), (v, cv) = self._single(f), self._single(g)
        key = (min(u, v), max(u, v))
        if key not in self._products:
            self._products[key] = self._var(f"{key[0]}*{key[1]}")
        return {self._products[key]: cu * cv}

    def _func(self, name: str, f: dict) -> dict:
        if set(f) <= {""}:
            raise Unsupported(name)  # constant folding is sympy's job, not ours
        u, c = self._single(f)
        return {self._var(f"{name}({self._text({u: c})})"): 1.0}

    def condition(self, cond) -> str:
        """A real comparison (``r < 4``) as numpy text; anything else is Unsupported."""
        ops = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=="}
        op = getattr(cond, "rel_op", None)
        if op not in ops:
            raise Unsupported(str(cond))
        diff = cond.lhs - cond.rhs
        if self.im(diff):
            raise Unsupported(str(cond))
        return f"({self._text(self.re(diff))}) {op} 0.0"

    def select(self, branches: list) -> dict:
        """numpy.select over (condition text or None for 'otherwise', linear form) pairs."""
        conds = [c for c, _ in branches if c is not None]
        values = [self._text(f) for c, f in branches if c is not None]
        default = next((self._text(f) for c, f in branches if c is None), "numpy.nan")
        if not conds:
            return next(f for c, f in branches if c is None)
        return {
            self._var(f"numpy.select([{', '.join(conds)}], [{', '.join(values)}], default={default})"): 1.0
        }

    def output(self, form: dict) -> str:
        if set(form) <= {""}:  # a constant output still has the shape of the inputs
            first = sorted(self.args)[0] if self.args else None
            value = repr(form.get("", 0.0))
            return f"numpy.full(numpy.shape({first}), {value})" if first else value
        return self._var(self._text(form))

    # -- parts of expressions ------------------------------------------------------------
    def re(self, e) -> dict:
        return self._parts(e)[0]

    def im(self, e) -> dict:
        return self._parts(e)[1]

    def _unwrap(self, x):
        while x in self._defs:
            x = self._defs[x]
        return x

    def abs(self, x) -> dict:
        """|x| by its structure: |c x y²| = |c| |x| |y|², so that only sums need a sqrt."""
        import sympy

        x = self._unwrap(x)
        if x.is_Mul:
            out = {"": 1.0}
            for a in x.args:
                out = self._mul(out, self.abs(a))
            return out
        if x.is_Pow and x.exp.is_Integer and x.exp > 0:
            n = int(x.exp)
            out = self._power(self.abs2(x.base), n // 2)
            return self._mul(out, self.abs(x.base)) if n % 2 else out
        if isinstance(x, sympy.conjugate):
            return self.abs(x.args[0])
        if x.is_number:
            return {"": abs(complex(x))}
        if not self.im(x):
            return self._func("numpy.abs", self.re(x))
        return self._func("numpy.sqrt", self.abs2(x))

    def abs2(self, x) -> dict:
        """|x|² by its structure, (Re x)² + (Im x)² for a sum."""
        import sympy

        x = self._unwrap(x)
        if x.is_Mul:
            out = {"": 1.0}
            for a in x.args:
                out = self._mul(out, self.abs2(a))
            return out
        if x.is_Pow and x.exp.is_Integer and x.exp > 0:
            return self._power(self.abs2(x.base), int(x.exp))
        if isinstance(x, sympy.conjugate):
            return self.abs2(x.args[0])
        if x.is_number:
            return {"": abs(complex(x)) ** 2}
        r, j = self.re(x), self.im(x)
        return self._add(self._mul(r, r), self._mul(j, j))

    def _power(self, form: dict, n: int) -> dict:
        out = {"": 1.0}
        for _ in range(n):
            out = self._mul(out, form)
        return out

    def _parts(self, e) -> tuple:
        """(re, im) of ``e``, each a lazily built linear form (memoised per expression)."""
        if e in self._memo:
            return self._memo[e]
        parts = _Parts(self, e)
        self._memo[e] = parts
        return parts


class _Parts:
    """The pair (re, im) of one expression, each computed when first asked for."""

    def __init__(self, low: _RealLowering, e):
        self.low, self.e, self._done = low, e, {}

    def __getitem__(self, i: int) -> dict:
        if i not in self._done:
            self._done[i] = self.low_part(i)
        return self._done[i]

    def low_part(self, i: int) -> dict:
        import sympy

        low, e = self.low, self.e
        re, im = low.re, low.im
        if e.is_Number or e is sympy.I or (e.is_number and e.is_Atom is False):
            z = complex(e)
            return {"": z.imag if i else z.real} if (z.imag if i else z.real) else {}
        if e.is_Symbol:
            if e in low._defs:
                return low._parts(low._defs[e])[i]
            if e.name not in low.args:
                raise Unsupported(e.name)
            return {} if i else {e.name: 1.0}
        if e.is_Add:
            return low._add(*(low._parts(a)[i] for a in e.args))
        if e.is_Mul:
            coeff, rest = e.as_coeff_Mul()
            if coeff != 1:
                return low._scale(low._parts(rest)[i], float(coeff))
            exps = {a.exp if a.is_Pow else None for a in e.args}
            if len(exps) == 1 and None not in exps and exps.pop().is_Integer:
                # x² y² -> (x y)²: one complex square, and x y may be shared with other outputs
                return low._parts(
                    sympy.Pow(sympy.Mul(*(a.base for a in e.args)), e.args[0].exp, evaluate=False)
                )[i]
            first, others = e.args[0], sympy.Mul(*e.args[1:])
            # each part of a product is one variable: a later linear combination of it then costs
            # two passes, not one per pairwise product
            if i == 0:
                return low.named(
                    low._add(
                        low._mul(re(first), re(others)), low._scale(low._mul(im(first), im(others)), -1.0)
                    )
                )
            return low.named(low._add(low._mul(re(first), im(others)), low._mul(im(first), re(others))))
        if isinstance(e, sympy.conjugate):
            return low._scale(low._parts(e.args[0])[i], -1.0 if i else 1.0)
        if isinstance(e, sympy.re):
            return {} if i else re(e.args[0])
        if isinstance(e, sympy.im):
            return {} if i else im(e.args[0])
        if isinstance(e, sympy.Abs):
            return {} if i else low.abs(e.args[0])
        if e.is_Pow:
            base, exp = e.args
            if isinstance(base, sympy.Abs) and exp == 2:
                return {} if i else low.abs2(base.args[0])
            if exp == 2:
                if i == 0:
                    return low.named(
                        low._add(low._mul(re(base), re(base)), low._scale(low._mul(im(base), im(base)), -1.0))
                    )
                return low._scale(low._mul(re(base), im(base)), 2.0)
            if exp.is_Integer and exp > 2:
                return low._parts(sympy.Mul(base, sympy.Pow(base, exp - 1), evaluate=False))[i]
            if exp == -1 and im(base):  # 1/z = conj(z)/|z|²
                inverse = low._func("1.0/", low.abs2(base))
                return low._mul(low._scale(im(base), -1.0) if i else re(base), inverse)
            if exp.is_Integer and exp < -1 and im(base):
                return low._parts(sympy.Pow(sympy.Pow(base, -1, evaluate=False), -exp, evaluate=False))[i]
            if exp == sympy.Rational(1, 2) and im(base):  # principal branch, as sympy's sqrt
                r, j = low.named(re(base)), low.named(im(base))
                modulus = low._func("numpy.sqrt", low._add(low._mul(r, r), low._mul(j, j)))
                if i == 0:
                    return low._func("numpy.sqrt", low._scale(low._add(modulus, r), 0.5))
                half = low._func("numpy.sqrt", low._scale(low._add(modulus, low._scale(r, -1.0)), 0.5))
                (u, c), (v, d) = low._single(half), low._single(j)
                return {low._var(f"numpy.copysign({low._text({u: c})}, {low._text({v: d})})"): 1.0}
            if im(base):
                raise Unsupported(str(e))
            if i:
                return {}
            if exp == sympy.Rational(1, 2):
                return low._func("numpy.sqrt", re(base))
            if exp == -1:
                return low._func("1.0/", re(base))
            if exp.is_number and exp.is_real:  # a running factor (α_s ratio)^(γ/2β₀)
                u, c = low._single(re(base))
                return {low._var(f"numpy.power({low._text({u: c})}, {float(exp)!r})"): 1.0}
            raise Unsupported(str(e))
        if isinstance(e, sympy.Piecewise):
            branches = []
            for value, cond in e.args:
                text = None if cond is sympy.true else low.condition(cond)
                branches.append((text, low._parts(value)[i]))
            return low.select(branches)
        func = _real_function(e)
        if (
            func is None
            and isinstance(e, sympy.core.function.AppliedUndef)
            and e.func.__name__ in low.functions
        ):
            func = e.func.__name__  # a kernel function of a real argument (helper_source)
        if func is not None and not im(e.args[0]):
            return {} if i else low._func(func, re(e.args[0]))
        raise Unsupported(type(e).__name__)


def _real_function(e) -> str | None:
    """The numpy name of a real elementary function of one argument, None for anything else."""
    import sympy

    return {
        sympy.log: "numpy.log",
        sympy.exp: "numpy.exp",
        sympy.atan: "numpy.arctan",
        sympy.sin: "numpy.sin",
        sympy.cos: "numpy.cos",
    }.get(type(e))


def _fold(expr):
    """Fold numeric constants (π, √2, products of numbers) into floats."""
    import sympy

    expr = expr.xreplace({sympy.pi: sympy.Float(sympy.pi, 17)})
    return expr.replace(lambda e: e.is_number and not e.is_Atom, lambda e: sympy.N(e, 17))
