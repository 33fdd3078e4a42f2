"""`couchtimer run --terminal` and `couchtimer doctor`, end to end, with ALSA routed to files."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from couchtimer import cli, resources
from couchtimer.audio import load_cues
from couchtimer.cli import options
from couchtimer.clock import ScaledClock, SystemClock
from couchtimer.core.errors import SettingsError
from tests.helpers.alsa import AlsaCapture
from tests.helpers.cli import couchtimer
from tests.helpers.flac import write_flac
from tests.helpers.stubs import FakeClock

ROOT = Path(__file__).resolve().parents[2]
TINY = str(ROOT / "tests" / "data" / "programmes" / "tiny.toml")


@pytest.mark.slow
def test_terminal_run_plays_the_cues_through_alsa(alsa_capture: AlsaCapture) -> None:
    """A whole 10 s workout at --speed 10: every chime and word reaches the device, in order."""
    done = couchtimer(
        "run", "W1R1", "--programme", TINY, "--terminal", "--speed", "10", env=alsa_capture.env()
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[:5] == [
        "Tiny: week 1, run 1 (0:10)",
        "Keys: space pause/resume · n skip · b back · p pain now (then 1-9, 0 = 10) · q quit",
        "   0:00  Warm-up for 0:03",
        "   0:03  Run for 0:04",
        "   0:07  Cool-down for 0:03",
    ]
    assert "  W1R1: completed\n" in done.stdout
    sounds = {
        cue: sound.scaled(0.8).frames for cue, sound in load_cues(resources.cues_dir()).items()
    }
    played = alsa_capture.identify(sounds)
    assert played[:2] == ["probe", "tone-walk"]
    assert played[-2:] == ["tone-finish", "say-complete"]
    assert [cue for cue in played if cue.startswith("tone-")] == [
        "tone-walk",
        *["tone-pip"] * 2,  # a 3 s segment counts down from 2
        "tone-run",
        *["tone-pip"] * 3,
        "tone-walk",
        *["tone-pip"] * 2,
        "tone-finish",
    ]


@pytest.mark.slow
def test_terminal_run_honours_the_saved_settings(alsa_capture: AlsaCapture, tmp_path: Path) -> None:
    """Issue 12, defect 15: tones only and no countdown, as saved in the app's Settings dialog
    (written by the app's own SettingsStore): the terminal run says no word and plays no pip."""
    from couchtimer.ui.settings_store import SettingsStore

    config = tmp_path / "config"
    store = SettingsStore(config / "couchtimer" / "settings.ini")
    store.save(store.values() | {"cue_mode": "tones", "countdown": False})
    env = {**alsa_capture.env(), "XDG_CONFIG_HOME": str(config)}
    done = couchtimer("run", "W1R1", "--programme", TINY, "--terminal", "--speed", "10", env=env)
    assert done.returncode == 0, done.stderr
    sounds = {
        cue: sound.scaled(0.8).frames for cue, sound in load_cues(resources.cues_dir()).items()
    }
    played = alsa_capture.identify(sounds)
    assert [cue for cue in played if cue != "probe"] == [
        "tone-walk",
        "tone-run",
        "tone-walk",
        "tone-finish",
    ]


@pytest.mark.slow
def test_terminal_run_without_a_sound_device_completes_and_says_why(
    no_sound_device: str, alsa_capture: AlsaCapture
) -> None:
    """No sound card: the run still completes, the reason is shown, ALSA's noise is not."""
    env = {**alsa_capture.env(), "ALSA_CONFIG_PATH": no_sound_device}
    done = couchtimer("run", "W1R1", "--programme", TINY, "--terminal", "--speed", "20", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    reason = (
        "No sound: the sound device did not open (Error opening PCM device. -- CODE: -2 -- MSG: "
        "No such file or directory). The workout still runs, with on-screen cues only."
    )
    assert done.stdout.splitlines()[1] == f"⚠ {reason}"
    assert "   0:03  Run for 0:04   (Run for | four | seconds)\n" in done.stdout
    assert "  W1R1: completed\n" in done.stdout
    assert f"  cues: 21 (not heard: {reason})\n" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["run", "W1R9", "--terminal"],
            "NHS Couch to 5K (nhs-c25k) has no week 1 run 9; choose one of: W1R1, W1R2, W1R3, W2R1",
        ),
        (
            ["run", "W1R1", "--terminal", "--programme", "nope"],
            "no programme called 'nope'; choose one of: nhs-c25k, or give the path of a .toml file",
        ),
        (["run", "W1R1", "--speed", "-3"], "--speed -3 is outside 0.1..1000"),
        (["run", "W1R1", "--terminal", "--speed", "0"], "--speed 0 is outside 0.1..1000"),
        (["run", "W1R1", "--terminal", "--volume", "2"], "volume 2.0 is outside 0..1"),
        (["run", "W1R1", "--terminal", "--metronome", "60"], "metronome 60 steps per minute"),
    ],
)
def test_run_bad_input_exits_2_with_the_choices(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], no_sound_device: str
) -> None:
    """Unknown workout or programme, or settings out of range: exit 2, say why (no window opens)."""
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("couchtimer: ")
    assert message in err


