"""The three readers on real recordings (tests/data/activities/SOURCES.md): what each file holds."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime
from pathlib import Path

import pytest

from couchtimer.core.errors import ActivityError
from couchtimer.core.track import Altitude
from couchtimer.formats import MAX_BYTES, parse_activity, read_activity
from tests.helpers.activities import (
    EDGE200,
    FENIX2_RUN,
    FENIX5_WALK,
    MULTI_TRACK_GPX,
    SKI_TCX,
    SUUNTO_GPX,
    TEN_K_FIT,
    TEN_K_TCX,
    TRUNCATED_FIT,
    track,
)


def _timer_events(path: Path) -> list[str]:
    """The event types of the file's timer events, read with fitdecode alone (not our reader)."""
    import fitdecode

    with fitdecode.FitReader(path) as reader:
        return [
            str(frame.get_value("event_type"))
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage)
            and frame.name == "event"
            and frame.get_value("event") == "timer"
        ]


def _median_cadence(path: Path) -> float:
    return statistics.median(
        p.cadence_spm for p in track(path).points if p.cadence_spm is not None and p.cadence_spm > 0
    )


def test_the_fenix_2_run_reads_with_device_times_heart_rate_and_steps_per_minute() -> None:
    run = track(FENIX2_RUN)
    assert (run.format, run.device, run.altitude) == ("fit", "garmin fenix2", Altitude.BAROMETRIC)
    assert len(run.points) == 2809
    assert run.start == datetime(2015, 8, 15, 14, 45, 8, tzinfo=UTC)
    assert run.end == datetime(2015, 8, 15, 15, 32, 21, tzinfo=UTC)
    assert run.points[-1].distance_m == pytest.approx(9007.07)
    # FIT stores strides of one foot (median 83): steps per minute are twice that
    assert _median_cadence(FENIX2_RUN) == 166
    assert statistics.median(p.heart_rate for p in run.points if p.heart_rate) == 159
    assert [lap.distance_m for lap in run.laps] == [848.94, 2987.88, 2978.79, 2192.61]
    assert (run.pauses, run.warnings, run.cut_short) == ((), (), False)
    first = run.points[0].position
    assert first is not None
    assert first == (703410450 * 180 / 2**31, 68347712 * 180 / 2**31)  # semicircles


def test_the_fenix_5_walk_has_fractional_cadence_at_about_122_steps_a_minute() -> None:
    walk = track(FENIX5_WALK)
    assert _median_cadence(FENIX5_WALK) == pytest.approx(122, abs=2)
    fractions = {p.cadence_spm % 2 for p in walk.points if p.cadence_spm}
    assert fractions != {0.0}  # the half strides of fractional_cadence are kept
    assert walk.device == "garmin fenix5"


def test_the_edge_200_ride_has_its_five_auto_pauses_and_no_records_inside_them() -> None:
    """Issue 15 says "7 pauses": the file has 7 timer stops, but only 5 are pauses. Each of
    the 5 is followed by a start (65 s in all, exactly 27:03 elapsed less 25:58 timer); the
    last two stops end the ride (auto-stop at 16:10:18, then the stop button at 16:10:36)."""
    ride = track(EDGE200)
    assert _timer_events(EDGE200).count("stop_all") == 7
    assert _timer_events(EDGE200)[-2:] == ["stop_all", "stop_all"]  # no start after them
    assert [p.seconds for p in ride.pauses] == [23, 11, 16, 6, 9]
    assert sum(p.seconds for p in ride.pauses) == (27 * 60 + 3) - (25 * 60 + 58)
    for pause in ride.pauses:
        assert not [p for p in ride.points if pause.start < p.time < pause.end]
    assert ride.altitude is Altitude.GPS  # the Edge 200 has no barometer


