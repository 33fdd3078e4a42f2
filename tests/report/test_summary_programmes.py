"""Page 1 names the programmes the runs followed: a shipped one by its name, a runner's own file
by its id, each once and sorted; the shipped programmes are read once for all of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import couchtimer.programmes
from couchtimer.core.demo import make_run
from couchtimer.core.programme import Programme
from couchtimer.programmes import resolve_programme
from couchtimer.report.html_pages import summary_html

START = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def test_each_programme_named_once_from_one_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    workout = resolve_programme("nhs-c25k").workout(1, 1)
    ids = ("nhs-c25k", "zz-hills", "nhs-c25k", "a-plan", "zz-hills")
    runs = [
        make_run(i, programme, workout, START + timedelta(days=2 * i))
        for i, programme in enumerate(ids, start=1)
    ]
    readings = []
    shipped = couchtimer.programmes.shipped_programmes

    def counted() -> list[Programme]:
        readings.append(1)
        return shipped()

    monkeypatch.setattr(couchtimer.programmes, "shipped_programmes", counted)
    page = summary_html(runs, None, None, START + timedelta(days=20))
    assert "<td>Programme</td><td>NHS Couch to 5K, a-plan, zz-hills</td>" in page
    assert readings == [1]