def test_missing_cue_file_stops_the_run_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A deleted cue WAV: exit 2 naming the file, and the workout never starts."""
    copy = tmp_path / "cues"
    shutil.copytree(resources.cues_dir(), copy)
    (copy / "tone-run.flac").unlink()
    monkeypatch.setattr(resources, "cues_dir", lambda: copy)
    assert cli.main(["run", "W1R1", "--terminal"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"couchtimer: {copy / 'tone-run.flac'}: cue sound file is missing. Reinstall CouchTimer, "
        "or in a source checkout run scripts/make_cues to regenerate it.\n"
    )
    assert "Warm-up" not in captured.out


def test_no_arguments_means_what_the_parser_would_give() -> None:
    """The desktop entry's plain ``couchtimer`` skips the parser; its defaults must not drift."""
    assert vars(cli.build_parser().parse_args([])) == cli.GUI_DEFAULTS


def test_couchtimer_gui_takes_the_options_couchtimer_takes_without_a_command() -> None:
    """Issue 18: couchtimer-gui ignored its arguments. Its parser gives what ``couchtimer``'s
    gives for the same desktop-app options (and nothing for no arguments, as main)."""
    argv = ["--programme", "mine", "--start", "next", "--speed", "20", "--quit-after", "1.5"]
    expected = vars(cli.build_parser().parse_args(argv))
    assert vars(cli.build_gui_parser().parse_args(argv)) | {"command": None} == expected
    assert expected == {
        "command": None,
        "gui_programme": "mine",
        "start": "next",
        "speed": 20.0,
        "quit_after": 1.5,
    }
    assert vars(cli.build_gui_parser().parse_args([])) | {"command": None} == cli.GUI_DEFAULTS


def test_couchtimer_gui_refuses_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    """A command is for ``couchtimer``; couchtimer-gui says so as argparse does (exit 2)."""
    with pytest.raises(SystemExit) as stopped:
        cli.gui_main(["plan", "W1R1"])
    assert stopped.value.code == 2
    assert "couchtimer-gui: error: unrecognized arguments: plan W1R1" in capsys.readouterr().err


def test_cue_settings_from_options() -> None:
    """run's options map onto CueSettings."""
    args = cli.build_parser().parse_args(
        [
            "run",
            "W1R1",
            "--cues",
            "tones",
            "--no-countdown",
            "--volume",
            "0.5",
            "--metronome",
            "176",
            "--form-reminders",
            "4",
        ]
    )
    settings = options.cue_settings(args)
    assert (settings.mode, settings.countdown, settings.halfway, settings.volume) == (
        "tones",
        False,
        True,
        0.5,
    )
    assert (settings.metronome, settings.metronome_spm) == (True, 176)
    assert (settings.form_reminders, settings.form_reminder_minutes) == (True, 4)


def test_options_override_the_saved_settings_one_by_one() -> None:
    """The saved settings are the start; only the options given change them."""
    saved = {"cue_mode": "tones", "countdown": False, "metronome": True, "metronome_spm": 180}
    plain = options.cue_settings(cli.build_parser().parse_args(["run", "W1R1"]), saved)
    assert (plain.mode, plain.countdown, plain.halfway, plain.volume) == ("tones", False, True, 0.8)
    assert (plain.metronome, plain.metronome_spm) == (True, 180)
    given = cli.build_parser().parse_args(["run", "W1R1", "--cues", "voice", "--metronome", "176"])
    chosen = options.cue_settings(given, saved)
    assert (chosen.mode, chosen.countdown, chosen.metronome_spm) == ("voice", False, 176)


