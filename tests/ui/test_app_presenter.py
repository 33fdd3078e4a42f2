"""The app presenter's decisions, without widgets: the red-flag start gate, the morning check-in
that is due, retrying writes the history file refused, interrupted runs and a later launch.
A fake window (tests/helpers/stubs.py) stands in for the Qt one; the history file is real."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from couchtimer.core.history import RunRecord, RunStatus
from couchtimer.core.pain import PainMark, PainReport
from couchtimer.core.recording import MemoryRecorder
from couchtimer.core.redflags import START_ANYWAY_TITLE
from couchtimer.programmes import resolve_programme
from couchtimer.store import HistoryStore
from couchtimer.store.facts import clear_red_flags, red_flags_cleared_at
from couchtimer.store.rows import insert_run
from couchtimer.ui.app_presenter import AppPresenter
from couchtimer.ui.desktop import Request
from couchtimer.ui.window_view import ALREADY_OPEN
from tests.helpers import runs
from tests.helpers.stubs import FakeClock, FakeWindow
from tests.helpers.windows import make_app_context

ROOT = Path(__file__).resolve().parents[2]
C25K = resolve_programme("nhs-c25k")
NOW = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)  # the morning the app is opened
FLAGGED_AT = NOW - timedelta(days=1)  # when c25k_run(1, ...) started


def c25k_run(
    days_ago: float, week: int, run: int, pain: int = 0, flags: tuple[str, ...] = ()
) -> RunRecord:
    """A finished C25K run ``days_ago`` days before NOW, with a pain mark of ``pain``."""
    started = NOW - timedelta(days=days_ago)
    return runs.c25k_run(int(days_ago * 10), started, week, run, pain, flags=flags)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "history.db", backups=False) as opened:
        yield opened


def presenter_with(
    store: HistoryStore | None, tmp_path: Path, runs: Sequence[RunRecord] = (), **overrides: object
) -> tuple[AppPresenter, FakeWindow]:
    if store is not None:
        with store.transaction() as conn:
            for record in runs:
                insert_run(conn, record)
    clock = FakeClock()
    window = FakeWindow(clock)
    ctx = make_app_context(
        tmp_path, clock=clock, store=store, programmes=[C25K], now=NOW, ask=window.answers
    )
    for name, value in overrides.items():
        setattr(ctx, name, value)
    presenter = AppPresenter(ctx, window)
    presenter.refresh_programmes()
    return presenter, window


def test_the_presenter_never_loads_qt(tmp_path: Path) -> None:
    """Imported and driven through a whole run (start, finish, report, check-in, a later
    launch), the presenter loads no PySide6 module: its decisions are testable without Qt."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from couchtimer.core.pain import PainReport\n"
        "from couchtimer.store import HistoryStore\n"
        "from couchtimer.ui.app_presenter import AppPresenter\n"
        "from types import SimpleNamespace\n"
        "from tests.helpers.stubs import FakeClock, FakeWindow\n"
        "from tests.helpers.windows import make_app_context\n"
        f"store = HistoryStore.open(Path({str(tmp_path / 'h.db')!r}), backups=False)\n"
        "clock = FakeClock()\n"
        "window = FakeWindow(clock)\n"
        f"ctx = make_app_context(Path({str(tmp_path)!r}), clock=clock, store=store)\n"
        "app = AppPresenter(ctx, window)\n"
        "app.attach_store(store, None)\n"
        "app.startup_checks()\n"
        "app.handle_request(SimpleNamespace(start=(1, 1), token=None, start_next=False))\n"
        "window.run.mark_pain(clock.advance(5))\n"
        "window.run.finish_early(clock.advance(5))\n"
        "app.finish(window.run.finished)\n"
        "app.save_report(window.post_runs[-1].run_id, PainReport(True))\n"
        "app.checkins.open()\n"
        "store.close()\n"
        "print(sorted(name for name in sys.modules if name.startswith('PySide6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def finish(presenter: AppPresenter, window: FakeWindow) -> None:
    """End the run the window drives now and hand its end to the presenter."""
    run = window.run
    assert run is not None
    run.finish_early(window.clock.advance(10))
    assert run.finished is not None
    presenter.finish(run.finished)


# --- the red-flag start gate ---