def test_the_fit_and_tcx_copies_of_one_10k_race_agree_lap_by_lap() -> None:
    fit, tcx = track(TEN_K_FIT), track(TEN_K_TCX)
    assert (fit.format, tcx.format) == ("fit", "tcx")
    assert tcx.device == "Forerunner 15"
    assert len(fit.laps) == len(tcx.laps) == 11
    for from_fit, from_tcx in zip(fit.laps, tcx.laps, strict=True):
        assert from_fit.start == from_tcx.start
        assert from_fit.distance_m == pytest.approx(from_tcx.distance_m, rel=0.01)
    assert [p.time for p in fit.points] == [p.time for p in tcx.points]
    assert fit.points[-1].distance_m == pytest.approx(tcx.points[-1].distance_m, rel=1e-6)
    assert fit.altitude is tcx.altitude is Altitude.NONE


def test_tcx_run_cadence_is_doubled_and_times_ending_in_z_are_utc() -> None:
    ski = track(SKI_TCX)
    assert ski.start == datetime(2020, 12, 26, 15, 14, 21, tzinfo=UTC)
    assert _median_cadence(SKI_TCX) == 90  # RunCadence 45 strides of one foot
    assert ski.device == "vívoactive HR"
    assert statistics.median(p.heart_rate for p in ski.points if p.heart_rate) == 143


def test_a_gpx_with_fractional_second_times_sums_its_distance_from_positions() -> None:
    move = track(SUUNTO_GPX)
    assert move.start == datetime(2014, 1, 16, 18, 48, 44, 340000, tzinfo=UTC)
    assert len(move.points) == 669
    assert move.points[-1].distance_m == pytest.approx(8541.3, abs=0.5)
    assert move.device == "Movescount - http://www.movescount.com"


def test_a_multi_track_gpx_keeps_its_gaps_and_counts_no_distance_across_tracks() -> None:
    hike = track(MULTI_TRACK_GPX)
    # 4 tracks: one empty, one whose 358 points have no time, then two timed ones
    assert hike.warnings == ("358 points without a time were left out",)
    assert len(hike.points) == 513
    # the logger's own jumps (12, 17 and 34 minutes) and the gap between the two tracks (288 s)
    assert [p.seconds for p in hike.pauses] == [723, 288, 999, 2041]
    between = hike.pauses[1]
    before = [p for p in hike.points if p.time <= between.start][-1]
    after = next(p for p in hike.points if p.time >= between.end)
    assert after.distance_m == before.distance_m  # nothing counted across the gap
    assert hike.start == datetime(2010, 10, 3, 9, 36, 30, tzinfo=UTC)


def test_a_truncated_fit_keeps_the_records_before_the_cut_and_says_so() -> None:
    cut = track(TRUNCATED_FIT)
    assert cut.cut_short
    assert len(cut.points) == 14
    assert cut.warnings == (
        "the file was cut short (it ends in the middle of a record); kept the samples read"
        " before it",
    )


