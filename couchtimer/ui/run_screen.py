"""The run screen: readable from two metres away, every action on a key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QFont,
    QKeySequence,
    QPalette,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from couchtimer.charts.theme import is_dark, kind_colour, text_colour_on
from couchtimer.core.engine import EngineState, Event, SegmentTiming, WorkoutFinished
from couchtimer.core.pain import PainMark
from couchtimer.core.placement import segment_name
from couchtimer.core.programme import Workout
from couchtimer.run.session import RunDisplay, clock_text
from couchtimer.ui.run_labels import FitLabel, plain_label
from couchtimer.ui.segment_bar import SegmentBar

#: Keys that type a character: the "require a modifier" setting puts Alt on these (2.1.4).
SINGLE_KEYS = frozenset({"Space", "P", *"0123456789", "+", "=", "-"})
#: Volume keys on the run screen: + (or = , the same key unshifted) louder, - quieter.
VOLUME_KEYS = {"+": 1, "=": 1, "-": -1}


def _seconds(countdown: str) -> int:
    """``"01:30"`` (or ``"1:02:03"``) in seconds."""
    total = 0
    for part in countdown.split(":"):
        total = total * 60 + (int(part) if part.isdigit() else 0)
    return total


#: Real seconds a spoken cue's words stay on the notice line.
CAPTION_SECONDS = 4.0
# What the run screen and the status bar say when there is no sound; `couchtimer doctor` and the
# log give the reason (the sound device, a cue file) in full.
NO_SOUND_NOTICE = "No sound, so cues show on screen only. 'couchtimer doctor' says why."


def save_problem_notice(problem: str | None, safe_in: Path | None) -> str:
    """The run screen's line while the history file does not take the run ("": it does)."""
    if problem is None:
        return ""
    where = (
        f"Everything so far is safe in {safe_in} and goes into your history as soon as "
        "the file can be written."
        if safe_in is not None
        else "It is kept in memory and saved as soon as the file can be written."
    )
    return f"Not in your history yet: {problem} The run goes on. {where}"


