"""The code is ruff-clean and ruff-formatted (the project's style), checked in every test run."""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PATHS = ["lqmodel", "tests", "bench", "models", "tools"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    exe = pathlib.Path(sys.executable).with_name("ruff")
    if not exe.exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return subprocess.run([str(exe), *args, *PATHS], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_check():
    """ruff check finds nothing."""
    r = ruff("check", "--output-format", "concise")
    assert r.returncode == 0, r.stdout[-3000:]


def test_ruff_format():
    """ruff format would change nothing."""
    r = ruff("format", "--check")
    assert r.returncode == 0, r.stdout[-3000:]
