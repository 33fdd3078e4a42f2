"""Shared fixtures. Qt runs offscreen in tests; fakes come from tests/helpers/stubs.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers.stubs import FakeClock

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir() -> Path:
    return ROOT / "tests" / "data"
