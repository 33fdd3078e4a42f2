"""What the runs show, in plain sentences, from the first run on.

Each finding is one sentence with its evidence (marks, runs, means) and the number of runs it
rests on, worded with the caution that evidence allows: "in this run" for one run, "in 3 of 3
runs" for more, "too soon to say" where one run is not enough. Today, History, ``couchtimer
history`` and the physio PDF all say these sentences; ``core.hints`` builds on them.

One rule per question (tests/core/test_findings.py holds each named case):

===============  ===========================================================================
finding          said when
===============  ===========================================================================
run-segments     any pain mark: where the marks fell (run segments against walks, counted)
eased            the runner answered "eased in the walks?", or marks in run segments stopped
                 when the walk came; answers that disagree are said as such
terrain          runs on one terrain average ``TERRAIN_DIFFERENCE`` or more above flat runs
                 (else all other runs), from one run each; terrain measured from a recording
                 (``RunRecord.measured``) wins over the runner's answer
terrain-segments a pain mark in a run segment a recording measured downhill (``core.slopes``:
                 -4 % and steeper): in how many of the runs that had one, against the
                 other measured run segments; tagged downhill (the downhill hints) when
                 the downhill share of runs is the larger
cadence          a recording measured cadence in run segments: their median, tagged below
                 under ``CADENCE_HINT_BELOW`` (170); the metronome at +5 % is the cadence
                 hint's to offer (core/hints.py), which no hold lets through
onset            a mark in a run segment: which run segment and how far into it
character        a report says what it felt like (the most named, counted)
region           a report names a body area (the most named, counted)
morning          a next-morning check-in after a run with pain: settled (0-2/10) or not
trend            two or more runs with a number: the last ``TREND_RUNS`` at worst
weeks            two or more programme weeks with a number: mean worst per week, rising or not
started          the first run with pain came after pain-free ones
stopped          runs with no pain since the last one with pain ("too soon to say" under
                 ``MIN_PAIN_FREE_RUNS_AFTER``)
===============  ===========================================================================

A number is only quoted when the runner gave one: pain marked without a number counts as pain
(never as a pain-free run) and is left out of every mean.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from couchtimer.core.analysis import (
    SAFE_MAX,
    SegmentSplit,
    date_words,
    in_date_order,
    segment_split,
)
from couchtimer.core.history import RunRecord
from couchtimer.core.pain import Eased, Terrain
from couchtimer.core.placement import seconds_into
from couchtimer.core.programme import SegmentKind
from couchtimer.core.slopes import (
    CADENCE_HINT_BELOW,
    Slope,
    measured_segments,
    median,
    run_cadences,
    slope_of,
)

# Marks in run segments at this share or more are "mostly in run segments".
MOSTLY_RUNNING = 0.8
# Worse on a terrain: its mean worst pain this much above the flat (or other) runs' mean.
TERRAIN_DIFFERENCE = 1.0
# Fewer pain-free runs than this since the last pain: "too soon to say it has stopped".
MIN_PAIN_FREE_RUNS_AFTER = 3
# Today and its hints read the latest runs only (History and the PDF: the runs asked for).
RECENT_RUNS = 6
# The last runs listed in the trend.
TREND_RUNS = 4
# At most this many weeks listed, from the first with pain.
WEEKS_SHOWN = 6
# A week's mean worst this far above (below) the week before is "rising" ("falling").
WEEK_CHANGE = 1.0

T = TypeVar("T")

# Enum members read once, into module names: in Python 3.11 each ``Terrain.FLAT`` in a loop is
# a class attribute lookup of about a thousand instructions (issue 19: the report and History).
_FLAT = Terrain.FLAT


class FindingKind(StrEnum):
    RUN_SEGMENTS = "run-segments"
    EASED = "eased"
    TERRAIN = "terrain"
    TERRAIN_SEGMENTS = "terrain-segments"
    CADENCE = "cadence"
    ONSET = "onset"
    CHARACTER = "character"
    REGION = "region"
    MORNING = "morning"
    TREND = "trend"
    WEEKS = "weeks"
    STARTED = "started"
    STOPPED = "stopped"


#: The findings that rest on watch or phone recordings (History and the PDF show them again
#: beside the charts of what the recordings measured).
MEASURED = (FindingKind.TERRAIN_SEGMENTS, FindingKind.CADENCE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One sentence about what the runs show, and how many runs it rests on."""

    kind: FindingKind
    text: str
    runs: int  # how many runs it rests on
    # Which way it went, for the rules that build on it (hints): "running", "mostly-running",
    # "walking", "mixed"; "eased", "partly", "not-eased", "unclear"; the terrain's name.
    tag: str = ""
    figure: float | None = None  # the number it rests on, where one (cadence: steps a minute)