def test_after_red_flags_a_run_starts_only_when_the_runner_says_start_anyway(
    store: HistoryStore, tmp_path: Path
) -> None:
    runs = [c25k_run(3, 4, 1), c25k_run(1, 4, 2, 3, flags=("bladder-bowel",))]
    presenter, window = presenter_with(store, tmp_path, runs)
    assert presenter.on_hold
    window.answers.reply = False
    presenter.start_run(4, 2)
    assert window.answers.asked == [START_ANYWAY_TITLE]
    assert window.answers.questions[0].startswith("Get medical help now: call 999 or go to A&E.")
    assert (presenter.run, window.run) == (None, None)  # said no: no run
    window.answers.reply = True
    presenter.start_run(4, 2)
    assert window.answers.asked == [START_ANYWAY_TITLE, START_ANYWAY_TITLE]
    assert window.run is not None
    assert window.run is presenter.run
    assert window.run.workout.code == "W4R2"


def test_without_red_flags_a_run_starts_without_a_question(
    store: HistoryStore, tmp_path: Path
) -> None:
    """The other side of the gate: pain below the red flags (7/10, no flag) asks nothing."""
    presenter, window = presenter_with(store, tmp_path, [c25k_run(1, 4, 2, 7)])
    assert not presenter.on_hold
    presenter.start_run(4, 2)
    assert window.answers.asked == []
    assert window.run is not None


def test_seen_by_a_professional_lifts_the_gate(store: HistoryStore, tmp_path: Path) -> None:
    runs = [c25k_run(1, 4, 2, 3, flags=("bladder-bowel",))]
    presenter, window = presenter_with(store, tmp_path, runs)
    assert presenter.on_hold
    window.answers.reply = False
    presenter.confirm_seen_professional()  # "no": still held
    assert presenter.on_hold
    window.answers.reply = True
    presenter.confirm_seen_professional()
    assert window.answers.asked == ["Seen by a doctor or physio?"] * 2
    assert presenter.on_hold is False
    assert window.cleared_at == NOW
    assert red_flags_cleared_at(store) == NOW  # kept in the history file, not the settings
    presenter.start_run(4, 2)
    assert window.answers.asked == ["Seen by a doctor or physio?"] * 2  # no gate question
    assert window.run is not None


# --- while the app opens: no run before the start-up checks ---


def test_while_opening_no_run_starts_and_a_later_launch_waits_for_the_gate(
    store: HistoryStore, tmp_path: Path
) -> None:
    """The app shows its window before it reads the history file (start-up time): until the
    start-up checks have run, Start does nothing (it could skip the red-flag gate) and a later
    launch's run waits; after them the gate asks first, as ever."""
    runs = [c25k_run(3, 4, 1), c25k_run(1, 4, 2, 3, flags=("bladder-bowel",))]
    presenter, window = presenter_with(store, tmp_path, runs)
    presenter.hold_starts()
    presenter.start_run(4, 2)
    assert window.statuses[-1] == "Opening your history file; press Start again in a moment."
    presenter.handle_request(Request((4, 2), "activation-1"))
    assert (window.answers.asked, window.run, window.tokens) == ([], None, [])
    window.answers.reply = True
    presenter.startup_checks(ask_checkin=False)
    assert window.answers.asked == [START_ANYWAY_TITLE]
    assert window.tokens == ["activation-1"]
    assert window.run is not None
    assert window.run.workout.code == "W4R2"


