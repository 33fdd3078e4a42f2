"""`couchtimer activity FILE [--json]`: the real command on real recordings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.activities import ACTIVITIES, EDGE200, FENIX2_RUN, TRUNCATED_FIT
from tests.helpers.cli import couchtimer

pytestmark = pytest.mark.slow

KEYS = [
    "format",
    "device",
    "start",
    "end",
    "seconds",
    "distance_m",
    "ascent_m",
    "descent_m",
    "cadence_spm_median",
    "heart_rate_median",
    "altitude",
    "pauses",
    "laps",
    "warnings",
]
LAP_KEYS = [
    "start",
    "seconds",
    "distance_m",
    "ascent_m",
    "descent_m",
    "grade_percent",
    "cadence_spm",
    "heart_rate",
]


def test_activity_json_prints_what_the_fenix_2_run_holds(tmp_path: Path) -> None:
    done = couchtimer("activity", str(FENIX2_RUN), "--json", home=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    shown = json.loads(done.stdout)
    assert list(shown) == KEYS
    assert shown["format"] == "fit"
    assert shown["device"] == "garmin fenix2"
    assert shown["start"] == "2015-08-15T14:45:08.000000+00:00"
    assert shown["end"] == "2015-08-15T15:32:21.000000+00:00"
    assert shown["seconds"] == 2833
    assert shown["distance_m"] == 9007.1
    assert shown["cadence_spm_median"] == 166
    assert shown["heart_rate_median"] == 159
    assert shown["altitude"] == "barometric"
    assert (shown["pauses"], shown["warnings"]) == ([], [])
    assert [list(lap) for lap in shown["laps"]] == [LAP_KEYS] * 4
    first = shown["laps"][0]
    assert (first["start"], first["seconds"], first["distance_m"]) == (
        "2015-08-15T14:45:09.000000+00:00",
        270,
        848.9,
    )
    assert first["grade_percent"] == pytest.approx(-1.9, abs=0.3)
    assert not (tmp_path / "xdg_data_home" / "couchtimer").exists()  # the history untouched


def test_activity_lists_the_pauses_of_the_edge_200_ride(tmp_path: Path) -> None:
    shown = json.loads(couchtimer("activity", str(EDGE200), "--json", home=tmp_path).stdout)
    assert [p["seconds"] for p in shown["pauses"]] == [23, 11, 16, 6, 9]
    assert shown["seconds"] == 25 * 60 + 58  # the device's timer time
    assert shown["altitude"] == "gps"


def test_a_partly_damaged_file_prints_what_was_read_and_warns(tmp_path: Path) -> None:
    done = couchtimer("activity", str(TRUNCATED_FIT), home=tmp_path)
    assert done.returncode == 0
    assert (
        done.stdout.splitlines()[0] == "FIT from dynastream hrm1, started 2012-04-09 21:22:26 UTC"
    )
    assert done.stdout.splitlines()[-1] == (
        "Warning: the file was cut short (it ends in the middle of a record); kept the samples"
        " read before it"
    )
    as_json = couchtimer("activity", str(TRUNCATED_FIT), "--json", home=tmp_path)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)["warnings"] == [
        "the file was cut short (it ends in the middle of a record); kept the samples read"
        " before it"
    ]
    assert as_json.stderr.startswith("couchtimer: warning: the file was cut short")


def test_a_file_that_is_not_an_activity_exits_2_with_one_line_naming_it(tmp_path: Path) -> None:
    notice = ACTIVITIES / "SOURCES.md"
    done = couchtimer("activity", str(notice), "--json", home=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"couchtimer: {notice}: not an activity file (FIT, GPX or TCX)\n"
