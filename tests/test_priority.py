"""The thread that starts cues asks for real-time scheduling, then a lower nice value, and
takes a refusal silently (``couchtimer.priority``). Each case runs in a child process with what
decides it: ``RLIMIT_RTPRIO`` and ``RLIMIT_NICE``, and a user without privilege."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

# In the child: the limits given, as 'nobody' when started as root (root may do anything);
# then the thread raised, a thread started from it, and the thread put back.
CHILD = """
import json, os, resource, sys, threading
from couchtimer.priority import raise_priority, standing, timely  # before the user is dropped
rtprio, nice_limit, drop, refuse_real_time, real_time, nice_floor = json.loads(sys.argv[1])
if rtprio is not None:
    resource.setrlimit(resource.RLIMIT_RTPRIO, (rtprio, rtprio))
if nice_limit is not None:
    resource.setrlimit(resource.RLIMIT_NICE, (nice_limit, nice_limit))
if drop and os.geteuid() == 0:
    os.setgid(65534)
    os.setuid(65534)
if refuse_real_time:  # as the kernel refuses it without a real-time limit
    def refused(*args):
        raise PermissionError(1, "Operation not permitted")
    os.sched_setscheduler = refused
if nice_floor is not None:  # as the kernel refuses a nice value below what RLIMIT_NICE allows
    setpriority = os.setpriority
    def limited(which, who, value):
        if value < nice_floor:
            raise PermissionError(13, "Permission denied")
        setpriority(which, who, value)
    os.setpriority = limited

def state():
    return [os.sched_getscheduler(0), os.sched_getparam(0).sched_priority,
            os.getpriority(os.PRIO_PROCESS, threading.get_native_id()), list(standing())]

before = state()
restore = raise_priority(real_time=real_time)
raised = state()
inherited = []
started = threading.Thread(target=lambda: inherited.append(state()))
started.start()
started.join()
restore()
after = state()
with timely():
    inside = state()
print(json.dumps({"before": before, "raised": raised, "inherited": inherited[0],
                  "after": after, "inside": inside, "outside": state()}))
"""

OTHER, RR = os.SCHED_OTHER, os.SCHED_RR
NICE = os.getpriority(os.PRIO_PROCESS, 0)  # the test's own: the child starts with it


def run_child(
    rtprio: int | None,
    nice_limit: int | None,
    drop: bool,
    refuse_real_time: bool = False,
    real_time: bool = True,
    nice_floor: int | None = None,
) -> dict[str, list[Any]]:
    args = [rtprio, nice_limit, drop, refuse_real_time, real_time, nice_floor]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stderr == ""
    result: dict[str, list[Any]] = json.loads(done.stdout)
    return result


def test_refused_everything_changes_nothing_and_says_nothing() -> None:
    """No real-time limit, no nice limit, no privilege: the thread stays as it was, silently."""
    seen = run_child(rtprio=0, nice_limit=0, drop=True)
    start = seen["before"]
    assert start[:2] == [OTHER, 0]
    assert seen["raised"] == seen["inherited"] == seen["after"] == start
    assert seen["inside"] == seen["outside"] == start


@pytest.mark.root
def test_where_real_time_is_granted_the_thread_runs_round_robin_and_goes_back() -> None:
    """Root (or a real-time limit): SCHED_RR at the lowest real-time priority; a thread it
    starts inherits it (simpleaudio's playback threads); put back afterwards."""
    seen = run_child(rtprio=None, nice_limit=None, drop=False)
    nice = seen["before"][2]
    assert seen["before"] == [OTHER, 0, nice, [0, 0]]
    assert seen["raised"] == [RR, 1, nice, [1, 0]]
    assert seen["inherited"] == [RR, 1, nice, [1, 0]]
    assert seen["after"] == [OTHER, 0, nice, [0, 0]]
    assert seen["inside"] == [RR, 1, nice, [1, 0]]
    assert seen["outside"] == [OTHER, 0, nice, [0, 0]]


@pytest.mark.root
def test_where_only_a_lower_nice_value_is_allowed_the_thread_gets_it() -> None:
    """Real time refused (with EPERM, as the kernel does with no real-time limit) but a lower
    nice value allowed (root here: a user's RLIMIT_NICE cannot be raised in this sandbox):
    the thread is made 10 nicer than it was, its children too, and put back. The main thread
    made nicer stands 10 ahead (its nice value is compared with the process's at start, not
    with the main thread's, which is its own)."""
    seen = run_child(rtprio=None, nice_limit=None, drop=False, refuse_real_time=True)
    nice = seen["before"][2]
    assert seen["before"] == [OTHER, 0, nice, [0, 0]]
    assert seen["raised"] == [OTHER, 0, nice - 10, [0, 10]]
    assert seen["inherited"] == [OTHER, 0, nice - 10, [0, 10]]
    assert seen["after"] == [OTHER, 0, nice, [0, 0]]
    assert seen["inside"] == [OTHER, 0, nice - 10, [0, 10]]
    assert seen["outside"] == [OTHER, 0, nice, [0, 0]]


@pytest.mark.root
@pytest.mark.parametrize("allowed", [9, 4, 1])
def test_where_a_smaller_step_is_allowed_the_thread_gets_as_much_as_it_may(allowed: int) -> None:
    """RLIMIT_NICE allows only ``allowed`` of the 10 steps (the kernel refuses anything lower
    with EACCES, as here): the thread gets exactly that, and is put back."""
    seen = run_child(rtprio=None, nice_limit=None, drop=False, refuse_real_time=True,
                     nice_floor=NICE - allowed)  # fmt: skip
    assert seen["before"][2] == NICE
    assert seen["raised"] == [OTHER, 0, NICE - allowed, [0, allowed]]
    assert seen["after"] == [OTHER, 0, NICE, [0, 0]]


@pytest.mark.root
def test_asked_for_a_lower_nice_value_only_the_thread_does_not_get_real_time() -> None:
    """The app's GUI thread during a run (ui/run_driver.py): real time allowed (root) but not
    asked for; 10 nicer, its children too, and put back."""
    seen = run_child(rtprio=None, nice_limit=None, drop=False, real_time=False)
    nice = seen["before"][2]
    assert seen["raised"] == [OTHER, 0, nice - 10, [0, 10]]
    assert seen["inherited"] == [OTHER, 0, nice - 10, [0, 10]]
    assert seen["after"] == [OTHER, 0, nice, [0, 0]]
    assert seen["inside"] == [RR, 1, nice, [1, 0]]  # timely() still asks for real time


def test_asked_for_a_lower_nice_value_without_a_nice_limit_nothing_changes() -> None:
    seen = run_child(rtprio=0, nice_limit=0, drop=True, real_time=False)
    assert seen["raised"] == seen["inherited"] == seen["after"] == seen["before"]