def test_a_tcx_cut_off_mid_way_keeps_the_points_before_the_cut() -> None:
    data = TEN_K_TCX.read_bytes()
    cut = parse_activity(data[: len(data) // 2], "half.tcx")
    assert cut.cut_short
    assert 300 < len(cut.points) < 686
    assert cut.warnings[0].startswith("the file was cut short (XML error at line ")


def test_a_gpx_cut_off_mid_way_keeps_the_points_before_the_cut() -> None:
    data = SUUNTO_GPX.read_bytes()
    cut = parse_activity(data[: len(data) // 2], "half.gpx")
    assert cut.cut_short
    assert 300 < len(cut.points) < 669
    assert cut.points[0].time == track(SUUNTO_GPX).points[0].time


def _gpx(points: str, extensions: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test"'
        ' xmlns="http://www.topografix.com/GPX/1/1"'
        ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def _trkpt(second: int, cadence: int, heart: int, latitude: float = 51.5) -> str:
    return (
        f'<trkpt lat="{latitude}" lon="-0.1"><ele>10</ele>'
        f"<time>2025-05-01T07:00:{second:02d}Z</time><extensions><gpxtpx:TrackPointExtension>"
        f"<gpxtpx:hr>{heart}</gpxtpx:hr><gpxtpx:cad>{cadence}</gpxtpx:cad>"
        "</gpxtpx:TrackPointExtension></extensions></trkpt>"
    )


def test_gpx_cadence_is_doubled_and_a_heart_rate_of_0_or_255_is_no_reading() -> None:
    data = _gpx(_trkpt(0, 80, 0) + _trkpt(1, 82, 255) + _trkpt(2, 84, 150, 51.5001))
    read = parse_activity(data, "x.gpx")
    assert [p.cadence_spm for p in read.points] == [160, 164, 168]
    assert [p.heart_rate for p in read.points] == [None, None, 150]
    assert read.points[2].distance_m == pytest.approx(11.12, abs=0.01)


def test_gpx_cadence_a_writer_already_doubled_is_left_as_it_is_with_a_warning() -> None:
    data = _gpx("".join(_trkpt(s, 170, 150) for s in range(3)))
    read = parse_activity(data, "x.gpx")
    assert [p.cadence_spm for p in read.points] == [170, 170, 170]
    assert read.warnings == ("cadence 170 looks like steps per minute already; not doubled",)


def test_points_going_back_in_time_are_left_out_and_counted() -> None:
    data = _gpx(_trkpt(5, 80, 150) + _trkpt(3, 80, 150) + _trkpt(6, 80, 150))
    read = parse_activity(data, "x.gpx")
    assert [p.time.second for p in read.points] == [5, 6]
    assert read.warnings == ("1 samples went back in time and were left out",)


def test_an_xml_file_with_a_dtd_is_refused_before_parsing() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>&a;</gpx>'
    with pytest.raises(ActivityError, match=r"^bomb.gpx: declares a DTD or entities"):
        parse_activity(bomb, "bomb.gpx")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"hello, not a run", "notes.txt", "notes.txt: not an activity file (FIT, GPX or TCX)"),
        (b"", "empty.fit", "empty.fit: not an activity (no samples with a time in this FIT file"),
        (
            _gpx(""),
            "empty.gpx",
            "empty.gpx: not an activity (no samples with a time in this GPX file)",
        ),
    ],
)
def test_a_file_that_is_not_an_activity_is_one_clear_error_naming_it(
    content: bytes, name: str, message: str
) -> None:
    with pytest.raises(ActivityError) as caught:
        parse_activity(content, name)
    assert str(caught.value).startswith(message)


def test_a_folder_a_missing_file_and_a_huge_file_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ActivityError, match="not a file"):
        read_activity(tmp_path)
    with pytest.raises(ActivityError, match=r"gone.fit: cannot be read \(No such file"):
        read_activity(tmp_path / "gone.fit")
    huge = tmp_path / "huge.gpx"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ActivityError, match="larger than any activity file"):
        read_activity(huge)


def test_a_fit_file_whose_checksum_does_not_match_is_read_with_a_warning() -> None:
    data = bytearray(FENIX5_WALK.read_bytes())
    data[400] ^= 0x01  # one bit inside a record
    read = parse_activity(bytes(data), "flipped.fit")
    assert len(read.points) == 17
    assert read.warnings == ("the file's checksum does not match: some values may be damaged",)
    assert parse_activity(FENIX5_WALK.read_bytes(), "walk.fit").warnings == ()


def test_the_fit_checksum_is_crc_16_arc_and_a_header_alone_is_not_an_activity() -> None:
    from couchtimer.formats.fit import crc16

    assert crc16(b"123456789") == 0xBB3D  # CRC-16/ARC's published check value
    header_only = FENIX5_WALK.read_bytes()[:14]
    with pytest.raises(ActivityError, match=r"^header.fit: not an activity \(no samples"):
        parse_activity(header_only, "header.fit")
