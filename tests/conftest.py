"""Shared fixtures. Qt runs offscreen in tests; fakes come from tests/helpers/stubs.py."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# `make mutate` runs the core tests under heavy load, where a per-example deadline would fail
# tests that pass (scripts/mutation.py selects this profile).
settings.register_profile("mutation", deadline=None)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the real user's data, settings or logs: every XDG dir points into a private tmp dir.
_HOME = Path(tempfile.mkdtemp(prefix="couchtimer-tests-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_HOME / _name.lower())
os.environ["XDG_RUNTIME_DIR"] = str(_HOME / "runtime")
(_HOME / "runtime").mkdir(mode=0o700)

from tests.helpers.alsa import AlsaCapture, AlsaFifo, no_device_config  # noqa: E402
from tests.helpers.stubs import FakeClock  # noqa: E402  (after the environment is set)

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked root are skipped, saying how to run them, for anyone but root (`make test`
    leaves them out anyway; `make test-root` runs them as root, and CI does). Under CI nothing is
    skipped: a root test run there without root fails instead of passing by skipping."""
    if os.geteuid() == 0 or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="needs root: `make test-root` runs it as root (CI does)")
    for item in items:
        if item.get_closest_marker("root") is not None:
            item.add_marker(skip)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir() -> Path:
    return ROOT / "tests" / "data"


@pytest.fixture
def alsa_capture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AlsaCapture:
    """ALSA's default device writes each played stream to a file in tmp_path (see DESIGN.md)."""
    capture = AlsaCapture(tmp_path / "alsa")
    monkeypatch.setenv("ALSA_CONFIG_PATH", capture.config_path)
    return capture


@pytest.fixture
def alsa_fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AlsaFifo]:
    """ALSA's default device written to a FIFO whose arrivals are timestamped (tests/helpers/alsa)."""
    fifo = AlsaFifo(tmp_path / "alsa")
    monkeypatch.setenv("ALSA_CONFIG_PATH", fifo.config_path)
    yield fifo
    fifo.close()


@pytest.fixture
def no_sound_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """ALSA's default device is a card that does not exist."""
    config = no_device_config(tmp_path)
    monkeypatch.setenv("ALSA_CONFIG_PATH", config)
    return config
