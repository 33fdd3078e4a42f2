"""A mutation fuzzer for the readers of files from outside: programmes (TOML), imports (JSON),
activity recordings (FIT, GPX, TCX; issue 15) and the integrity stamp (issue 19: a file in the
user's state folder that lets a reading command skip the history file's integrity check).

Run as ``python -m tests.helpers.fuzz {programme|import|activity|stamp} CASES SEED``; it prints one JSON summary.
tests/test_fuzz.py starts it in a subprocess with an address-space limit, so that a case that asks
for gigabytes fails as MemoryError (a finding) instead of taking the machine down.

Each case starts from a seed file (the shipped programmes and the test fixtures) and applies one
to four mutations: text-level (flip, insert, delete or duplicate a span, splice two seeds, nest
brackets, swap a number for an extreme one, drop in a hostile token) and, for programmes, nested
``repeat`` groups; for imports, a value anywhere in the document replaced with an extreme one
(``seen-by-a-physio.json`` carries ``red_flags_cleared_at``, so that field is hit too).
For the stamp, one it accepts must be one it would write itself, byte for byte
(``checked.render``). Every case is timed (CPU time against the 1 s limit, so that a loaded
machine does not fail it; wall time is reported too) and its peak allocation measured (tracemalloc); a case still running
after HARD_STOP seconds of wall time is stopped by an interval timer. Findings are exceptions other than CouchTimerError, time-outs, cases
over a second or 200 MB, and accepted programmes whose ``plan`` text holds a control character.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import resource
import signal
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from couchtimer.cli.workouts import workout_text
from couchtimer.core.errors import CouchTimerError
from couchtimer.core.programme import parse_programme

ROOT = Path(__file__).resolve().parent.parent.parent
SECOND_LIMIT = 1.0
BYTES_LIMIT = 200 * 1024 * 1024
HARD_STOP = 5.0  # seconds: a case still running then is stopped and counted as a time-out
MAX_CASE_CHARS = 1024 * 1024  # larger files are the size caps' business (tested on their own)

PROGRAMME_SEEDS = sorted(
    [
        *(ROOT / "assets" / "programmes").glob("*.toml"),
        *(ROOT / "tests" / "data" / "programmes").glob("*.toml"),
    ]
)
IMPORT_SEEDS = sorted((ROOT / "tests" / "data" / "import").glob("*.json"))
# Activity files (issue 15): the small real FIT files whole, and the first 12 kB of the XML ones
# (a cut-off file is a case too; whole ones would make each case slow without finding more).
_ACTIVITIES = ROOT / "tests" / "data" / "activities"
ACTIVITY_SEEDS = [
    _ACTIVITIES / "activity-unexpected-eof.fit",
    _ACTIVITIES / "garmin-fenix-5-walk.fit",
    _ACTIVITIES / "2015-10-13-08-43-15.fit",
    _ACTIVITIES / "cross-country-skiing_activity_1.tcx",
    _ACTIVITIES / "10kUNLP2014-Garmin15.tcx",
    _ACTIVITIES / "Move_2014_01_16_19_48_44.gpx",
    _ACTIVITIES / "korita-zbevnica.gpx",
]
ACTIVITY_SEED_BYTES = 12 * 1024
STAMP_SEEDS = sorted((ROOT / "tests" / "data" / "integrity-stamps").glob("*.stamp"))

NUMBERS = [
    "0",
    "-1",
    "1",
    "999",
    "1000",
    "100",
    "101",
    "43200",
    "43201",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "1" + "0" * 30,
    "9" * 5000,
    "-" + "9" * 40,
    "1e308",
    "1e999",
    "-1e999",
    "0.5",
    "-0.0",
    "1.7976931348623157e308",
    "5e-324",
]
TOKENS = [
    *NUMBERS,
    "NaN",
    "Infinity",
    "-Infinity",
    "nan",
    "inf",
    "true",
    "null",
    '""',
    '"\\u001b[2J\\u001b[31m"',
    '"\\u0000"',
    '"\\u202e"',
    '"\\n"',
    '"\\r"',
    '"\\ud800"',
    '"' + "x" * 20_000 + '"',
    "[" * 3000,
    "{" * 3000,
    "]",
    "}",
    "[]",
    "{}",
    "=",
    ",",
    ":",
    '"',
    "'",
    "\n",
    "\x00",
    "\x1b[2J",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+05:00",
    '"0001-01-01T00:00:00+05:00"',
    '"9999-12-31T23:59:59.999999-23:59"',
    "1979-05-27T07:32:00Z",
    "repeat = 100",
    'id = "x\\n"',
]
ALPHABET = "0123456789-+.eE[]{}\"',:= \n\t\x00\x1b\x7fabcxyz_#\\/é\u202e"


class _Stopped(BaseException):
    """Raised by the interval timer in a case that runs past HARD_STOP."""


def _stop(_signum: int, _frame: object) -> None:
    raise _Stopped


# --- text mutations ---------------------------------------------------------------------------


def _span(rng: random.Random, text: str) -> tuple[int, int]:
    start = rng.randrange(len(text) + 1)
    return start, min(len(text), start + rng.choice([1, 2, 5, 20, 100, 1000]))


def _flip(rng: random.Random, text: str, _seeds: list[str]) -> str:
    if not text:
        return rng.choice(ALPHABET)
    at = rng.randrange(len(text))
    return text[:at] + rng.choice(ALPHABET) + text[at + 1 :]


def _insert(rng: random.Random, text: str, _seeds: list[str]) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(TOKENS) + text[at:]


def _delete(rng: random.Random, text: str, _seeds: list[str]) -> str:
    start, end = _span(rng, text)
    return text[:start] + text[end:]


def _duplicate(rng: random.Random, text: str, _seeds: list[str]) -> str:
    start, end = _span(rng, text)
    return text[:end] + text[start:end] * rng.choice([1, 2, 10, 50]) + text[end:]


def _splice(rng: random.Random, text: str, seeds: list[str]) -> str:
    other = rng.choice(seeds)
    return text[: rng.randrange(len(text) + 1)] + other[rng.randrange(len(other) + 1) :]


def _nest(rng: random.Random, text: str, _seeds: list[str]) -> str:
    depth = rng.choice([2, 10, 100, 1000, 5000])
    opener = rng.choice(["[", "{", '{"a":', "[[", "{ a = "])
    closer = {"[": "]", "{": "}", '{"a":': "}", "[[": "]]", "{ a = ": "}"}[opener]
    start, end = sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))
    return text[:start] + opener * depth + text[start:end] + closer * depth + text[end:]


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _number(rng: random.Random, text: str, _seeds: list[str]) -> str:
    found = list(_NUMBER.finditer(text))
    if not found:
        return _insert(rng, text, _seeds)
    match = rng.choice(found)
    return text[: match.start()] + rng.choice(NUMBERS) + text[match.end() :]


TEXT_MUTATIONS: list[Callable[[random.Random, str, list[str]], str]] = [
    _flip,
    _insert,
    _delete,
    _duplicate,
    _splice,
    _nest,
    _number,
    _number,
]


# --- programme-specific: repeats inside repeats -------------------------------------------------

_SEGMENTS = re.compile(r"segments\s*=\s*\[")


def _repeats(rng: random.Random, text: str, _seeds: list[str]) -> str:
    """Wrap a workout's segments in repeats nested 1-7 deep, counts anywhere from -1 to 101."""
    found = list(_SEGMENTS.finditer(text))
    if not found:
        return _insert(rng, text, _seeds)
    match = rng.choice(found)
    depth = rng.randint(1, 7)
    counts = [rng.choice([1, 2, 10, 99, 100, 100, 100, 101, 0, -1]) for _ in range(depth)]
    opening = "".join(f"{{ repeat = {count}, of = [" for count in counts)
    closing_at = text.find("\n", match.end())
    closing_at = len(text) if closing_at < 0 else closing_at
    body = text[match.end() : closing_at].rstrip()
    if body.endswith("]"):
        body = body[:-1]
    return text[: match.end()] + opening + body + "] }" * depth + "]" + text[closing_at:]