def recent(runs: Iterable[RunRecord]) -> list[RunRecord]:
    """The latest ``RECENT_RUNS`` runs, in date order: what Today's findings and hints read."""
    return in_date_order(runs)[-RECENT_RUNS:]


def findings(runs: Iterable[RunRecord]) -> list[Finding]:
    """Plain-language patterns in these runs, each said as far as the evidence goes."""
    ordered = in_date_order(runs)
    painful = [run for run in ordered if run.has_pain]
    splits = [(run, segment_split(run)) for run in painful]  # worked out once for the next two
    candidates: list[Finding | None] = [
        _run_segments(splits),
        _eased(painful, splits),
        *_terrain(ordered),
        _terrain_segments(ordered),
        _cadence(ordered),
        _onset(painful),
        _character(painful),
        _region(painful),
        _morning(painful),
        _trend(ordered),
        _weeks(ordered),
        _started(ordered),
        _stopped(ordered),
    ]
    return [found for found in candidates if found is not None]


# --- words ---------------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _codes(runs: Sequence[RunRecord]) -> str:
    """``W4R1``, ``W4R1 and W4R2``, ``W4R1, W4R2 and W4R3``."""
    codes = list(dict.fromkeys(run.code for run in runs))
    if len(codes) == 1:
        return codes[0]
    return ", ".join(codes[:-1]) + " and " + codes[-1]


def _scope(count: int, of: int, word: str = "in") -> str:
    """``in this run`` for one run, else ``in 3 of 4 runs`` (``after``: after this run...)."""
    return f"{word} this run" if of == 1 else f"{word} {count} of {of} runs"


def _clock(seconds: float) -> str:
    """``1 min 30 s``, ``45 s``."""
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def _mean(values: Sequence[int]) -> float:
    return statistics.fmean(values)


# --- where the marks fell ------------------------------------------------------------------


def _run_segments(splits: Sequence[tuple[RunRecord, SegmentSplit]]) -> Finding | None:
    """``splits``: each painful run with its ``segment_split``."""
    marked = [(run, split) for run, split in splits if split.total]
    if not marked:
        return None
    in_runs = sum(split.run_marks for _, split in marked)
    in_walks = sum(split.walk_marks for _, split in marked)
    total = in_runs + in_walks
    only_running = sum(1 for _, split in marked if split.walk_marks == 0)
    scope = _scope(only_running, len(marked))
    if in_walks == 0:
        tag = "running"
        text = (
            f"Pain came in run segments, not in walks ({in_runs} of {_plural(total, 'mark')}, "
            f"{scope})."
        )
    elif in_runs == 0:
        tag = "walking"
        text = f"Pain came in walks, not in run segments ({in_walks} of {_plural(total, 'mark')})."
    elif in_runs / total >= MOSTLY_RUNNING:
        tag = "mostly-running"
        text = (
            f"Pain came mostly in run segments ({in_runs} of {total} marks; {in_walks} in walks)."
        )
    else:
        tag = "mixed"
        text = (
            f"Pain came in run segments and in walks alike ({_plural(in_runs, 'mark')} in run "
            f"segments, "
            f"{in_walks} in walks)."
        )
    return Finding(FindingKind.RUN_SEGMENTS, text, len(marked), tag)