@pytest.mark.parametrize("spm", [99, 100, 140, 200, 220, 221])
def test_the_metronome_range_is_declared_once(spm: int) -> None:
    """The Settings dialog, the saved file and --metronome accept the same steps per minute."""
    from couchtimer.core.cues import CueSettings
    from couchtimer.core.settings import BY_KEY

    setting = BY_KEY["metronome_spm"]
    in_dialog = setting.coerce(spm) == spm
    try:
        CueSettings(metronome=True, metronome_spm=spm)
        in_cues = True
    except SettingsError:
        in_cues = False
    assert in_dialog is in_cues is (100 <= spm <= 220)


# --- doctor ---


def test_doctor_all_good_with_a_sound_device(
    alsa_capture: AlsaCapture, capsys: pytest.CaptureFixture[str]
) -> None:
    """doctor --sound: every check passes, the quiet test tone reaches the device, exit 0."""
    assert cli.main(["doctor", "--sound"]) == 0
    out = capsys.readouterr().out
    assert "sound device:  opens; played a short, quiet test tone\n" in out
    assert "cue sounds:    94 files, " in out
    assert out.endswith("\nAll good.\n")
    test_tone = load_cues(resources.cues_dir())["tone-pip"].scaled(0.3).frames
    assert alsa_capture.files()[1] == test_tone


