"""Every file format CouchTimer reads or writes, by name: the one table the commands and the
store look formats up in (MusicBrainz Picard's ``formats/`` registry is the pattern).

A new format is a module here with its reader and/or writer, and one row below. History
formats turn runs into text; JSON is the one ``couchtimer import`` reads back
(``history_json.read_export``). Activity formats are read by
``couchtimer.formats.read_activity``, which tells them apart by their content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from couchtimer.core.advice import AdviceEntry
from couchtimer.core.history import RunRecord
from couchtimer.formats import FORMATS as ACTIVITY_FORMATS
from couchtimer.formats.history_csv import history_csv
from couchtimer.formats.history_json import export_json

# runs, the export's time, the advice log, kept recordings by run id, when the runner was last
# seen by a doctor or physio (JSON carries the last three)
HistoryWriter = Callable[
    [
        Sequence[RunRecord],
        datetime,
        Sequence[AdviceEntry],
        Mapping[int, dict[str, Any]],
        datetime | None,
    ],
    str,
]


@dataclass(frozen=True, slots=True)
class HistoryFormat:
    """A way to write the whole history to one file (``couchtimer export``)."""

    name: str
    suffix: str
    description: str
    write: HistoryWriter


def _csv(
    runs: Sequence[RunRecord],
    now: datetime,
    advice: Sequence[AdviceEntry],
    recordings: Mapping[int, dict[str, Any]],
    cleared_at: datetime | None,
) -> str:
    # the spreadsheet has no export time, advice, recordings or "seen by a doctor or physio"
    return history_csv(list(runs))


def _json(
    runs: Sequence[RunRecord],
    now: datetime,
    advice: Sequence[AdviceEntry],
    recordings: Mapping[int, dict[str, Any]],
    cleared_at: datetime | None,
) -> str:
    return export_json(list(runs), now, advice, recordings, cleared_at)


HISTORY_FORMATS: dict[str, HistoryFormat] = {
    f.name: f
    for f in (
        HistoryFormat("json", ".json", "complete, re-importable", _json),
        HistoryFormat("csv", ".csv", "a row per run and per pain mark", _csv),
    )
}


def history_format(name: str) -> HistoryFormat | None:
    return HISTORY_FORMATS.get(name)


def guess_history_format(target: str) -> str:
    """The format a file name asks for by its suffix; JSON (the complete one) otherwise."""
    for fmt in HISTORY_FORMATS.values():
        if target.endswith(fmt.suffix):
            return fmt.name
    return "json"


__all__ = ["ACTIVITY_FORMATS", "HISTORY_FORMATS", "HistoryFormat", "guess_history_format"]
