"""Shared fixtures: the bundled seed document, and the corpus when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetlib
from budgetlib.config import SEED_DOCUMENT, corpus_dir


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED_DOCUMENT


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_lines(seed_text: str) -> list[str]:
    """The seed's lines, numbered from 1 (index 0 is a placeholder)."""
    return ["", *seed_text.splitlines()]


@pytest.fixture(scope="session")
def doc(seed_path: Path) -> budgetlib.BudgetDocument:
    return budgetlib.read_budget(seed_path)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The folder of real PDFs (``BUDGETLIB_CORPUS`` or ../shared/corpus); skip without it."""
    folder = corpus_dir()
    if not folder.is_dir():
        pytest.skip(f"corpus not found at {folder}")
    return folder


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Tests never read or write the user's document cache."""
    import os

    os.environ["BUDGETLIB_CACHE"] = str(tmp_path_factory.mktemp("cache"))
