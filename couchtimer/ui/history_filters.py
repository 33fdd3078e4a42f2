"""The History tab's filters: programme, from and to dates, body area, and how many runs they
let through; ``keep(runs)`` is the runs they let through."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from couchtimer.core import analysis
from couchtimer.core.history import RunRecord, in_days
from couchtimer.core.pain import Region


class RunFilters(QWidget):
    """One row of filters; ``changed`` when the runner changes one (not when set in code)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programme = QComboBox()
        self.programme.setObjectName("programme_filter")
        self.programme.setAccessibleName("Programme")
        self.date_from = QDateEdit()
        self.date_from.setObjectName("from_filter")
        self.date_from.setCalendarPopup(True)
        self.date_to = QDateEdit()
        self.date_to.setObjectName("to_filter")
        self.date_to.setCalendarPopup(True)
        for edit, words in ((self.date_from, "From date"), (self.date_to, "To date")):
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(words)
        self.region = QComboBox()
        self.region.setObjectName("region_filter")
        self.region.setAccessibleName("Body area")
        self.region.addItem("All body areas", None)
        for region in Region:
            self.region.addItem(region.words, region)
        self.count = QLabel()
        self.count.setObjectName("run_count")

        filters = QHBoxLayout(self)
        filters.setContentsMargins(0, 0, 0, 0)
        for words, widget in (
            ("Programme", self.programme),
            ("From", self.date_from),
            ("to", self.date_to),
            ("Body area", self.region),
        ):
            label = QLabel(words)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        self._setting = False
        self.programme.currentIndexChanged.connect(self._changed)
        self.region.currentIndexChanged.connect(self._changed)
        self.date_from.dateChanged.connect(self._changed)
        self.date_to.dateChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._setting:
            self.changed.emit()

    def cover(self, runs: Sequence[RunRecord]) -> None:
        """Filters that let every one of ``runs`` (in date order) through: their programmes,
        their first to their last day, all body areas."""
        self._setting = True
        self.programme.clear()
        self.programme.addItem("All programmes", None)
        for programme_id in sorted({r.programme_id for r in runs}):
            self.programme.addItem(programme_id, programme_id)
        first = runs[0].day if runs else date.today()
        last = runs[-1].day if runs else date.today()
        for edit in (self.date_from, self.date_to):
            edit.setDateRange(
                QDate(first.year, first.month, first.day), QDate(last.year, last.month, last.day)
            )
        self.date_from.setDate(QDate(first.year, first.month, first.day))
        self.date_to.setDate(QDate(last.year, last.month, last.day))
        self.region.setCurrentIndex(0)
        for widget in (self.programme, self.date_from, self.date_to, self.region):
            widget.setEnabled(bool(runs))
        self._setting = False

    def set(
        self,
        programme_id: str | None = None,
        first: date | None = None,
        last: date | None = None,
        region: Region | None = None,
    ) -> None:
        """Set the filters in one go (what the widgets do one at a time)."""
        self._setting = True
        self.programme.setCurrentIndex(max(0, self.programme.findData(programme_id)))
        if first is not None:
            self.date_from.setDate(QDate(first.year, first.month, first.day))
        if last is not None:
            self.date_to.setDate(QDate(last.year, last.month, last.day))
        self.region.setCurrentIndex(max(0, self.region.findData(region)))
        self._setting = False

    def keep(self, runs: Sequence[RunRecord]) -> list[RunRecord]:
        """The runs the filters let through, in the order given."""
        programme_id = self.programme.currentData()
        region = self.region.currentData()
        first = _day(self.date_from.date())
        last = _day(self.date_to.date())
        return [
            run
            for run in runs
            if (programme_id is None or run.programme_id == programme_id)
            and in_days(run.started_at, first, last)
            and (region is None or region in analysis.regions_of(run))
        ]


def _day(day: QDate) -> date:
    """A QDate as a ``date`` (``QDate.toPython`` is typed as returning ``object``)."""
    return date(day.year(), day.month(), day.day())
