"""The architecture: layers that import only downwards, no import cycles, no private names across modules.

The layer contracts live in pyproject.toml ([tool.importlinter]) and are checked with
import-linter, which sees imports inside functions too.  Private names and cycles between
modules are checked here from the source with ast.
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lqmodel"


def _module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports() -> dict[str, list[tuple[str, tuple[str, ...], int]]]:
    """module -> [(imported module, imported names, line)] for every import, nested ones included."""
    out: dict[str, list] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = []
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found += [(a.name, (), node.lineno) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append((base, tuple(a.name for a in node.names), node.lineno))
        out[name] = found
    return out


def _resolve(target: str, names: tuple[str, ...], modules: set[str]) -> list[str]:
    """The lqmodel modules an import statement loads (``from pkg import module`` counts the module)."""
    hits = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
    if target in modules:
        hits.append(target)
    return hits


class TestLayers:
    def test_import_linter_contracts(self):
        """import-linter keeps every contract: layers point down, observables know nothing of models,
        the numeric layer nothing of the command line."""
        pytest.importorskip("importlinter")
        exe = pathlib.Path(sys.executable).with_name("lint-imports")
        r = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stdout[-3000:]
        assert "BROKEN" not in r.stdout

    def test_no_private_names_across_modules(self):
        """No module imports another module's private (underscore) name."""
        offences = []
        for module, imports in _imports().items():
            for target, names, line in imports:
                if not target.startswith("lqmodel") or target == module:
                    continue
                for n in names:
                    if n.startswith("_") and not n.startswith("__"):
                        offences.append(f"{module}:{line} imports {n} from {target}")
        assert offences == []

    def test_no_import_cycles(self):
        """The graph of imports between lqmodel's modules (nested imports included) has no cycle."""
        graph = _imports()
        modules = set(graph)
        edges = {m: set() for m in modules}
        for module, imports in graph.items():
            for target, names, _ in imports:
                if target.startswith("lqmodel"):
                    for hit in _resolve(target, names, modules):
                        if hit != module and not module.startswith(hit + ".") and hit != "lqmodel":
                            edges[module].add(hit)
        cycles = _cycles(edges)
        assert cycles == []

    def test_every_layer_is_a_package(self):
        """The seven layers exist as packages, and no module sits beside them at the top."""
        layers = {"core", "symbols", "model", "physics", "observables", "numeric", "faces"}
        assert layers <= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
        loose = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py"}
        assert loose == set()


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out
