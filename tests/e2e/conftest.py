"""End-to-end tests: the real ``couchtimer`` on a private X screen (tests/helpers/desktop.py).

The ``desktop`` fixture gives each test its own Xvfb screen (1366x768, or 1280x720 with
``@pytest.mark.parametrize("desktop", [SCREEN_1280], indirect=True)``), accessibility bus and
private data. Where Xvfb, xdotool, at-spi2-core or pyatspi are missing the tests are skipped,
naming what to install; under CI (which installs them through scripts/system-deps) they fail
instead, so a suite that skipped them all cannot pass. A failing test's last screen,
accessibility tree and app output go to build/e2e-artefacts/<test>/ (or
$COUCHTIMER_E2E_ARTEFACTS); the failure names the files.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import wayland
from tests.helpers.desktop import SCREEN_1366, Desktop, missing_tools
from tests.helpers.paths import ROOT

ARTEFACTS = Path(os.environ.get("COUCHTIMER_E2E_ARTEFACTS", ROOT / "build" / "e2e-artefacts"))


@functools.cache
def _missing() -> str | None:
    return missing_tools()


@pytest.fixture
def desktop(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desktop]:
    reason = _missing()
    if reason:
        if os.environ.get("CI"):  # CI installs them (scripts/system-deps): never pass by skipping
            pytest.fail(reason)
        pytest.skip(reason)
    size = getattr(request, "param", SCREEN_1366)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    desk = Desktop(tmp_path, ARTEFACTS / name, size)
    desk.start()
    request.node.e2e_desktop = desk
    try:
        yield desk
    finally:
        desk.close()


@pytest.fixture
def sway(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[wayland.Sway]:
    """A headless sway with CouchTimer's private bus and dirs (tests/helpers/wayland.py).

    Skipped, with the reason, where sway, grim or wtype are missing or the suite runs as root
    (sway refuses root); under CI, which installs them and runs the suite as a normal user,
    that fails instead."""
    reason = wayland.missing_tools()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    with wayland.Sway(tmp_path, ARTEFACTS / name) as compositor:
        yield compositor


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A test that failed on a plain assert: keep its screen too, and say where."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    desk = getattr(item, "e2e_desktop", None)
    if desk is not None and report.when == "call" and report.failed and not desk.failure_saved:
        report.sections.append(("e2e artefacts", desk.save_failure()))