def _eased(
    painful: Sequence[RunRecord], paired: Sequence[tuple[RunRecord, SegmentSplit]]
) -> Finding | None:
    """From the runner's answer and from marks that stopped when the walk came.
    ``paired``: each painful run with its ``segment_split``."""
    said: dict[Eased, list[RunRecord]] = {answer: [] for answer in Eased}
    for run in painful:
        if run.report is not None and run.report.eased_in_walks is not None:
            said[run.report.eased_in_walks].append(run)
    splits = {run.id: split for run, split in paired}
    stopped = [r for r in painful if splits[r.id].run_marks and not splits[r.id].walk_marks]
    eased = said[Eased.YES] + said[Eased.PARTLY]
    marked_walks = [r for r in said[Eased.YES] if splits[r.id].walk_marks]
    differ: list[str] = []
    if eased and said[Eased.NO]:
        differ.append(
            f"you said it eased after {_codes(in_date_order(eased))} but not after "
            f"{_codes(said[Eased.NO])}"
        )
    if marked_walks:
        differ.append(f"after {_codes(marked_walks)} you said it eased, yet marks came in walks")
    if differ:
        text = "Whether it eased in the walks is unclear: " + "; ".join(differ) + "."
        return Finding(FindingKind.EASED, text, len(painful), "unclear")
    if said[Eased.NO]:
        text = (
            "It did not ease in the walks (you said so "
            f"{_scope(len(said[Eased.NO]), len(painful), 'after')})."
        )
        return Finding(FindingKind.EASED, text, len(painful), "not-eased")
    if not eased and not stopped:
        return None
    how = "partly " if eased and not said[Eased.YES] else ""
    evidence = []
    if eased:
        evidence.append(f"you said so {_scope(len(eased), len(painful), 'after')}")
    if stopped:
        scope = _scope(len(stopped), len(painful))
        evidence.append(f"the marks stopped when the walks came, {scope}")
    return Finding(
        FindingKind.EASED,
        f"It eased {how}in the walks ({'; '.join(evidence)}).",
        len(painful),
        "partly" if how else "eased",
    )


# --- terrain -------------------------------------------------------------------------------


def _terrain(ordered: Sequence[RunRecord]) -> list[Finding]:
    """Runs on a slope against flat runs (else every other run), over the stretch from the
    first to the last run with pain; runs without a number are left out, not read as 0/10."""
    painful = [i for i, run in enumerate(ordered) if run.has_pain]
    if not painful:
        return []
    stretch = ordered[painful[0] : painful[-1] + 1]
    # each run's terrain asked once (a property: measured, else the runner's answer)
    terrains = [(r, r.terrain) for r in stretch]
    rated = [(r, t) for r, t in terrains if t is not None and r.worst_pain is not None]
    found: list[Finding] = []
    for terrain in (Terrain.DOWNHILL, Terrain.UPHILL):
        these = [r for r, t in rated if t is terrain]
        flat = [r for r, t in rated if t is _FLAT]
        others = flat or [r for r, t in rated if t is not terrain]
        if not these or not others:
            continue
        mean_these = _mean([r.worst_pain or 0 for r in these])
        mean_others = _mean([r.worst_pain or 0 for r in others])
        if mean_these - mean_others < TERRAIN_DIFFERENCE:
            continue
        against = _plural(len(others), "flat run" if flat else "other run")
        measured = sum(
            1 for r in (*these, *others) if r.measured is not None and r.measured.terrain
        )
        source = f"; {measured} measured from a recording" if measured else ""
        found.append(
            Finding(
                FindingKind.TERRAIN,
                f"Worse on {terrain} runs (mean {mean_these:.1f} vs {mean_others:.1f} "
                f"{'flat' if flat else 'on the others'}: {_plural(len(these), f'{terrain} run')} "
                f"against {against}{source}).",
                len(these) + len(others),
                str(terrain),
            )
        )
    return found


def _terrain_segments(ordered: Sequence[RunRecord]) -> Finding | None:
    """Pain marks in run segments a recording measured downhill, counted by run: of the runs
    with a downhill run segment, in how many a mark fell in one; the same for the other
    measured run segments. Said once a mark fell in a downhill run segment."""
    downhill_runs = downhill_marked = other_runs = other_marked = 0
    for run in ordered:
        slopes = {m.index: slope for m in measured_segments(run) if (slope := slope_of(m))}
        if not slopes:
            continue
        marked = {mark.segment_index for mark in run.marks}
        downhill = {index for index, slope in slopes.items() if slope is Slope.DOWNHILL}
        others = slopes.keys() - downhill
        downhill_runs += bool(downhill)
        downhill_marked += bool(downhill & marked)
        other_runs += bool(others)
        other_marked += bool(others & marked)
    if not downhill_marked:
        return None
    text = (
        f"Pain marks came in downhill run segments ({Slope.DOWNHILL.band}) "
        f"{_runs_that_had(downhill_marked, downhill_runs)}"
    )
    if other_runs:
        text += f"; in the other run segments {_runs_that_had(other_marked, other_runs)}"
    text += " (measured by a watch or phone)."
    # The downhill hints follow only where downhill stood out: a larger share of its runs.
    stands_out = downhill_marked * other_runs > other_marked * downhill_runs
    return Finding(
        FindingKind.TERRAIN_SEGMENTS,
        text,
        max(downhill_runs, other_runs),
        str(Terrain.DOWNHILL) if stands_out else "",
    )


