"""Cue timing: do cues reach the sound device when the schedule says?

Runs a twelve-segment programme (2-4 s segments, 37 s) through both front ends, ``couchtimer run
--terminal --speed 1`` and the desktop app (``couchtimer --programme … --start W1R1``: the real
app process, its Qt run driver, run screen and history file, on Qt's offscreen platform), each
with ALSA's default device routed to a FIFO, timestamps (CLOCK_MONOTONIC) the arrival
of each cue's first audio bytes, and compares the chimes, countdown pips and finish fanfare (the
cues with a place in the schedule; spoken parts follow the chime by design) with the plan.
Arrivals are compared with the plan through their median offset (the run's start instant is not
visible from outside the process), so the figures are onset *errors* against the schedule; the
constant hand-off latency is measured separately, in this process, against a baseline of bare
``simpleaudio.play_buffer`` calls through the same FIFO.

Targets (issue 4): onset error p99 <= 10 ms, max <= 25 ms, and no drift from first to last.
Then the same workout again while this benchmark keeps every core busy with a CPU hog (one
spinning process per core, at normal priority): target (issue 19) p99 <= 3 ms under that load,
for each front end. ``--front-end terminal|app`` measures one of them only; ``--before DIR``
measures each front end a second time with the couchtimer source in DIR (e.g. ``git archive
main | tar -x -C DIR``), each run next to this tree's under the same conditions, for before/after
figures from one run.
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from couchtimer import resources  # noqa: E402
from couchtimer.audio import SimpleAudioPlayer, load_cues, open_player  # noqa: E402
from couchtimer.core.cues import SHORT_SEGMENT_SECONDS  # noqa: E402
from couchtimer.priority import raise_priority  # noqa: E402

SEGMENTS = [3, 2, 4, 3, 2, 4, 3, 4, 2, 3, 4, 3]
VOLUME = 0.8
GAP_SECONDS = 0.004  # bytes arriving further apart than this start a new stream
HANDOFF_PLAYS = 60


def programme_text() -> str:
    kinds = ["run", "walk"]
    segments = ", ".join(f"{{ {kinds[i % 2]} = {seconds} }}" for i, seconds in enumerate(SEGMENTS))
    return (
        'format = 1\nid = "bench"\nname = "Cue timing benchmark"\n\n'
        f"[[workouts]]\nweek = 1\nruns = [1]\nsegments = [{segments}]\n"
    )


def schedule() -> list[tuple[float, str]]:
    """(seconds from start, cue) of every cue with a fixed place in the plan."""
    planned: list[tuple[float, str]] = []
    start = 0
    for i, seconds in enumerate(SEGMENTS):
        planned.append((float(start), "tone-run" if i % 2 == 0 else "tone-walk"))
        if seconds >= SHORT_SEGMENT_SECONDS:
            planned += [(float(start + seconds - n), "tone-pip") for n in (3, 2, 1) if n < seconds]
        start += seconds
    planned.append((float(start), "tone-finish"))
    return planned


class FifoListener:
    """Reads everything written to a FIFO, timestamping each chunk; groups bursts into streams."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        # Opened read-write so the reader never sees end-of-file between cues, and writers never
        # block waiting for a reader.
        self.fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        self.chunks: list[tuple[float, bytes]] = []
        self.realtime = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        # The listener is the measuring instrument: under the CPU hog it must not be the one
        # that is late, so it asks for the priority the player asks for (couchtimer.priority).
        raise_priority()
        self.realtime = os.sched_getscheduler(0) == os.SCHED_RR
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                arrived = time.monotonic()
                self.chunks.append((arrived, os.read(self.fd, 1 << 20)))

    def close(self) -> None:
        time.sleep(0.2)
        self._stop.set()
        self._thread.join()
        os.close(self.fd)

    def streams(self) -> list[tuple[float, bytes]]:
        grouped: list[tuple[float, bytearray]] = []
        last = -1.0
        for arrived, data in self.chunks:
            if not grouped or arrived - last > GAP_SECONDS:
                grouped.append((arrived, bytearray()))
            grouped[-1][1].extend(data)
            last = arrived
        return [(arrived, bytes(data)) for arrived, data in grouped]

    def clear(self) -> None:
        self.chunks.clear()