# --- import-specific: any value replaced with an extreme one ------------------------------------

EXTREME_VALUES: list[Any] = [
    10**30,
    -(10**19),
    10**19,
    -1,
    0,
    1000,
    2**63,
    float("inf"),
    float("-inf"),
    float("nan"),
    1e308,
    -5.5,
    "",
    "x" * 10_001,
    "\x1b[2J",
    "\x00",
    "\u202e",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59+00:00",
    "2099-12-31T23:59:59-12:00",
    "1999-12-31T23:59:59+00:00",
    "2026-01-01",
    None,
    True,
    [],
    {},
    [[[]]],
    [["knee"]],
    [["knee", "left", "extra"]],
    {"kind": "run"},
    ["run"] * 2000,
]


def _random_path(rng: random.Random, document: Any) -> tuple[Any, ...]:
    """A random walk from the top of the document down, stopping anywhere on the way."""
    path: tuple[Any, ...] = ()
    value = document
    while isinstance(value, dict | list) and value and (not path or rng.random() < 0.8):
        step = rng.choice(list(value)) if isinstance(value, dict) else rng.randrange(len(value))
        path = (*path, step)
        value = value[step]
    return path


def _replace_value(rng: random.Random, text: str, seeds: list[str]) -> str:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return _flip(rng, text, seeds)
    path = _random_path(rng, document)
    if not path:
        return _flip(rng, text, seeds)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    action = rng.random()
    if action < 0.15 and isinstance(parent, dict):
        del parent[path[-1]]
    elif action < 0.25 and isinstance(parent, list):
        parent.extend([parent[path[-1]]] * rng.choice([1, 10, 1000]))
    else:
        parent[path[-1]] = rng.choice(EXTREME_VALUES)
    # NaN and Infinity are written as such; the C encoder (no indent) keeps the fuzzer fast
    return json.dumps(document)