class RunScreen(QWidget):
    """Implements ``RunView``. Buttons and keys emit intents; the driver hands them on."""

    pause_requested = Signal()
    skip_requested = Signal()
    back_requested = Signal()
    pain_requested = Signal()
    intensity_chosen = Signal(int)
    end_requested = Signal()
    fullscreen_requested = Signal()
    volume_step = Signal(int)  # +1 louder, -1 quieter (the window says by how much)
    run_complete = Signal(object)  # WorkoutFinished
    announced = Signal(str)  # what was just sent to screen readers (4.1.3 status messages)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_screen")
        self.setAccessibleName("Run screen")
        self._display: RunDisplay | None = None
        self._workout: Workout | None = None

        self.kind_label = plain_label("segment_kind", bold=True)
        self.kind_label.setAutoFillBackground(True)
        self.kind_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.detail_label = plain_label("segment_detail")
        self.countdown_label = FitLabel("countdown")
        self.status_label = plain_label("status", bold=True)
        self.notice_label = plain_label("notice")
        self.notice_label.setWordWrap(True)
        self.sound_label = plain_label("sound_warning")
        self.sound_label.setWordWrap(True)
        self.sound_label.hide()
        self.bar = SegmentBar(self)
        self.bar.setMinimumHeight(56)
        self.next_label = plain_label("next_segment", align=Qt.AlignmentFlag.AlignLeft)
        self.total_label = plain_label("total_left", align=Qt.AlignmentFlag.AlignRight)

        self.prompt = QFrame(self)
        self.prompt.setObjectName("intensity_prompt")
        self.prompt.setFrameShape(QFrame.Shape.StyledPanel)
        self.prompt.setAccessibleName("Pain intensity prompt")
        prompt_layout = QVBoxLayout(self.prompt)
        self.single_keys = True  # Space, P and digits alone (set_single_keys)
        self.prompt_label = plain_label("intensity_prompt_text", align=Qt.AlignmentFlag.AlignLeft)
        self.prompt_label.setText(self._prompt_text("00:00", "Warm-up"))  # sized as it will be
        prompt_layout.addWidget(self.prompt_label)
        digits = QHBoxLayout()
        prompt_layout.addLayout(digits)
        self.intensity_buttons: list[QPushButton] = []
        for value in range(1, 11):
            key = "0" if value == 10 else str(value)
            button = QPushButton(str(value))
            button.setAccessibleName(f"{value}: pain intensity {value} of 10")
            button.setToolTip(f"Pain {value} of 10 (key {key})")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAutoDefault(True)  # Enter presses the focused button
            button.clicked.connect(lambda _=False, v=value: self.intensity_chosen.emit(v))
            digits.addWidget(button)
            self.intensity_buttons.append(button)
        # Its room is kept while it is hidden: the countdown and the bar never jump when it shows.
        policy = self.prompt.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.prompt.setSizePolicy(policy)
        self.prompt.hide()

        controls = QHBoxLayout()
        self.back_button = self._button(
            "← Back", "Back: restart this segment, or the previous one", "Left", self.back_requested
        )
        self.pause_button = self._button("Pause", "Pause or resume", "Space", self.pause_requested)
        # Named by what it does now ("Pause" / "Resume"), pressed while the run is paused.
        self.pause_button.setCheckable(True)
        self.skip_button = self._button(
            "Skip →", "Skip to the next segment", "Right", self.skip_requested
        )
        self.pain_button = self._button("Pain now", "Mark pain now", "P", self.pain_requested)
        self.end_button = self._button(
            "End run", "End this run early", "Ctrl+E", self.end_requested
        )
        self.full_button = self._button(
            "Full screen", "Treadmill mode: full screen", "F11", self.fullscreen_requested
        )
        self.controls = (
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.pain_button,
            self.end_button,
            self.full_button,
        )
        for button in self.controls:
            controls.addWidget(button)
        self.pain_button.setObjectName("pain_button")

        footer = QHBoxLayout()
        footer.addWidget(self.next_label, 1)
        self.volume_down_button = self._small_button("−", "Quieter (−)", -1)
        self.volume_label = plain_label("volume")
        self.volume_up_button = self._small_button("+", "Louder (+)", 1)
        for widget in (self.volume_down_button, self.volume_label, self.volume_up_button):
            footer.addWidget(widget)
        footer.addWidget(self.total_label, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.kind_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.countdown_label, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.sound_label)
        layout.addWidget(self.bar)
        layout.addLayout(footer)
        layout.addWidget(self.prompt)
        layout.addLayout(controls)
        # Tab: the run's buttons first, then the volume's (they sit higher, in the footer).
        QWidget.setTabOrder(self.full_button, self.volume_down_button)
        QWidget.setTabOrder(self.volume_down_button, self.volume_up_button)

        #: Key -> its action; the single character keys take Alt when the setting asks (2.1.4).
        self.key_actions: dict[str, QAction] = {}
        self._add_key("Space", self.pause_requested.emit)
        self._add_key("Right", self.skip_requested.emit)
        self._add_key("Left", self.back_requested.emit)
        self._add_key("P", self.pain_requested.emit)
        self._add_key("Ctrl+E", self.end_requested.emit)
        for key, step in VOLUME_KEYS.items():
            self._add_key(key, partial(self.volume_step.emit, step))
        # F11 and Esc are the window's (View > Full screen), so that they work on Today too.
        for value in range(1, 11):
            self._add_key("0" if value == 10 else str(value), partial(self._digit, value))
        self._font_height = 0
        self._notice = ""
        self._caption = ""
        self._caption_timer = QTimer(self)
        self._caption_timer.setSingleShot(True)
        self._caption_timer.setInterval(int(CAPTION_SECONDS * 1000))
        self._caption_timer.timeout.connect(self._clear_caption)
        self._watched_window: object | None = None
        self._watched_screens: list[QScreen] = []
        self._apply_fonts()

    def _button(self, text: str, tip: str, key: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("tip", tip)
        button.setProperty("key", key)
        self._set_tip(button, key)
        # Text and description, no fixed name: the name is the visible label (2.5.3).
        button.setAccessibleDescription(tip)
        # Tab reaches the buttons (2.1.1); a click does not take focus from the run screen.
        # Space stays the pause key even on a focused button (the window's shortcut comes
        # first); Enter presses the focused button.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(True)
        button.setMinimumHeight(button.sizeHint().height() * 3 // 2)
        button.clicked.connect(signal.emit)
        return button

    def _small_button(self, text: str, name: str, step: int) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("volume_up" if step > 0 else "volume_down")
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(True)
        button.setFixedWidth(button.fontMetrics().horizontalAdvance("MM") + 16)
        button.clicked.connect(lambda _=False: self.volume_step.emit(step))
        return button

    def show_volume(self, percent: int, announce: bool = False) -> None:
        """The cue volume as the run screen shows it ("Volume 80 %"); said aloud on a change."""
        self.volume_label.setText(f"Volume {percent} %")
        self.volume_down_button.setEnabled(percent > 0)
        self.volume_up_button.setEnabled(percent < 100)
        if announce:
            self.announce(f"Volume {percent} %")

    @staticmethod
    def _set_tip(button: QPushButton, key: str) -> None:
        words = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{button.property('tip')} ({words})")

    def _add_key(self, key: str, slot: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        self.key_actions[key] = action

    def set_single_keys(self, single: bool) -> None:
        """Single character keys (Space, P, 0-9) alone, or only with Alt (WCAG 2.1.4)."""
        self.single_keys = single
        for key, action in self.key_actions.items():
            if key in SINGLE_KEYS:
                action.setShortcut(QKeySequence(key if single else f"Alt+{key}"))
        for button in self.controls:
            key = str(button.property("key"))
            self._set_tip(button, key if single or key not in SINGLE_KEYS else f"Alt+{key}")
        for value, button in enumerate(self.intensity_buttons, start=1):
            key = "0" if value == 10 else str(value)
            button.setToolTip(f"Pain {value} of 10 (key {key if single else 'Alt+' + key})")

    def key_for(self, key: str) -> str:
        """How ``key`` is pressed now, in words ("Space", or "Alt+Space")."""
        return key if self.single_keys or key not in SINGLE_KEYS else f"Alt+{key}"

    def announce(self, message: str, assertive: bool = False) -> None:
        """Have a screen reader say ``message`` now (a Qt announcement event, Qt >= 6.8)."""
        event = QAccessibleAnnouncementEvent(self, message)
        if assertive:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
        self.announced.emit(message)

    def _digit(self, value: int) -> None:
        if self.prompt.isVisible():
            self.intensity_chosen.emit(value)

    # --- RunView ---

    def set_workout(self, workout: Workout, title: str) -> None:
        self._workout = workout
        self.bar.set_segments(workout.segments)
        self.bar.set_marks(())
        self.setWindowTitle(title)

    def show_display(self, display: RunDisplay) -> None:
        """Called four times a second: touch only what changed (a countdown second, mostly)."""
        previous, self._display = self._display, display
        for label, text in (
            (self.kind_label, display.kind_text),
            (self.detail_label, display.detail),
            (self.countdown_label, display.countdown),
            (self.status_label, display.status),
            (self.next_label, display.next_text),
            (self.total_label, display.total_left),
        ):
            if label.text() != text:
                label.setText(text)
        if previous is None or previous.countdown != display.countdown:
            self.countdown_label.setAccessibleDescription(
                f"{display.countdown} left in this segment"
            )
        self.bar.set_now(self._bar_step(display.bar_position))
        paused = display.state is EngineState.PAUSED
        pause_text = "Resume" if paused else "Pause"
        if self.pause_button.text() != pause_text:
            self.pause_button.setText(pause_text)
        if self.pause_button.isChecked() != paused:
            self.pause_button.setChecked(paused)
        if previous is None or previous.kind is not display.kind:
            self._paint_kind()
        self._announce_change(previous, display)

    def _announce_change(self, previous: RunDisplay | None, display: RunDisplay) -> None:
        """Segment changes, pause and resume, said to a screen reader as they happen (4.1.3)."""
        running, paused = EngineState.RUNNING, EngineState.PAUSED
        if display.state not in (running, paused):
            return
        new_segment = (
            previous is None
            or previous.state not in (running, paused)
            or (previous.kind, previous.detail, previous.next_text)
            != (display.kind, display.detail, display.next_text)
            or _seconds(display.countdown) > _seconds(previous.countdown)
        )
        segment = display.detail or display.kind_text.capitalize()  # walks may have no detail
        if new_segment and display.state is running:
            parts = (display.kind_text, display.detail, f"{display.countdown} left")
            self.announce(
                ". ".join(part for part in parts if part) + f". {display.next_text}.",
                assertive=True,
            )
        elif previous is not None and previous.state is not display.state:
            if display.state is paused:
                self.announce(
                    f"Paused, {display.countdown} left in {segment}. "
                    f"Press {self.key_for('Space')} to resume.",
                    assertive=True,
                )
            else:
                self.announce(f"Resumed: {segment}, {display.countdown} left.")

    def _bar_step(self, planned_seconds: float) -> float:
        """The now marker moves in whole pixels: repaint the bar only when it would move."""
        total = self.bar.total_seconds
        width = max(1, self.bar.width())
        if total <= 0:
            return planned_seconds
        step = total / width
        return round(planned_seconds / step) * step

    def show_intensity_prompt(self, mark: PainMark | None) -> None:
        if mark is None:
            self.prompt.hide()
            return
        where = ""
        if self._workout is not None:
            where = segment_name(self._workout.segments, mark.segment_index)
        self.prompt_label.setText(self._prompt_text(clock_text(mark.offset_ms / 1000), where))
        self.prompt.show()
        self.announce(self.prompt_label.text(), assertive=True)

    def show_marks(self, marks: Sequence[PainMark], timings: Sequence[SegmentTiming]) -> None:
        rated = bool(marks) and marks[-1].intensity is not None
        if self.prompt.isVisible() and rated:
            self.announce(f"Pain {marks[-1].intensity} of 10 recorded.")
        self.bar.set_marks(marks, [timing.visit for timing in timings])

    def _prompt_text(self, when: str, where: str) -> str:
        digits = "1–9 (0 = 10)" if self.single_keys else "Alt+1–9 (Alt+0 = 10)"
        return f"Pain marked at {when} ({where}). How bad? Press {digits}, or just keep going."

    def show_notice(self, text: str) -> None:
        if text and text != self._notice:
            self.announce(text)  # a notice (not saved yet, asleep...) is said as it appears
        self._notice = text
        self._show_notice_line()

    def show_save_problem(self, problem: str | None, safe_in: Path | None) -> None:
        self.show_notice(save_problem_notice(problem, safe_in))

    def show_recording_failure(self, what: str, error: str) -> None:
        self.show_notice(f"{what} failed ({error}); the timer carries on.")

    def show_events(self, events: Sequence[Event]) -> None:
        """Nothing to add: the screen shows each event's outcome through ``show_display``."""

    def show_caption(self, text: str) -> None:
        """What a cue said, on the notice line for CAPTION_SECONDS (a notice takes precedence)."""
        self._caption = text
        self._caption_timer.start()
        self._show_notice_line()

    def _clear_caption(self) -> None:
        self._caption = ""
        self._show_notice_line()

    def _show_notice_line(self) -> None:
        text = self._notice or self._caption
        if self.notice_label.text() != text:
            self.notice_label.setText(text)

    def show_sound_problem(self, problem: str | None) -> None:
        """One plain line; the technical reason (ALSA's words, a file name) is the tooltip."""
        self.sound_label.setText(NO_SOUND_NOTICE if problem else "")
        self.sound_label.setToolTip(problem or "")
        self.sound_label.setAccessibleDescription(problem or "")
        self.sound_label.setVisible(bool(problem))

    def run_finished(self, finished: WorkoutFinished, marks: Sequence[PainMark]) -> None:
        self.prompt.hide()
        self.status_label.setText("Well done!" if finished.completed else "Run ended")
        self.announce(
            "Run complete. Well done!" if finished.completed else "Run ended.", assertive=True
        )
        self.run_complete.emit(finished)

    # --- look ---

    def _paint_kind(self) -> None:
        if self._display is None:
            return
        dark = is_dark(self.palette())
        colour = kind_colour(self._display.kind, dark)
        palette = self.kind_label.palette()
        palette.setColor(QPalette.ColorRole.Window, colour)
        palette.setColor(QPalette.ColorRole.WindowText, text_colour_on(colour))
        self.kind_label.setPalette(palette)

    def _apply_fonts(self) -> None:
        """Type sizes from the height of the screen the window is on, set again only when that
        changes: never from this widget's own height, which the fonts themselves would push up
        (a hidden prompt or a no-sound line appearing would then grow the window each time).
        The countdown (FitLabel) takes whatever room is left."""
        screen = self.screen()
        height = max(screen.availableGeometry().height() if screen else 720, 480)
        if height == self._font_height:
            return
        self._font_height = height
        base = QFont(self.font()).pointSizeF()
        base_px = max(12.0, base * self.logicalDpiY() / 72.0)

        def sized(label: QLabel, fraction: float, minimum_factor: float) -> None:
            font = label.font()
            font.setPixelSize(int(max(height * fraction, base_px * minimum_factor)))
            label.setFont(font)

        sized(self.kind_label, 0.07, 2.0)
        sized(self.detail_label, 0.04, 1.3)
        sized(self.status_label, 0.04, 1.3)
        sized(self.next_label, 0.04, 1.2)
        sized(self.total_label, 0.04, 1.2)
        sized(self.notice_label, 0.03, 1.0)
        sized(self.sound_label, 0.025, 1.0)
        sized(self.prompt_label, 0.028, 1.0)
        for button in (*self.controls, *self.intensity_buttons):
            font = button.font()
            font.setPixelSize(int(max(height * 0.02, base_px)))
            button.setFont(font)
        self.bar.setMinimumHeight(int(max(48, height * 0.07)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        handle = self.window().windowHandle()
        if handle is not None and handle is not self._watched_window:
            self._watched_window = handle
            handle.screenChanged.connect(self._screen_changed)
            self._screen_changed(handle.screen())
        self._apply_fonts()

    def _screen_changed(self, screen: QScreen | None) -> None:
        if screen is not None and screen not in self._watched_screens:
            self._watched_screens.append(screen)
            screen.availableGeometryChanged.connect(lambda _rect: self._apply_fonts())
        self._apply_fonts()

    def changeEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)  # type: ignore[arg-type]
        self._paint_kind()