def identify(data: bytes, sounds: dict[str, bytes]) -> str:
    if not data.strip(b"\0"):
        return "probe"
    matches = [cue for cue, frames in sounds.items() if data.startswith(frames[:4096])]
    return matches[0] if len(matches) == 1 else "?"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def describe(values_ms: list[float]) -> str:
    return (
        f"p50 {percentile(values_ms, 0.5):6.2f} ms   p99 {percentile(values_ms, 0.99):6.2f} ms"
        f"   max {max(values_ms):6.2f} ms"
    )


HOG = "while True: pass"


class CpuHog:
    """One spinning process per core, at the benchmark's own priority, for as long as it lives."""

    def __init__(self) -> None:
        self.children = [
            subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(os.cpu_count() or 1)
        ]

    def close(self) -> None:
        for child in self.children:
            child.kill()
            child.wait()


FRONT_ENDS = ("terminal", "app")
#: The app's window shows, then the run starts (``--start``); it is closed this long after the
#: workout's planned end (its post-run dialog is open by then).
APP_MARGIN_SECONDS = 8.0


def private_env(work: Path, source: Path) -> dict[str, str]:
    """Both front ends run with their own home (a history file of their own, no settings of the
    user's: every cue at the default settings) and no session bus (no music to lower)."""
    home = work / "home"
    env = {key: value for key, value in os.environ.items() if key != "DBUS_SESSION_BUS_ADDRESS"}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(source),
    )
    return env