def _runs_that_had(count: int, of: int) -> str:
    """``in 5 of 6 runs that had one``, ``in 0 of 1 run that had one``."""
    return f"in {count} of {_plural(of, 'run')} that had one"


def _cadence(ordered: Sequence[RunRecord]) -> Finding | None:
    """The median cadence of the measured run segments, tagged "below" under
    ``CADENCE_HINT_BELOW``, where the cadence hint offers the metronome. A figure, never a
    diagnosis."""
    cadence = median(run_cadences(ordered))
    if cadence is None:
        return None
    runs = sum(1 for run in ordered if run_cadences([run]))
    text = (
        f"Your cadence in run segments was {cadence:.0f} steps a minute (the median, "
        f"{'from this run' if runs == 1 else f'from {runs} runs'} measured by a watch or phone)"
    )
    # The figure only: what to try (the metronome at +5 %) is the cadence hint's (core/hints.py),
    # which no hold lets through; a finding is shown under a red-flag hold too.
    below = round(cadence) < CADENCE_HINT_BELOW  # as shown: "170" is not below 170
    return Finding(FindingKind.CADENCE, text + ".", runs, "below" if below else "", cadence)


# --- when it began -------------------------------------------------------------------------


# Enum members read once, into module names: in Python 3.11 each ``SegmentKind.RUN`` in a
# loop is a class attribute lookup of about a thousand instructions, and these loops run for
# every visit or mark of a thousand runs (issue 19: History and ``history --json``).
_RUN = SegmentKind.RUN


def first_in_run_segment(run: RunRecord) -> tuple[int, float] | None:
    """(which run segment, counting run segments from 1; seconds into it) of the run's first
    pain mark in a run segment, or None when no mark fell in one."""
    marks = [m for m in run.marks if run.kind_at(m.segment_index) is _RUN]
    if not marks:
        return None
    first = min(marks, key=lambda m: m.offset_ms)
    ordinal = sum(1 for segment in run.planned[: first.segment_index + 1] if segment.kind is _RUN)
    return ordinal, seconds_into(run.planned, run.visits, first)


def _onset(painful: Sequence[RunRecord]) -> Finding | None:
    firsts = [found for run in painful if (found := first_in_run_segment(run)) is not None]
    if not firsts:
        return None
    if len(firsts) == 1:
        ordinal, seconds = firsts[0]
        return Finding(
            FindingKind.ONSET,
            f"In this run it began in run segment {ordinal}, {_clock(seconds)} into it.",
            1,
        )
    counts = Counter(ordinal for ordinal, _ in firsts)
    ordinal = min(counts, key=lambda o: (-counts[o], o))
    median = statistics.median(seconds for o, seconds in firsts if o == ordinal)
    return Finding(
        FindingKind.ONSET,
        f"It began in run segment {ordinal} in {counts[ordinal]} of {len(firsts)} runs, "
        f"a median of {_clock(median)} into it.",
        len(firsts),
    )


# --- what and where ------------------------------------------------------------------------


def _character(painful: Sequence[RunRecord]) -> Finding | None:
    described = [r.report.characters for r in painful if r.report and r.report.characters]
    if not described:
        return None
    top, said = _most_named(described)
    return Finding(
        FindingKind.CHARACTER,
        f"It felt {top.words.lower()} (said in {said} of {_plural(len(described), 'report')}).",
        len(described),
    )


def _region(painful: Sequence[RunRecord]) -> Finding | None:
    named = [r.report.areas for r in painful if r.report and r.report.areas]
    if not named:
        return None
    top, times = _most_named(named)
    return Finding(
        FindingKind.REGION,
        f"It was in the {top.words.lower()} (named in {times} of {_plural(len(named), 'report')}).",
        len(named),
    )