def _duplicate_key(rng: random.Random, text: str, _seeds: list[str]) -> str:
    found = list(re.finditer(r'"(\w+)": ([^,\n{\[]+),', text))
    if not found:
        return _insert(rng, text, _seeds)
    match = rng.choice(found)
    return (
        text[: match.end()] + f' "{match.group(1)}": {rng.choice(NUMBERS)},' + text[match.end() :]
    )


# --- the run ------------------------------------------------------------------------------------


def _check_programme(text: str, _work: Path) -> None:
    programme = parse_programme(text, "fuzz.toml")
    for workout in programme.workouts:
        shown = workout_text(programme, workout)
        if re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown):
            raise AssertionError(f"plan would print a control character: {shown!r}")


def _check_activity(text: str, _work: Path) -> None:
    """An activity file's bytes travel as Latin-1 text (one character a byte) through the text
    mutations; a character past 255 from a token becomes "?"."""
    from couchtimer.formats import parse_activity

    parse_activity(text.encode("latin-1", errors="replace"), "fuzz")


def _check_stamp(text: str, _work: Path) -> None:
    """A stamp's bytes travel as Latin-1 text, as an activity file's do."""
    from couchtimer.store import checked

    data = text.encode("latin-1", errors="replace")
    entries = checked.parse(data)
    if data == checked.render(()):
        return  # the one stamp that is whole and vouches for nothing
    if not entries:
        raise CouchTimerError("not a stamp: vouches for nothing")
    if checked.render(entries) != data:
        raise AssertionError(f"accepted a stamp it would not write: {entries!r}")


def _latin1_seed(path: Path) -> str:
    return path.read_bytes().decode("latin-1")