def run_workout(
    env: dict[str, str], listener: FifoListener, work: Path, front_end: str
) -> list[float]:
    sounds = {c: s.scaled(VOLUME).frames for c, s in load_cues(resources.cues_dir()).items()}
    programme = work / "bench.toml"
    programme.write_text(programme_text(), encoding="utf-8")
    if front_end == "terminal":
        argv = [
            *["run", "W1R1", "--programme", str(programme)],
            *["--terminal", "--speed", "1", "--volume", str(VOLUME)],
        ]
    else:  # the volume is the app's default setting, 0.8
        quit_after = sum(SEGMENTS) + APP_MARGIN_SECONDS
        argv = ["--programme", str(programme), "--start", "W1R1", "--quit-after", f"{quit_after}"]
    subprocess.run(
        [sys.executable, "-m", "couchtimer", *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=120,
    )
    heard = [(t, identify(d, sounds)) for t, d in listener.streams()]
    scored = [(t, cue) for t, cue in heard if cue.startswith("tone-")]
    planned = schedule()
    if [cue for _, cue in scored] != [cue for _, cue in planned]:
        sys.exit(f"cue_timing: {front_end}: cues heard {scored} do not match the plan {planned}")
    # The subprocess's start instant is not visible from here, so each arrival is compared with
    # the plan through the offset common to all of them (their median): what is left is the error
    # of each onset against the schedule, free of the constant hand-off latency measured below.
    offsets = [t - p for (t, _), (p, _) in zip(scored, planned, strict=True)]
    common = statistics.median(offsets)
    return [1000 * (offset - common) for offset in offsets]


def handoff(listener: FifoListener) -> tuple[list[float], list[float]]:
    """Call -> first bytes at the device: bare simpleaudio (baseline) and SimpleAudioPlayer."""
    import simpleaudio

    player = open_player(VOLUME)
    if not isinstance(player, SimpleAudioPlayer):
        sys.exit(f"cue_timing: no sound device: {player.problem}")
    pip = player.sounds["tone-pip"]
    results: dict[str, list[float]] = {"baseline": [], "player": []}
    time.sleep(0.3)
    for n in range(2 * HANDOFF_PLAYS):
        which = "baseline" if n % 2 == 0 else "player"
        listener.clear()
        called = time.monotonic()
        if which == "baseline":
            simpleaudio.play_buffer(pip.frames, 1, 2, pip.sample_rate)
        else:
            player.play("tone-pip")
        deadline = called + 1.0
        while not listener.chunks and time.monotonic() < deadline:
            time.sleep(0.0002)
        if listener.chunks:
            results[which].append(1000 * (listener.chunks[0][0] - called))
        time.sleep(0.15)
    player.close()
    return results["baseline"], results["player"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--front-end", choices=FRONT_ENDS, help="measure this one only")
    parser.add_argument(
        "--before", type=Path, metavar="DIR", help="also measure the couchtimer source in DIR"
    )
    args = parser.parse_args()
    front_ends = [args.front_end] if args.front_end else list(FRONT_ENDS)
    sources = {"": ROOT}
    if args.before is not None:
        if not (args.before / "couchtimer" / "__init__.py").is_file():
            sys.exit(f"cue_timing: {args.before} holds no couchtimer source")
        sources = {" (before)": args.before.resolve(), " (after)": ROOT}
    quiet: dict[str, list[float]] = {}
    loaded: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        listener = FifoListener(work / "alsa.fifo")
        conf = work / "asound.conf"
        conf.write_text(
            f'pcm.!default {{ type file; slave.pcm "null"; file "{work / "alsa.fifo"}"; '
            'format "raw" }\n',
            encoding="utf-8",
        )
        config_path = f"/usr/share/alsa/alsa.conf:{conf}"
        os.environ["ALSA_CONFIG_PATH"] = config_path
        for front_end in front_ends:
            for label, source in sources.items():
                env = private_env(work, source)
                quiet[front_end + label] = run_workout(env, listener, work, front_end)
                listener.clear()
            hog = CpuHog()
            try:
                for label, source in sources.items():
                    env = private_env(work, source)
                    loaded[front_end + label] = run_workout(env, listener, work, front_end)
                    listener.clear()
            finally:
                hog.close()
        baseline, player = handoff(listener)
        listener.close()

    total = sum(SEGMENTS)
    load = os.getloadavg()
    print(f"cue_timing: {len(SEGMENTS)} segments, {total} s, --speed 1; load average at the end")
    print(f"  of this run {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    hogs = os.cpu_count() or 1
    instrument = "real-time" if listener.realtime else "normal: real time refused, figures inflated"
    ok = True
    for name in quiet:
        errors, under_load = quiet[name], loaded[name]
        what = name.replace("terminal", "couchtimer run --terminal").replace(
            "app", "the desktop app"
        )
        print(f"  {what}: onset error vs schedule, {len(errors)} scheduled cues:")
        print(f"    {describe([abs(e) for e in errors])}   (target p99 <= 10, max <= 25)")
        slope = statistics.linear_regression(
            [p for p, _ in schedule()], errors
        ).slope  # ms per second of workout
        first, last = errors[:5], errors[-5:]
        print(
            f"    drift: {60 * slope:+.3f} ms per minute; mean error of the first 5 cues "
            f"{statistics.mean(first):+.2f} ms, of the last 5 {statistics.mean(last):+.2f} ms"
        )
        print(f"    under load ({hogs} spinning processes, one per core; listener {instrument}):")
        print(f"    {describe([abs(e) for e in under_load])}   (target p99 <= 3)")
        if "(before)" not in name:
            ok = ok and (
                percentile([abs(e) for e in errors], 0.99) <= 10
                and max(abs(e) for e in errors) <= 25
                and percentile([abs(e) for e in under_load], 0.99) <= 3
            )
    print(f"  hand-off latency, call -> first bytes at ALSA, {HANDOFF_PLAYS} plays each:")
    print(f"    baseline simpleaudio.play_buffer   {describe(baseline)}")
    print(f"    SimpleAudioPlayer.play             {describe(player)}")
    print("  result: " + ("within target" if ok else "OUTSIDE TARGET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
