"""The main window's questions and dialogs, the Qt side of what ``AppPresenter`` asks through
``WindowView``: yes/no and two-answer questions (answered by ``AppContext.ask`` in tests), the
post-run and check-in dialogs, and bringing the window forward for a later launch."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from couchtimer.core.history import RunRecord
    from couchtimer.core.pain import Checkin, PainReport
    from couchtimer.ui.checkin_dialog import CheckinDialog
    from couchtimer.ui.pain_dialog import PostRunDialog
    from couchtimer.ui.post_run import PostRun

#: A test's stand-in for the questions: (parent, title, text) -> the answer.
Answer = Callable[["QWidget", str, str], bool] | None


def warn(parent: QWidget, answer: Answer, title: str, text: str) -> None:
    if answer is not None:
        answer(parent, title, text)
        return
    QtWidgets.QMessageBox.warning(parent, title, text)


def ask(parent: QWidget, answer: Answer, title: str, question: str) -> bool:
    """Yes or No, No the default."""
    if answer is not None:
        return answer(parent, title, question)
    buttons = QtWidgets.QMessageBox.StandardButton
    reply = QtWidgets.QMessageBox.question(
        parent, title, question, buttons.Yes | buttons.No, buttons.No
    )
    return reply == buttons.Yes


def choose(parent: QWidget, answer: Answer, title: str, text: str, yes: str, no: str) -> bool:
    """Two named answers, ``yes`` the default."""
    if answer is not None:
        return answer(parent, title, text)
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, title, text, parent=parent)
    keep = box.addButton(yes, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    drop = box.addButton(no, QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.exec()
    # Only the destructive button itself says no: a box closed any other way (Escape, the
    # app quitting on SIGTERM) keeps what was done.
    return box.clickedButton() is not drop


def post_run_dialog(
    parent: QWidget, post_run: PostRun, done: Callable[[PainReport | None], None]
) -> PostRunDialog:
    """The post-run dialog for ``post_run``, opened; ``done`` gets its report when it closes."""
    from couchtimer.ui.pain_dialog import PostRunDialog  # loaded when first needed

    stored = post_run.stored
    # the visits after the run come from the engine, from History from the stored rows;
    # core.placement places the marks in them by one rule either way
    after_the_run = tuple(timing.visit for timing in post_run.timings)
    visits = after_the_run if stored is None else stored.visits
    dialog = PostRunDialog(
        parent,
        post_run.workout,
        post_run.marks,
        post_run.completed,
        visits,
        earlier=post_run.earlier,
    )
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _result: done(dialog.report()))
    dialog.open()
    return dialog


def checkin_dialog(
    parent: QWidget, run: RunRecord, done: Callable[[Checkin | None], None]
) -> CheckinDialog:
    """The check-in ("How is it this morning?") for ``run``, opened; ``done`` gets the answer."""
    from couchtimer.ui.checkin_dialog import CheckinDialog  # loaded when first needed
    from couchtimer.ui.window_view import run_words

    dialog = CheckinDialog(parent, run_words(run))
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _result: done(dialog.checkin()))
    dialog.open()
    return dialog


def raise_window(window: QWidget, token: str | None = None) -> bool:
    """Un-minimise, raise and activate the window; False where that cannot work: on Wayland a
    window takes the focus only with an activation token the compositor issued (``token``,
    which the later launch got from the desktop), and without one Qt's own request is refused
    unless the window has the focus already."""
    window.setWindowState(window.windowState() & ~QtCore.Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    wayland = QGuiApplication.platformName().startswith("wayland")
    active = window.isActiveWindow()
    if wayland and token:
        # Qt's xdg-shell plugin activates with this token, read (and unset) when asked.
        os.environ["XDG_ACTIVATION_TOKEN"] = token
    window.activateWindow()
    os.environ.pop("XDG_ACTIVATION_TOKEN", None)  # never handed on to a program we start
    return not wayland or bool(token) or active
