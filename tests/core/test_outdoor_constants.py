"""The outdoor thresholds by their values, not by their names (issue 23: a test that uses the
constant moves with it, so a changed threshold would pass)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from couchtimer.core.activity import cadence_factor
from couchtimer.core.terrain import profile
from couchtimer.core.track import Altitude, Track, TrackPoint

T0 = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)


def test_a_cadence_of_115_is_strides_and_116_steps_already() -> None:
    assert cadence_factor([115, 115], [])[0] == 2
    assert cadence_factor([116, 116], [])[0] == 1


def test_2_2_metres_a_second_is_running_speed() -> None:
    """7:35 min/km: 100 "strides" at 2.2 m/s are a run's 200 spm, at 2.19 a walk's steps."""
    assert cadence_factor([100], [2.2])[0] == 2
    assert cadence_factor([100], [2.19])[0] == 1


def _profile(spacing: float, elevations: list[float]) -> tuple[float | None, ...]:
    track = Track(
        "fit",
        "x",
        Altitude.BAROMETRIC,
        tuple(
            TrackPoint(T0 + timedelta(seconds=i), i * spacing, e) for i, e in enumerate(elevations)
        ),
    )
    return profile(track).elevation


def test_a_glitch_of_4_samples_is_removed_and_one_of_5_is_not() -> None:
    """DESPIKE_SAMPLES 4: a running median over 9 samples (100 m apart: no smoothing between)."""
    flat = [50.0] * 8
    assert set(_profile(100.0, [*flat, *[140.0] * 4, *flat])) == {50.0}
    assert 140.0 in _profile(100.0, [*flat, *[140.0] * 5, *flat])


def test_smoothing_reaches_25_metres_either_side() -> None:
    """SMOOTH_METRES 50: samples 25 m apart are averaged with their neighbours, 27.5 m apart not."""
    step = [0.0] * 6 + [12.0] * 6
    assert _profile(25.0, step)[5:7] == (4.0, 8.0)
    assert _profile(27.5, step)[5:7] == (0.0, 12.0)


def test_the_fine_alignment_searches_three_minutes_either_way() -> None:
    """Issue 15: "then search ±3 min for a fine offset" (beyond it, the runner's nudge)."""
    import inspect

    from couchtimer.core.alignment import align

    assert inspect.signature(align).parameters["search"].default == (-180, 180)