def _most_named(reports: Sequence[Sequence[T]]) -> tuple[T, int]:
    """What most reports name (each report counts a value once) and in how many; a tie goes to
    the one a later report names, then to the one named first."""
    counts = Counter(value for values in reports for value in dict.fromkeys(values))
    latest = {value: i for i, values in enumerate(reports) for value in values}
    top = min(counts, key=lambda value: (-counts[value], -latest[value]))
    return top, counts[top]


# --- after the run -------------------------------------------------------------------------


def _morning(painful: Sequence[RunRecord]) -> Finding | None:
    checked = [r for r in painful if r.checkin is not None]
    if not checked:
        return None
    unsettled = [r for r in checked if r.checkin is not None and r.checkin.intensity > SAFE_MAX]
    settled = len(checked) - len(unsettled)
    if not unsettled:
        text = (
            f"It had settled by the next morning (0-{SAFE_MAX}/10) after "
            f"{'this run' if len(checked) == 1 else f'{settled} of {len(checked)} runs'}."
        )
    else:
        values = ", ".join(
            f"{r.code} ({r.checkin.intensity}/10)" for r in unsettled if r.checkin is not None
        )
        text = (
            f"It had not settled by the next morning after {values}; {settled} of "
            f"{_plural(len(checked), 'check-in')} settled at 0-{SAFE_MAX}/10."
        )
    return Finding(FindingKind.MORNING, text, len(checked))


# --- across runs and weeks -----------------------------------------------------------------


def _trend(ordered: Sequence[RunRecord]) -> Finding | None:
    rated = [r for r in ordered if r.worst_pain is not None][-TREND_RUNS:]
    if len(rated) < 2 or not any(r.has_pain for r in rated):
        return None
    values = ", ".join(f"{r.worst_pain}/10 ({r.code})" for r in rated)
    change = (rated[-1].worst_pain or 0) - (rated[-2].worst_pain or 0)
    latest = "higher" if change > 0 else "lower" if change < 0 else "the same"
    return Finding(
        FindingKind.TREND,
        f"Worst pain in the last {len(rated)} runs: {values}; {latest} in the latest run.",
        len(rated),
    )


def _weeks(ordered: Sequence[RunRecord]) -> Finding | None:
    weeks: dict[tuple[str, int], list[int]] = {}
    for run in ordered:
        if run.worst_pain is not None:
            weeks.setdefault((run.programme_id, run.week), []).append(run.worst_pain)
    first = next((r for r in ordered if r.has_pain), None)
    if len(weeks) < 2 or first is None:
        return None
    means = [(week, _mean(values)) for (_, week), values in weeks.items()]
    keys = list(weeks)
    start = next((i for i, key in enumerate(keys) if key == (first.programme_id, first.week)), 0)
    means = means[min(start, len(means) - 2) :][:WEEKS_SHOWN]
    change = means[-1][1] - means[-2][1]
    direction = (
        "rising"
        if change >= WEEK_CHANGE
        else "falling"
        if change <= -WEEK_CHANGE
        else "about level"
    )
    listed = ", ".join(f"week {week} {mean:.1f}/10" for week, mean in means)
    return Finding(
        FindingKind.WEEKS,
        f"Mean worst pain by week: {listed}; {direction} from the week before.",
        sum(len(values) for values in weeks.values()),
    )


def _started(ordered: Sequence[RunRecord]) -> Finding | None:
    first = next((i for i, r in enumerate(ordered) if r.has_pain), None)
    if not first:  # none, or in the very first run
        return None
    run = ordered[first]
    return Finding(
        FindingKind.STARTED,
        f"Pain started in week {run.week} ({run.code}, {date_words(run)}) after "
        f"{_plural(first, 'pain-free run')}.",
        first + 1,
    )


def _stopped(ordered: Sequence[RunRecord]) -> Finding | None:
    last = next((i for i in range(len(ordered) - 1, -1, -1) if ordered[i].has_pain), None)
    if last is None:
        return None
    since = len(ordered) - 1 - last
    if since == 0:
        return None
    run = ordered[last]
    if since < MIN_PAIN_FREE_RUNS_AFTER:
        text = (
            f"No pain in the {_plural(since, 'run')} since {run.code}; too soon to say it has "
            "stopped."
        )
    else:
        text = f"Pain stopped after {run.code} on {date_words(run)}: none in the {since} runs since"
        text += "."
    return Finding(FindingKind.STOPPED, text, since + 1)