def test_an_interrupted_run_is_offered_back_before_a_waiting_run_starts(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    with HistoryStore.open(path, backups=False) as crashed:  # the app killed mid-run
        crashed.recorder(lambda: NOW).start(C25K.id, C25K.workout(1, 1), NOW)
    with HistoryStore.open(path, backups=False) as store:
        presenter, window = presenter_with(store, tmp_path)
        presenter.hold_starts()
        presenter.handle_request(Request((1, 2)))
        assert (window.answers.asked, window.run) == ([], None)
        presenter.startup_checks(ask_checkin=False)
        assert window.answers.asked == ["A run was interrupted"]
        assert window.run is not None
        assert window.run.workout.code == "W1R2"
        statuses = [run.status for run in store.load_runs()]
        assert statuses == [RunStatus.ENDED_EARLY, RunStatus.IN_PROGRESS]  # kept, then the new


def test_once_the_checks_have_run_start_starts_at_once(tmp_path: Path) -> None:
    """The other side of the hold: after the start-up checks (no history file here: nothing to
    ask), Start starts the run with no question."""
    presenter, window = presenter_with(None, tmp_path)
    presenter.hold_starts()
    presenter.startup_checks()
    presenter.start_run(1, 1)
    assert window.answers.asked == []
    assert window.run is not None
    assert window.run.workout.code == "W1R1"


@pytest.mark.parametrize(
    ("seen", "held"),
    [(None, True), (FLAGGED_AT, True), (FLAGGED_AT + timedelta(seconds=1), False)],
    ids=["never", "as the run started", "a second after the run started"],
)
def test_the_gate_reads_when_the_runner_was_seen_from_the_history_file(
    store: HistoryStore, tmp_path: Path, seen: datetime | None, held: bool
) -> None:
    """Red flags from runs started before the moment the file keeps stop holding; a run started
    at that moment or later still holds."""
    if seen is not None:
        clear_red_flags(store, seen)
    runs = [c25k_run(1, 4, 2, 3, flags=("bladder-bowel",))]
    assert runs[0].started_at == FLAGGED_AT
    presenter, window = presenter_with(store, tmp_path, runs)
    assert presenter.cleared_at == seen
    assert presenter.on_hold is held
    assert window.cleared_at == seen


def test_seen_is_not_kept_when_the_file_cannot_take_it_and_the_hold_stays(
    store: HistoryStore, tmp_path: Path
) -> None:
    """Another program holds the history's write lock: the runner is told it was not saved,
    and Today keeps the urgent advice (never shown lifted without being kept)."""
    runs = [c25k_run(1, 4, 2, 3, flags=("bladder-bowel",))]
    presenter, window = presenter_with(store, tmp_path, runs)
    store.connection.execute("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        window.answers.reply = True
        presenter.confirm_seen_professional()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [title for title, _text in window.warnings] == ["Not saved"]
    assert window.warnings[0][1].endswith(
        "Today keeps the urgent advice until this can be saved; try again then."
    )
    assert presenter.on_hold
    assert red_flags_cleared_at(store) is None


def test_without_a_history_file_seen_is_not_kept(tmp_path: Path) -> None:
    presenter, window = presenter_with(None, tmp_path, store_problem="The disk is gone.")
    window.answers.reply = True
    presenter.confirm_seen_professional()
    assert window.warnings == [
        (
            "Not saved",
            "The disk is gone. Today keeps the urgent advice until this can be saved; "
            "try again then.",
        )
    ]
    assert presenter.cleared_at is None


# --- the morning check-in ---


@pytest.mark.parametrize(
    ("days_ago", "due"),
    [(0.1, False), (1, True), (2, True), (3, False)],
    ids=["same day", "the morning after", "two days on", "three days on"],
)
def test_the_checkin_is_due_from_the_day_after_discomfort_for_two_days(
    store: HistoryStore, tmp_path: Path, days_ago: float, due: bool
) -> None:
    presenter, window = presenter_with(store, tmp_path, [c25k_run(days_ago, 4, 2, 4)])
    presenter.checkins.refresh(ask=True)
    assert (presenter.checkins.due() is not None) is due
    assert len(window.checkins) == (1 if due else 0)  # asked at once only when due
    if due:
        assert window.today.checkin_reminder is not None
        assert window.today.checkin_reminder.startswith("How is it this morning? (after W4R2 on ")


def test_no_checkin_is_due_after_a_run_without_discomfort(
    store: HistoryStore, tmp_path: Path
) -> None:
    presenter, window = presenter_with(store, tmp_path, [c25k_run(1, 4, 2)])
    presenter.checkins.refresh(ask=True)
    assert presenter.checkins.due() is None
    assert (window.checkins, window.today.checkin_reminder) == ([], None)
    presenter.checkins.open()  # from the menu: nothing to ask about
    assert window.statuses[-1] == "No run with discomfort to check in on yet."


# --- writes the history file refused ---


class RefusingRecorder(MemoryRecorder):
    """A recorder whose file refuses writes until ``accept`` (locked, full disk...)."""

    def __init__(self, refused: bool) -> None:
        super().__init__(lambda: NOW)
        self.run_id = 7
        self.pending_writes = 3 if refused else 0
        self.problem: str | None = "The disk is full." if refused else None
        self.flushes = 0

    def flush(self, timeout: float | None = None) -> bool:
        self.flushes += 1
        return self.pending_writes == 0

    def accept(self) -> None:
        self.pending_writes, self.problem = 0, None


def test_a_run_the_file_refused_is_retried_until_it_is_in(tmp_path: Path) -> None:
    recorder = RefusingRecorder(refused=True)
    presenter, window = presenter_with(None, tmp_path, recorder_factory=lambda: recorder)
    presenter.start_run(1, 1)
    assert window.run is not None
    finish(presenter, window)
    assert (window.runs_ended, window.retrying) == (1, True)
    assert window.today.notice == (
        "The last run is not saved yet: The disk is full. CouchTimer keeps trying while it is open."
    )
    presenter.keep_saving()  # the timer's next try: still refused
    assert (recorder.flushes, window.retrying) == (2, True)
    recorder.accept()
    presenter.keep_saving()
    assert (recorder.flushes, window.retrying) == (3, False)
    assert window.today.notice == "The last run is now saved in your history."
    assert presenter.unsaved is None


def test_a_run_the_file_took_is_not_retried(tmp_path: Path) -> None:
    recorder = RefusingRecorder(refused=False)
    presenter, window = presenter_with(None, tmp_path, recorder_factory=lambda: recorder)
    presenter.start_run(1, 1)
    assert window.run is not None
    finish(presenter, window)
    assert (window.retrying, recorder.flushes, presenter.unsaved) == (False, 0, None)
    assert window.today.notice == "Run ended early."


def test_a_finished_run_asks_its_report_and_saves_it(store: HistoryStore, tmp_path: Path) -> None:
    presenter, window = presenter_with(store, tmp_path)
    presenter.attach_store(store, None)
    presenter.start_run(1, 1)
    assert window.run is not None
    window.run.mark_pain(window.clock.advance(30))
    finish(presenter, window)
    (post_run,) = window.post_runs
    assert (post_run.workout.code, post_run.completed) == ("W1R1", False)
    assert post_run.marks == (PainMark(30000, 0, None),)
    report = PainReport(True)
    presenter.save_report(post_run.run_id, report)
    assert store.load_run(post_run.run_id).report == report
    assert window.history_refreshes == 1


# --- interrupted runs ---


@pytest.mark.parametrize(("keep", "left"), [(True, [RunStatus.ENDED_EARLY]), (False, [])])
def test_an_interrupted_run_is_kept_or_discarded_as_the_runner_says(
    tmp_path: Path, keep: bool, left: list[RunStatus]
) -> None:
    path = tmp_path / "history.db"
    with HistoryStore.open(path, backups=False) as crashed:  # the app killed mid-run
        recorder = crashed.recorder(lambda: NOW)
        recorder.start(C25K.id, C25K.workout(1, 1), NOW)
        recorder.add_mark(PainMark(1500, 0, 2))
    with HistoryStore.open(path, backups=False) as store:
        presenter, window = presenter_with(store, tmp_path)
        window.answers.reply = keep
        presenter.startup_checks(ask_checkin=False)
        assert window.answers.asked == ["A run was interrupted"]
        assert window.answers.questions[0].startswith("Week 1, run 1 on ")
        assert window.answers.questions[0].endswith(
            "stopped before it ended (0 segments and 1 pain marks were saved)."
        )
        assert [run.status for run in store.load_runs()] == left
        presenter.startup_checks(ask_checkin=False)  # resolved: not asked again
        assert window.answers.asked == ["A run was interrupted"]


# --- a later launch ---


def test_a_later_launch_starts_its_run_in_the_raised_window(tmp_path: Path) -> None:
    presenter, window = presenter_with(None, tmp_path)
    presenter.handle_request(Request((2, 1), "activation-1"))
    assert window.tokens == ["activation-1"]
    assert window.run is not None
    assert window.run.workout.code == "W2R1"
    assert window.today.selected == (2, 1)
    assert window.notifications == []  # the window came forward: nothing to say


def test_a_later_launch_that_cannot_raise_the_window_says_so(tmp_path: Path) -> None:
    presenter, window = presenter_with(None, tmp_path)
    window.raises = False
    presenter.handle_request(Request(start_next=True))
    assert window.run is not None
    assert window.notifications == [
        (
            ALREADY_OPEN,
            "Week 1, run 1 has started in it. Switch to it from your desktop's list of windows.",
        )
    ]


def test_a_later_launch_never_starts_a_second_run(tmp_path: Path) -> None:
    presenter, window = presenter_with(None, tmp_path)
    presenter.start_run(1, 1)
    first = window.run
    window.raises = False
    presenter.handle_request(Request(start_next=True))
    presenter.handle_request(Request(start=(3, 2)))
    assert window.run is first
    assert window.statuses == [
        "A run is in progress; the next run was not started.",
        "A run is in progress; week 3, run 2 was not started.",
    ]
    assert (
        window.notifications
        == [
            (ALREADY_OPEN, "Switch to it from your desktop's list of windows."),
        ]
        * 2
    )


def test_a_later_launch_asking_for_a_run_the_programme_lacks_starts_nothing(
    tmp_path: Path,
) -> None:
    presenter, window = presenter_with(None, tmp_path)
    presenter.handle_request(Request(start=(12, 1)))
    assert window.run is None
    (said,) = window.statuses
    assert said.startswith("NHS Couch to 5K (nhs-c25k) has no week 12 run 1; choose one of: W1R1,")