def test_doctor_without_a_sound_device_exits_1_and_says_so(
    no_sound_device: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """doctor: no sound device is a problem, named, with what to check; exit 1."""
    assert cli.main(["doctor"]) == 1
    captured = capsys.readouterr()
    assert "sound device:  PROBLEM: No sound: the sound device did not open" in captured.out
    assert "Check that a sound device is connected and not muted (aplay -l lists them)." in (
        captured.out
    )
    assert captured.err == "\ncouchtimer doctor: 1 problem(s) found; see PROBLEM above.\n"


def test_doctor_judges_by_imports_not_by_package_metadata(
    alsa_capture: AlsaCapture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 18, item 1: in the .deb (no installer metadata) doctor said simpleaudio was not
    installed while sound worked. With every distribution's metadata gone it still passes."""
    from importlib import metadata

    def no_metadata(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", no_metadata)
    monkeypatch.setattr(metadata, "distribution", no_metadata)
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    simpleaudio = Path(sys.modules["simpleaudio"].__file__ or "").parent
    assert f"sound library: simpleaudio imports ({simpleaudio})\n" in out
    assert out.endswith("\nAll good.\n")


def test_doctor_says_when_the_sound_module_does_not_import(
    alsa_capture: AlsaCapture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The C part of simpleaudio failing to load (a missing libasound, say) is a problem."""
    monkeypatch.setitem(sys.modules, "simpleaudio._simpleaudio", None)
    assert cli.main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert (
        "sound library: PROBLEM: the simpleaudio module does not import (import of "
        "simpleaudio._simpleaudio halted; None in sys.modules); reinstall CouchTimer"
    ) in out


# --- clocks ---


def test_scaled_clock_runs_n_times_faster() -> None:
    """At speed 10, one real second is ten seconds of the clock, for both clocks."""
    base = FakeClock(start=50.0)
    clock = ScaledClock(base, 10)
    boot = clock.boottime()
    base.advance(1.5)
    assert clock.monotonic() == 65.0
    assert clock.boottime() == boot + 15.0
    assert clock.real_seconds(30.0) == 3.0
    with pytest.raises(SettingsError, match=r"--speed 0 is outside 0\.1\.\.1000; 1 is real time"):
        ScaledClock(base, 0)


def test_system_clock_reads_monotonic_and_boot_time() -> None:
    """Boot time (counts suspend) is never behind monotonic time, and both move forward."""
    clock = SystemClock()
    first, boot = clock.monotonic(), clock.boottime()
    assert boot >= first
    assert clock.monotonic() >= first


# --- scripts/make_cues --check ---


def make_cues_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_cues"), "--check", "--out", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_make_cues_check_passes_on_the_committed_cues() -> None:
    """The committed cue files match the pinned list (54 parts and tones, 40 sentences),
    format and manifest."""
    done = make_cues_check(resources.cues_dir())
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout == f"make_cues --check: 94 cues in {resources.cues_dir()} match the cue list\n"
    )


def test_make_cues_check_finds_every_kind_of_problem(tmp_path: Path) -> None:
    """Missing, extra, silent, edited and re-worded cues and a manifest that does not say its
    seed are each reported; exit 1."""
    copy = tmp_path / "cues"
    shutil.copytree(resources.cues_dir(), copy)
    (copy / "say-of.flac").unlink()
    shutil.copy(copy / "num-1.flac", copy / "num-100.flac")
    write_flac(copy / "num-2.flac", 1, bytes(4800))  # 0.1 s of silence
    manifest = copy / "MANIFEST.tsv"
    text = manifest.read_text(encoding="utf-8").replace("\tHalfway\n", "\tHalf way\n")
    manifest.write_text(
        "".join(line for line in text.splitlines(keepends=True) if not line.startswith("# seed")),
        encoding="utf-8",
    )
    done = make_cues_check(copy)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"make_cues --check: {manifest}: says nothing of the seed; run scripts/make_cues",
        f"make_cues --check: {copy / 'num-100.flac'}: not in the cue list; delete it or add it",
        f"make_cues --check: {copy / 'num-2.flac'}: silent (peak -inf dBFS); run scripts/make_cues",
        f"make_cues --check: {copy / 'num-2.flac'}: differs from MANIFEST.tsv; run scripts/make_cues",
        f"make_cues --check: {copy / 'say-halfway.flac'}: generated from 'Half way' but the cue "
        "list says 'Halfway'; run scripts/make_cues",
        f"make_cues --check: {copy / 'say-of.flac'}: cue sound file is missing. Reinstall "
        "CouchTimer, or in a source checkout run scripts/make_cues to regenerate it.",
    ]


@pytest.mark.slow
def test_terminal_run_in_a_real_terminal_takes_single_keys(
    no_sound_device: str, tmp_path: Path
) -> None:
    """On a terminal (a pty): a live progress line, and p 4, q y work without Enter."""
    main, secondary = pty.openpty()
    # Its own history file: a terminal start asks about interrupted runs it finds there.
    env = {
        **os.environ,
        "ALSA_CONFIG_PATH": no_sound_device,
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "couchtimer",
            "run",
            "W1R1",
            "--programme",
            TINY,
            "--terminal",
            "--speed",
            "2",  # slow enough that the keys land in the run segment on a busy CI machine
        ],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    output, sent = b"", False
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other side closed: the run is over
                break
            output += chunk
        if not sent and b"Run for 0:04" in output:
            for key in b"p4qy":
                os.write(main, bytes([key]))
                time.sleep(0.1)
            sent = True
        if process.poll() is not None and not ready:
            break
    os.close(main)
    assert process.wait(timeout=10) == 0
    text = output.decode()
    assert "\r\x1b[KWarm-up  0:0" in text  # the live line, redrawn in place
    assert "Pain mark recorded (4/10)\r\n" in text
    assert "End the workout now? Press y to end, any other key to go on.\r\n" in text
    assert "  W1R1: ended early\r\n" in text
    assert "ALSA lib" not in text


def test_cli_cue_modes_match_the_cue_policy() -> None:
    """The --cues choices (spelled out so the CLI loads fast) are exactly CueMode's values."""
    from couchtimer.core.cues import CueMode

    assert tuple(mode.value for mode in CueMode) == options.CUE_MODES


def test_doctor_finds_a_damaged_history_and_leaves_it_alone(
    alsa_capture: AlsaCapture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """doctor opens history.db read-only with a quick check: a damaged file is a PROBLEM (exit
    1), and it is neither changed nor moved aside; an intact one says how many runs it holds."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = tmp_path / "couchtimer"
    folder.mkdir()
    db = folder / "history.db"
    from couchtimer.store import HistoryStore
    from couchtimer.store.schema import CURRENT_VERSION
    from tests.helpers.stored import START, WORKOUT

    with HistoryStore.open(db) as store:
        store.recorder().start("nhs-c25k", WORKOUT, START)
    assert cli.main(["doctor"]) == 0
    assert f"history file:  {db}: 1 runs, schema {CURRENT_VERSION}, intact\n" in (
        capsys.readouterr().out
    )

    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # smash the second page
    db.write_bytes(bytes(data))
    assert cli.main(["doctor"]) == 1
    captured = capsys.readouterr()
    line = next(x for x in captured.out.splitlines() if x.startswith("history file:"))
    assert line.startswith(f"history file:  PROBLEM: {db} is damaged (")
    assert line.endswith(
        "CouchTimer moves a damaged file aside when it next opens it; or restore a backup with "
        "couchtimer restore BACKUP (couchtimer backups lists them)"
    )
    assert captured.err == "\ncouchtimer doctor: 1 problem(s) found; see PROBLEM above.\n"
    assert db.read_bytes() == bytes(data)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("history.db")) == [
        "history.db"
    ]
