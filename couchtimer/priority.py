"""The threads that start cues run ahead of ordinary work while a run is on, where allowed.

A cue should reach the speaker when the schedule says, even while other programs keep every
core busy (benchmarks/cue_timing.py: p99 onset error <= 3 ms under a CPU hog). A thread that
sleeps until its next deadline and then does a millisecond of work is what real-time round-robin
scheduling is for; Linux lets a user have it where the system grants a real-time limit
(``RLIMIT_RTPRIO``, e.g. the ``audio`` group's limits.d file), and root always. Failing that,
a lower nice value, as far as ``RLIMIT_NICE`` allows. Refused: nothing changes and nothing is
said (the run is the same, only less punctual on a busy machine). Threads that the raised thread
starts (simpleaudio's playback threads) inherit its scheduling.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator

#: How much nicer than its neighbours the thread asks to be when real time is refused (or as
#: much of it as ``RLIMIT_NICE`` allows).
NICE_STEP = 10
_REAL_TIME = (getattr(os, "SCHED_RR", -1), getattr(os, "SCHED_FIFO", -1))


def raise_priority(real_time: bool = True) -> Callable[[], None]:
    """Raise the calling thread's scheduling priority as far as allowed; returns what puts it
    back (to call from the same thread). ``real_time=False``: a lower nice value only (the app's
    GUI thread while a run is on: ahead of other programs' work, never ahead of the desktop's
    own real-time threads)."""
    with contextlib.suppress(OSError, AttributeError):
        if not real_time:
            raise OSError("real time not asked for")
        policy, param = os.sched_getscheduler(0), os.sched_getparam(0)
        lowest = os.sched_get_priority_min(os.SCHED_RR)
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(lowest))
        return lambda: _quietly(lambda: os.sched_setscheduler(0, policy, param))
    with contextlib.suppress(OSError, AttributeError):
        thread = threading.get_native_id()
        nice = os.getpriority(os.PRIO_PROCESS, thread)
        for step in range(NICE_STEP, 0, -1):  # RLIMIT_NICE may allow less than the whole step
            with contextlib.suppress(PermissionError):
                os.setpriority(os.PRIO_PROCESS, thread, nice - step)
                return lambda: _quietly(lambda: os.setpriority(os.PRIO_PROCESS, thread, nice))
    return lambda: None


def _nice() -> int:
    """The calling thread's own nice value (on Linux, a thread's; ``os.getpid()`` would name
    the main thread's)."""
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


#: The nice value the process started with: the importing thread's, read once (the main thread,
#: at start-up, before any thread is raised).
START_NICE = 0
with contextlib.suppress(OSError, AttributeError):
    START_NICE = _nice()


def standing() -> tuple[int, int]:
    """How far ahead of ordinary work the calling thread runs, to compare with another thread's:
    its real-time priority (0: none; any beats a nice value), then how much lower its nice value
    is than the process's at start."""
    with contextlib.suppress(OSError, AttributeError):
        policy = os.sched_getscheduler(0)
        real_time = os.sched_getparam(0).sched_priority if policy in _REAL_TIME else 0
        return real_time, START_NICE - _nice()
    return 0, 0


@contextlib.contextmanager
def timely() -> Iterator[None]:
    """The calling thread raised (``raise_priority``) for the length of the block."""
    restore = raise_priority()
    try:
        yield
    finally:
        restore()


def _quietly(action: Callable[[], None]) -> None:
    with contextlib.suppress(OSError):
        action()
