"""What the app presenter (``app_presenter``) works with: its context (the outside world, injected
so that tests own it) and the view protocols the Qt window and the tests' fake view implement.
Nothing here imports Qt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from couchtimer.core.engine import Clock
    from couchtimer.core.findings import Finding
    from couchtimer.core.guidance import Guidance
    from couchtimer.core.hints import Hint
    from couchtimer.core.history import RunRecord
    from couchtimer.core.programme import Programme, Workout
    from couchtimer.core.recording import Recorder
    from couchtimer.core.settings import Value
    from couchtimer.run.session import CueSource, RunSession, RunView
    from couchtimer.store import HistoryStore
    from couchtimer.ui.post_run import PostRun


class AppPlayer(Protocol):
    available: bool
    problem: str | None

    def play(self, cue_id: str) -> None: ...

    def plan(
        self, cue_ids: Sequence[str], at: float, now: Callable[[], float], speed: float
    ) -> None: ...

    def cancel_plan(self) -> bool: ...

    def ticked(self) -> None: ...

    def close(self) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def preview(self, cue_id: str, volume: float) -> None: ...


class AppSettings(Protocol):
    """The runner's settings as the app uses them (``ui.settings_store.SettingsStore``)."""

    def values(self) -> dict[str, Value]: ...

    def save(self, values: dict[str, Value]) -> None: ...

    def start_week(self, programme_id: str) -> int | None: ...

    def set_start_week(self, programme_id: str, week: int) -> None: ...

    @property
    def report_dismissed(self) -> str: ...

    def dismiss_report(self, run_uuid: str) -> None: ...


class LaunchRequest(Protocol):
    """What a later launch asks (``ui.desktop.Request``)."""

    @property
    def start(self) -> tuple[int, int] | None: ...

    @property
    def token(self) -> str | None: ...

    @property
    def start_next(self) -> bool: ...


#: The notification a later launch brings where the open window cannot come forward itself.
ALREADY_OPEN = "CouchTimer is already open"


def _nothing_completed(_programme_id: str) -> set[tuple[int, int]]:
    return set()


class AppContext:
    """Everything the app needs from the outside world, injected so tests can own it.

    A plain class, not a dataclass: the app makes it before its first frame, and making a
    dataclass costs about 3.7 M instructions (benchmarks/startup.py)."""

    def __init__(
        self,
        programmes: list[Programme],
        settings: AppSettings,
        player_factory: Callable[[], AppPlayer],  # opened after the window shows (start-up)
        clock: Clock,
        cue_source: Callable[[Workout, dict[str, Value]], CueSource],
        utc_now: Callable[[], datetime],
        speed: float = 1.0,
        recorder_factory: Callable[[], Recorder] | None = None,
        completed: Callable[[str], set[tuple[int, int]]] = _nothing_completed,
        # A yes/no question (parent window, title, text); tests answer it instead of a dialog.
        ask: Callable[[Any, str, str], bool] | None = None,
        store: HistoryStore | None = None,
        store_problem: str | None = None,  # why history is not being saved (shown, never fatal)
    ) -> None:
        self.programmes = programmes
        self.settings = settings
        self.player_factory = player_factory
        self.clock = clock
        self.cue_source = cue_source
        self.utc_now = utc_now
        self.speed = speed
        self.recorder_factory = recorder_factory
        self.completed = completed
        self.ask = ask
        self.store = store
        self.store_problem = store_problem

    def red_flags_cleared_at(self) -> datetime | None:
        """When the runner last said a doctor or physio has seen them: the history file's
        (``store/facts.py``, health data: never a setting); None without a history file.
        StoreError when the file cannot be read."""
        if self.store is None:
            return None
        from couchtimer.store.facts import red_flags_cleared_at

        return red_flags_cleared_at(self.store)

    def clear_red_flags(self, at: datetime) -> None:
        """Keep in the history file that a doctor or physio has seen the runner, at ``at``;
        StoreError when there is no file or it cannot take it, saying why and that the hold
        stays (nothing shown lifted that is not kept)."""
        from couchtimer.store.errors import StoreError
        from couchtimer.store.facts import clear_red_flags

        try:
            if self.store is None:
                raise StoreError(self.store_problem or "There is no history file.")
            clear_red_flags(self.store, at)
        except StoreError as exc:
            raise StoreError(f"{exc} {HOLD_STAYS}") from exc


