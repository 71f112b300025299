"""Write lqmodel/core/data/derivations.json: the model-independent symbolic derivations lqmodel makes.

Run: python tools/derive.py   (about a minute).  It compiles the kernels of the paper's model and of
S1, S3, R2, R̃2 written as users would (tests/test_kinds.py) in an empty cache, then collects every
derivation they made (lqmodel.core.cache.derivation).  tests/test_cache.py derives each shipped
entry again and compares, so a stale file fails the tests instead of serving a wrong result.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LQMODEL_CACHE"] = tmp
        sys.path.insert(0, str(ROOT / "tests"))
        from test_kinds import HEAD, KINDS

        from lqmodel import Study, load_model
        from lqmodel.core import cache

        out = ROOT / "lqmodel" / "core" / "data" / cache.SHIPPED
        if out.exists():
            out.unlink()  # derive everything afresh, not from the old file
        cache.shipped.cache_clear()
        models = [load_model("s1_lmu_ltau"), load_model("s1_lmu_ltau_mu"), load_model("r2tilde")]
        for name, (text, _) in KINDS.items():
            path = Path(tmp) / f"{name}.py"
            path.write_text(HEAD + text)
            models.append(load_model(str(path)))
        for model in models:
            Study(model).kernel(use_cache=False)
            Study(model, form="paper").kernel(use_cache=False)
        entries = {}
        for f in sorted(Path(tmp, "derivations").rglob("*.json")):
            entries[f.stem] = json.loads(f.read_text())
        out.write_text(json.dumps(entries, indent=1, sort_keys=True) + "\n")
        print(f"{len(entries)} derivations written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