def _activity_seed(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix != ".fit":
        data = data[:ACTIVITY_SEED_BYTES]
    return data.decode("latin-1")


def _import_checker(work: Path) -> Callable[[str, Path], None]:
    """Imports into one real history, which first takes in the seeds (and must keep them).
    A refused file changes nothing, "seen by a doctor or physio" included, and an accepted one
    only ever moves that moment later (import keeps the later of the two)."""
    from couchtimer.store import HistoryStore
    from couchtimer.store.facts import red_flags_cleared_at
    from couchtimer.store.transfer import import_history

    store = HistoryStore.open(work / "history.db", backups=False)
    for seed in IMPORT_SEEDS:
        import_history(store, seed)

    def check(text: str, work: Path) -> None:
        path = work / "case.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        seen = red_flags_cleared_at(store)
        try:
            import_history(store, path)
        except CouchTimerError:
            if red_flags_cleared_at(store) != seen:
                raise AssertionError("a refused file changed red_flags_cleared_at") from None
            raise
        now_seen = red_flags_cleared_at(store)
        if seen is not None and (now_seen is None or now_seen < seen):
            raise AssertionError(f"an import moved red_flags_cleared_at back to {now_seen}")

    return check


def _seed_runs_kept(work: Path) -> bool:
    """Every run of the seeds is still in the history, field for field (no run lost)."""
    from couchtimer.formats.history_json import read_history_file
    from couchtimer.store import HistoryStore

    with HistoryStore.open(work / "history.db", backups=False) as store:
        held = {run.uuid: run for run in store.load_runs()}
    for seed in IMPORT_SEEDS:
        for run in read_history_file(seed):
            kept = held.get(run.uuid)
            # A recording a case brought for a seed run that had none is an addition, not a
            # change to the run: what it measured (``measured``) is left out of the comparison.
            if kept is None or replace(kept, id=0, measured=None) != replace(
                run, id=0, measured=None
            ):
                return False
    return True


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _truncate(rng: random.Random, text: str, _seeds: list[str]) -> str:
    """A file cut off anywhere (a download or a copy from the watch that stopped)."""
    return text[: rng.randrange(len(text) + 1)]


def run(target: str, cases: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    memory = Path("/dev/shm")  # a case file written 10,000 times: in memory where there is one
    with tempfile.TemporaryDirectory(
        prefix="couchtimer-fuzz-", dir=str(memory) if memory.is_dir() else None
    ) as work_dir:
        work = Path(work_dir)
        read_seed: Callable[[Path], str] = _read_text
        check: Callable[[str, Path], None]
        if target == "programme":
            seed_paths = PROGRAMME_SEEDS
            mutations = [*TEXT_MUTATIONS, _repeats, _repeats]
            check = _check_programme
        elif target == "stamp":
            seed_paths = STAMP_SEEDS
            mutations = TEXT_MUTATIONS
            check = _check_stamp
            read_seed = _latin1_seed
        elif target == "activity":
            seed_paths = ACTIVITY_SEEDS
            mutations = [*TEXT_MUTATIONS, _truncate]
            check = _check_activity
            read_seed = _activity_seed
        else:
            seed_paths = IMPORT_SEEDS
            mutations = [*TEXT_MUTATIONS, *[_replace_value] * 3, _duplicate_key]
            check = _import_checker(work)
        seeds = [read_seed(path) for path in seed_paths]
        for text in seeds:  # warm up: what a first case imports is not that case's memory
            with contextlib.suppress(CouchTimerError):
                check(text, work)
        summary = _cases(rng, cases, seeds, mutations, check, work)
        summary["seed_runs_kept"] = target != "import" or _seed_runs_kept(work)
    return {
        "target": target,
        "cases": cases,
        "seed": seed,
        "seeds": [str(path.relative_to(ROOT)) for path in seed_paths],
        **summary,
    }


def _cases(
    rng: random.Random,
    cases: int,
    seeds: list[str],
    mutations: list[Callable[[random.Random, str, list[str]], str]],
    check: Callable[[str, Path], None],
    work: Path,
) -> dict[str, Any]:
    findings: list[dict[str, Any]] = []
    outcomes: dict[str, int] = {}
    slowest = slowest_cpu = 0.0
    slowest_input = ""
    biggest = 0
    signal.signal(signal.SIGALRM, _stop)
    tracemalloc.start()
    started = time.perf_counter()
    for number in range(cases):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 4)):
            mutated = rng.choice(mutations)(rng, text, seeds)
            text = mutated if len(mutated) <= MAX_CASE_CHARS else text
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        begun = time.perf_counter()
        begun_cpu = time.process_time()
        signal.setitimer(signal.ITIMER_REAL, HARD_STOP)
        outcome = "accepted"
        problem = None
        try:
            check(text, work)
        except CouchTimerError:
            outcome = "refused"
        except _Stopped:
            problem = f"stopped after {HARD_STOP} s"
        except BaseException as exc:  # every other exception is a finding
            problem = f"{type(exc).__name__}: {str(exc)[:200]}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - begun
        cpu = time.process_time() - begun_cpu
        peak = tracemalloc.get_traced_memory()[1] - before
        slowest = max(slowest, elapsed)
        if cpu > slowest_cpu:
            slowest_cpu = cpu
            slowest_input = f"{len(text)} chars: {text[:200]!r}"
        biggest = max(biggest, peak)
        if problem is None and cpu > SECOND_LIMIT:
            problem = f"took {cpu:.2f} s of CPU ({elapsed:.2f} s)"
        if problem is None and peak > BYTES_LIMIT:
            problem = f"peak allocation {peak / 1e6:.0f} MB"
        outcome = outcome if problem is None else "finding"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if problem is not None:
            finding: dict[str, Any] = {"case": number, "problem": problem}
            if len(findings) < 20:
                finding["input"] = text[:300]
            findings.append(finding)
    tracemalloc.stop()
    return {
        "outcomes": outcomes,
        "findings": findings,
        "slowest_case_s": round(slowest, 4),
        "slowest_case_cpu_s": round(slowest_cpu, 4),
        "slowest_case_input": slowest_input,
        "largest_case_bytes": biggest,
        "total_s": round(time.perf_counter() - started, 2),
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def main(argv: list[str]) -> int:
    target, cases, seed = argv[0], int(argv[1]), int(argv[2])
    if target not in ("programme", "import", "activity", "stamp"):
        raise SystemExit(
            "usage: python -m tests.helpers.fuzz {programme|import|activity|stamp} CASES SEED"
        )
    limit = 2 * 1024 * 1024 * 1024  # a bomb fails here as MemoryError rather than swap the VM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    print(json.dumps(run(target, cases, seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
