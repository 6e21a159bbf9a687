"""Keep the developer's own settings and data out of every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmodules import load_bench


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every platformdirs folder and $INNERCHILD_DB at a fresh temp dir."""
    home = tmp_path / "home"
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / folder).mkdir(parents=True)
        monkeypatch.setenv(variable, str(home / folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("INNERCHILD_DB", raising=False)
    yield home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's data file lives (not created yet)."""
    folder = tmp_path / "sync"
    folder.mkdir()
    return folder / "innerchild.json"


@pytest.fixture(scope="session")
def ten_year_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ten-year data file (bench/generate.py), made once per test session.

    Read-only for tests: copy it (:func:`ten_year_copy`) before writing to it.
    """
    folder = tmp_path_factory.mktemp("ten-years")
    path = folder / "innerchild.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(folder / "state"))
        patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        load_bench("generate").generate(path, years=10, seed=0)
    path.chmod(0o400)
    return path


@pytest.fixture
def ten_year_copy(ten_year_file: Path, db_path: Path) -> Path:
    """A writable copy of the ten-year file at ``db_path``."""
    db_path.write_bytes(ten_year_file.read_bytes())
    db_path.chmod(0o600)
    return db_path
