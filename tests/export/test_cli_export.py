"""``couchtimer export-audio`` and ``couchtimer export-workout``, run as a runner runs them."""

from __future__ import annotations

import io
from pathlib import Path

import fitdecode
import soundfile

from couchtimer.audio.wavs import SAMPLE_RATE
from tests.helpers.cli import couchtimer
from tests.helpers.paths import CUSTOM_PROGRAMME


def test_export_audio_writes_the_workout_as_one_ogg_file(tmp_path: Path) -> None:
    """The user's own 25-second W1R1 (4 s warm-up, 2 x (5 s run, 4 s walk), 3 s cool-down)."""
    out = tmp_path / "quick.ogg"
    result = couchtimer(
        "export-audio", "W1R1", "--programme", str(CUSTOM_PROGRAMME), "-o", str(out),
        home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Wrote {out}: 0:25 of audio with 41 cues (week 1, run 1 of Quick test).\n"
    )
    info = soundfile.info(out)
    assert (info.format, info.samplerate, info.channels) == ("OGG", SAMPLE_RATE, 1)
    assert soundfile.read(out)[0].shape == (25 * SAMPLE_RATE,)


def test_export_audio_takes_the_cue_options_of_a_run(tmp_path: Path) -> None:
    """--cues tones: the chimes and pips only."""
    out = tmp_path / "quick.wav"
    result = couchtimer(
        "export-audio", "W1R1", "--programme", str(CUSTOM_PROGRAMME), "-o", str(out),
        "--cues", "tones", home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # 6 chimes and 17 pips (3 before each end, 2 in the 3-s cool-down); the finish falls due at
    # the very end of the track, so it is not in it.
    assert "with 23 cues" in result.stdout


def test_export_audio_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    bad = couchtimer("export-audio", "W1R1", "-o", str(tmp_path / "a.aac"), home=tmp_path)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == (
        f"couchtimer: {tmp_path / 'a.aac'}: CouchTimer writes audio as .wav, .flac, .ogg, .mp3; "
        "end the file name with one of them\n"
    )
    music = tmp_path / "song.mp3"
    music.write_text("not music")
    bad = couchtimer(
        "export-audio", "W1R1", "-o", str(tmp_path / "a.ogg"), "--music", str(music),
        home=tmp_path,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"couchtimer: {music}: not a music file CouchTimer can read")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["song.mp3"]


def test_export_workout_writes_a_fit_workout_and_says_where_it_goes(tmp_path: Path) -> None:
    out = tmp_path / "W4R1.fit"
    result = couchtimer("export-workout", "W4R1", "-o", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Wrote {out}: 9 steps, 31:30 (week 4, run 1 of NHS Couch to 5K).\n"
        "Connect the watch by USB and copy the file into its GARMIN/NewFiles folder; the watch "
        "lists it with its workouts (on a Garmin: Training > Workouts).\n"
    )
    with fitdecode.FitReader(io.BytesIO(out.read_bytes())) as reader:
        steps = [
            (frame.get_value("intensity"), frame.get_value("duration_time"))
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step"
        ]
    assert steps == [
        ("warmup", 300.0), ("active", 180.0), ("rest", 90.0), ("active", 300.0), ("rest", 150.0),
        ("active", 180.0), ("rest", 90.0), ("active", 300.0), ("cooldown", 300.0),
    ]  # fmt: skip


def test_export_workout_names_a_missing_workout(tmp_path: Path) -> None:
    result = couchtimer("export-workout", "W12R1", "-o", str(tmp_path / "x.fit"), home=tmp_path)
    assert result.returncode == 2
    assert "has no week 12 run 1" in result.stderr
    assert list(tmp_path.glob("*.fit")) == []
