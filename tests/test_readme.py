"""The README's two fresh-machine commands stay true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text())[:2]


class TestReadme:
    def test_first_command_installs_and_runs_the_main_job(self):
        """The first command installs the package and runs its main job, `lqmodel reproduce`."""
        first = readme_commands()[0]
        assert "pip install" in first and first.endswith("lqmodel reproduce")

    def test_ci_runs_the_test_command_verbatim(self):
        """.ci/run runs the README's test command, character for character."""
        second = readme_commands()[1]
        assert "pytest" in second
        assert second in (ROOT / ".ci" / "run").read_text().splitlines()

    def test_python_example_runs(self):
        """The README's Python example (a user's S3 model) runs and gives numbers."""
        blocks = re.findall(r"```python\n(.+?)\n```", (ROOT / "README.md").read_text(), re.S)
        assert blocks
        namespace: dict = {}
        exec(compile(blocks[0], "README.md", "exec"), namespace)
        r = namespace["r"]
        assert 0 < r.observables["R_nu"] < 10 and "BR(B+->KZp)" in r.excluded
