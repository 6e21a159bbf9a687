"""The layers stay apart: domain is pure, the store knows no UI, widgets touch no files.

Read with ``ast`` (nothing is imported), so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import innerchild_tui

PACKAGE = Path(innerchild_tui.__file__).parent

# Pure code may compute, not reach the world: no UI, no database, no files, no network.
DOMAIN_FORBIDDEN = (
    "textual",
    "rich",
    "tinydb",
    "platformdirs",
    "watchfiles",
    "innerchild_tui.store",
    "innerchild_tui.app",
    "innerchild_tui.cli",
    "innerchild_tui.config",
    "innerchild_tui.paths",
    "os",
    "io",
    "sys",
    "pathlib",
    "shutil",
    "tempfile",
    "glob",
    "fcntl",
    "mmap",
    "sqlite3",
    "socket",
    "subprocess",
    "threading",
    "multiprocessing",
    "asyncio",
    "urllib",
    "http",
    "logging",
    "importlib",
    "builtins",
)
STORE_FORBIDDEN = ("textual", "rich", "innerchild_tui.app", "innerchild_tui.cli")
# The importers read other apps' files into plain records; writing is the store's work.
IMPORTS_FORBIDDEN = (
    "textual", "rich", "tinydb", "innerchild_tui.store", "innerchild_tui.app",
    "innerchild_tui.cli",
)  # fmt: skip
WIDGETS_FORBIDDEN = ("tinydb", "innerchild_tui.store.storage", "sqlite3", "shutil", "tempfile")

FILE_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes"}
DOMAIN_CALLS = FILE_CALLS | {"print", "input", "__import__", "exec", "eval"}
# The one module that compiles code, and only its own: each record rule's test is a
# Python expression written in validate.py, compiled once into the rule's check and into
# its table's quick loop (as dataclasses writes its methods). Nothing read is compiled:
# test_record_rules.py::test_rules_compile_only_their_own_text holds that.
DOMAIN_COMPILES = {"validate.py": {"exec", "eval"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module name an ``import`` statement names, relative ones resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                keep = len(base) - node.level + (1 if is_package else 0)
                prefix = ".".join(base[:keep])
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def calls(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """The name of every function or method called: ``open(…)``, ``path.read_text(…)``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                yield node.func.id, node.lineno
            elif isinstance(node.func, ast.Attribute):
                yield node.func.attr, node.lineno


def violations(
    source: str, module: str, forbidden: tuple[str, ...], banned_calls: set[str], is_package: bool
) -> list[str]:
    tree = ast.parse(source)
    found = [
        f"imports {name}"
        for name in sorted(set(imports(tree, module, is_package)))
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    ]
    found += [
        f"calls {name}() on line {line}" for name, line in calls(tree) if name in banned_calls
    ]
    return found


def modules_under(folder: str) -> list[Path]:
    found = sorted((PACKAGE / folder).rglob("*.py"))
    assert found, f"no modules under {folder}"
    return found


def check(path: Path, forbidden: tuple[str, ...], banned_calls: set[str]) -> list[str]:
    return violations(
        path.read_text(encoding="utf-8"),
        module_name(path),
        forbidden,
        banned_calls,
        path.name == "__init__.py",
    )


@pytest.mark.parametrize("path", modules_under("domain"), ids=lambda p: p.name)
def test_domain_is_pure(path: Path) -> None:
    assert check(path, DOMAIN_FORBIDDEN, DOMAIN_CALLS - DOMAIN_COMPILES.get(path.name, set())) == []


@pytest.mark.parametrize("path", modules_under("store"), ids=lambda p: p.name)
def test_store_knows_no_ui(path: Path) -> None:
    assert check(path, STORE_FORBIDDEN, set()) == []


@pytest.mark.parametrize("path", modules_under("imports"), ids=lambda p: p.name)
def test_importers_only_read(path: Path) -> None:
    assert check(path, IMPORTS_FORBIDDEN, {"write_text", "write_bytes"}) == []


@pytest.mark.parametrize("path", modules_under("app/widgets"), ids=lambda p: p.name)
def test_widgets_never_touch_files(path: Path) -> None:
    assert check(path, WIDGETS_FORBIDDEN, FILE_CALLS) == []


# The guard itself must bite -------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import tinydb", "imports tinydb"),
        ("from tinydb.table import Table", "imports tinydb.table"),
        ("import os.path", "imports os.path"),
        ("from textual import on", "imports textual"),
        ("from ..store import Store", "imports innerchild_tui.store"),
        ("from .. import store", "imports innerchild_tui.store"),
        ("from innerchild_tui import cli", "imports innerchild_tui.cli"),
        ("def later():\n    import pathlib", "imports pathlib"),
        ("data = open('x').read()", "calls open() on line 1"),
        ("text = Path('x').read_text()", "calls read_text() on line 1"),
        ("Path('x').write_bytes(b'')", "calls write_bytes() on line 1"),
    ],
)
def test_the_guard_notices(source: str, expected: str) -> None:
    found = violations(
        source, "innerchild_tui.domain.example", DOMAIN_FORBIDDEN, DOMAIN_CALLS, False
    )
    assert expected in found


def test_the_guard_lets_pure_code_through() -> None:
    source = "from datetime import date\nimport pendulum\nfrom .text import clean_name\n"
    assert (
        violations(source, "innerchild_tui.domain.x", DOMAIN_FORBIDDEN, DOMAIN_CALLS, False) == []
    )


def test_module_names() -> None:
    assert module_name(PACKAGE / "domain" / "days.py") == "innerchild_tui.domain.days"
    assert module_name(PACKAGE / "store" / "__init__.py") == "innerchild_tui.store"
