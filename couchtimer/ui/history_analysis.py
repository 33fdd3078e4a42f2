"""The History tab's analysis, worked out once and shared by its parts: each run's timeline
(This run's chart) and spans (the run list's sparkline), the findings of the runs shown (Across
runs' words and the Hints tab), and the suggestion in force with its hints (from every run).

Nothing here decides anything: it only remembers what ``couchtimer.core`` answered for the runs
it was given, until those runs (``reset``), the runs shown (``shown_changed``) or the red-flag
clearance (``reset``) change. ``computed`` counts each piece worked out, so a test can see that
switching tabs does not work it out again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from couchtimer.core import chartdata
from couchtimer.core.advice import AdviceEntry, in_force
from couchtimer.core.chartdata import Timeline
from couchtimer.core.findings import Finding, findings, recent
from couchtimer.core.guidance import Guidance, guidance_for
from couchtimer.core.hints import Hint, hints_for
from couchtimer.core.history import RunRecord
from couchtimer.core.programme import SegmentKind

#: What the run list's sparkline draws of a run (``SharedAnalysis.spans``): the seconds the bar
#: stands for, its bands (kind, start, end) and its marks (seconds).
Spans = tuple[float, tuple[tuple[SegmentKind, float, float], ...], tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class Advice:
    """The suggestion in force after every run, and the hints it lets through (from the
    latest runs' findings, as Today shows them)."""

    suggestion: Guidance
    hints: tuple[Hint, ...]


class SharedAnalysis:
    def __init__(self) -> None:
        #: How often each piece was worked out since this object was made ("timeline",
        #: "findings", "advice").
        self.computed: Counter[str] = Counter()
        self._lines: dict[int, tuple[RunRecord, Timeline]] = {}
        self._spans: dict[int, tuple[RunRecord, Spans]] = {}
        self._found: list[Finding] | None = None
        self._advice: Advice | None = None

    def reset(self) -> None:
        """New runs (or a new clearance): everything is worked out again when next asked."""
        self._lines.clear()
        self._spans.clear()
        self.shown_changed()
        self._advice = None

    def shown_changed(self) -> None:
        """Other runs are shown (the filters): their findings are worked out again."""
        self._found = None

    def timeline(self, run: RunRecord) -> Timeline:
        """``chartdata.timeline(run)``, once per run (the same record: a reloaded or completed
        run is another object, and is worked out again)."""
        cached = self._lines.get(run.id)
        if cached is not None and cached[0] is run:
            return cached[1]
        line = chartdata.timeline(run)
        self.computed["timeline"] += 1
        self._lines[run.id] = (run, line)
        return line

    def spans(self, run: RunRecord) -> Spans:
        """What the run list's sparkline draws of ``run``: the seconds the bar stands for
        (``Timeline.seconds``, 1 at least), the bands (kind, start, end) and the marks'
        seconds, as ``chartdata.spans`` gives them; once per run (the same record)."""
        cached = self._spans.get(run.id)
        if cached is not None and cached[0] is run:
            return cached[1]
        seconds, bands, points = chartdata.spans(run)
        spans = (max(seconds, 1.0), bands, points)  # (an empty run: no division by 0)
        self.computed["spans"] += 1
        self._spans[run.id] = (run, spans)
        return spans

    def findings(self, shown: Sequence[RunRecord]) -> list[Finding]:
        """The findings of the runs shown (the caller says when they change)."""
        if self._found is None:
            self._found = findings(shown)
            self.computed["findings"] += 1
        return self._found

    def advice(
        self,
        every_run: Sequence[RunRecord],
        log: Sequence[AdviceEntry],
        cleared_at: datetime | None,
    ) -> Advice:
        """The suggestion in force (``guidance_for`` over every run, held by the advice log's
        last hold) and its hints."""
        if self._advice is None:
            last = log[-1] if log else None
            suggestion = in_force(
                last, guidance_for(every_run, cleared_at=cleared_at), every_run, cleared_at
            )
            hints = hints_for(findings(recent(every_run)), suggestion)  # as Today: latest runs
            self._advice = Advice(suggestion, hints)
            self.computed["advice"] += 1
        return self._advice
