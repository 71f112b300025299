"""The package itself: a cheap import and an explicit public API."""

import subprocess
import sys

import lqmodel


class TestImport:
    def test_import_is_cheap(self):
        """`import lqmodel` loads none of sympy, pint, numpy or matplotlib."""
        code = ("import sys, lqmodel; "
                "print(sorted(m for m in ('sympy', 'pint', 'numpy', 'matplotlib') if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]"

    def test_every_export_resolves(self):
        """Each name in __all__ is importable from the package."""
        for name in lqmodel.__all__:
            assert getattr(lqmodel, name) is not None, name
