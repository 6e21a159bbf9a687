"""Loading a module of the top-level ``bench/`` folder (not a package) in tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any


def load_bench(name: str) -> Any:
    """A module of the top-level ``bench/`` folder (not a package)."""
    where = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", where)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
