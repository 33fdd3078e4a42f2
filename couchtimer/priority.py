"""The threads that start cues run ahead of ordinary work while a run is on, where allowed.

A cue should reach the speaker when the schedule says, even while other programs keep every
core busy (benchmarks/cue_timing.py: p99 onset error <= 3 ms under a CPU hog). A thread that
sleeps until its next deadline and then does a millisecond of work is what real-time round-robin
scheduling is for; Linux lets a user have it where the system grants a real-time limit
(``RLIMIT_RTPRIO``, e.g. the ``audio`` group's limits.d file), and root always. Failing that, a
lower nice value where ``RLIMIT_NICE`` allows. Refused: nothing changes and nothing is said (the
run is the same, only less punctual on a busy machine). Threads that the raised thread starts
(simpleaudio's playback threads) inherit its scheduling.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator

#: How much nicer than its neighbours the thread asks to be when real time is refused.
NICE_STEP = 10


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
        os.setpriority(os.PRIO_PROCESS, thread, nice - NICE_STEP)
        return lambda: _quietly(lambda: os.setpriority(os.PRIO_PROCESS, thread, nice))
    return lambda: None


def is_raised() -> bool:
    """Whether the calling thread runs ahead of ordinary work: real-time scheduling, or a nice
    value below its process's."""
    with contextlib.suppress(OSError, AttributeError):
        if os.sched_getscheduler(0) in (os.SCHED_RR, os.SCHED_FIFO):
            return True
        thread = threading.get_native_id()
        return os.getpriority(os.PRIO_PROCESS, thread) < os.getpriority(
            os.PRIO_PROCESS, os.getpid()
        )
    return False


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
