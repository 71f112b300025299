"""The package itself: a cheap import and an explicit public API."""

import subprocess
import sys

import lqmodel


class TestImport:
    def test_import_is_cheap(self):
        """`import lqmodel` loads none of sympy, pint, numpy or matplotlib."""
        code = (
            "import sys, lqmodel; "
            "print(sorted(m for m in ('sympy', 'pint', 'numpy', 'matplotlib') if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]"

    def test_every_export_resolves(self):
        """Each name in __all__ is importable from the package."""
        for name in lqmodel.__all__:
            assert getattr(lqmodel, name) is not None, name

    def test_loading_a_model_needs_no_sympy(self):
        """Building and checking a model (gauge checks, removals) runs without importing sympy."""
        code = (
            "import sys; from lqmodel import load_model; m = load_model('s1_lmu_ltau'); "
            "print(len(m.removed), 'sympy' in sys.modules)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.split() == ["12", "False"]