#: After why "I have been seen by a doctor or physio" was not kept in the history file.
HOLD_STAYS = "Today keeps the urgent advice until this can be saved; try again then."


class TodayView(Protocol):
    """What the presenter tells the Today screen (``ui.today.TodayScreen``)."""

    @property
    def next_run(self) -> tuple[int, int]: ...

    @property
    def selected(self) -> tuple[int, int] | None: ...

    def select(self, week: int, run: int) -> None: ...

    def set_programmes(self, names: Sequence[str], current: int) -> None: ...

    def set_programme(
        self,
        programme: Programme,
        completed: set[tuple[int, int]],
        next_run: tuple[int, int] | None = None,
    ) -> None: ...

    def set_guidance(
        self,
        guidance: Guidance | None,
        advice: str = "",
        found: Sequence[Finding] = (),
        hints: Sequence[Hint] = (),
    ) -> None: ...

    def ask_start_week(self, week: int | None) -> None: ...

    def set_report_reminder(self, code: str | None) -> None: ...

    def set_checkin_reminder(self, words: str | None) -> None: ...

    def set_notice(self, text: str) -> None: ...


class WindowView(Protocol):
    """What the presenter asks of the window."""

    @property
    def today(self) -> TodayView: ...

    @property
    def post_run_open(self) -> bool:
        """A post-run report dialog is open (after a run, from History or Today)."""

    def status(self, text: str, msecs: int = 15000) -> None: ...

    def warn(self, title: str, text: str) -> None: ...

    def ask(self, title: str, question: str) -> bool:
        """Yes or no; anything but yes is no."""

    def choose(self, title: str, text: str, yes: str, no: str) -> bool:
        """Two named answers; anything but ``no`` itself (a closed box) is yes."""

    def run_view(self) -> RunView: ...

    def show_sound_problem(self, problem: str | None) -> None: ...

    def begin_run(self, run: RunSession, title: str, single_keys: bool) -> None:
        """Show the run screen and drive ``run`` from the clock."""

    def end_run(self) -> None:
        """Stop driving the run; back to the tabs."""

    def keep_retrying(self, retrying: bool) -> None:
        """Call ``AppPresenter.keep_saving`` every few seconds while ``retrying``."""

    def open_post_run(self, post_run: PostRun) -> None:
        """The post-run dialog; its answer goes to ``AppPresenter.save_report``."""

    def open_checkin(self, run: RunRecord) -> None:
        """The check-in dialog; its answer goes to ``Checkins.save (ui/checkins.py)``."""

    def show_cleared_at(self, cleared_at: datetime | None) -> None:
        """When red flags were last cleared (History marks the runs before it)."""

    def refresh_history(self) -> None:
        """A run's report changed: the History tab, if built, shows it."""

    def raise_window(self, token: str | None = None) -> bool:
        """Come to the front; False where that cannot work (Wayland without a token)."""

    def notify(self, summary: str, body: str) -> None: ...


def checkin_words(run: RunRecord) -> str:
    """The Today link to the check-in: ``How is it this morning? (after W4R3 on Tuesday)``."""
    when = run.started_at.astimezone().strftime("%A")
    return f"How is it this morning? (after {run.code} on {when})"


def run_words(run: RunRecord) -> str:
    when = run.started_at.astimezone().strftime("%A")
    return f"After week {run.week}, run {run.run} on {when}, where you noted some discomfort."
