"""Every background job says what its work is and what it does with the result (WorkerJob
checks it when the job's class is made), and a job that cannot be cancelled but stops as if
cancelled is reported like any other bug, never silently."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from couchtimer.ui import export_actions
from couchtimer.ui.export_actions import ExportCancelledError, WorkerJob


def test_a_job_without_its_result_step_cannot_be_made() -> None:
    with pytest.raises(TypeError, match=r"^Half must define _done$"):

        class Half(WorkerJob):
            def _work(self) -> object:
                return 1

    with pytest.raises(TypeError, match=r"^Nothing must define _work and _done$"):

        class Nothing(WorkerJob):
            pass


def test_every_job_gives_its_work_and_result_and_a_cancellable_one_its_cancel() -> None:
    jobs = [
        job
        for job in vars(export_actions).values()
        if isinstance(job, type) and issubclass(job, WorkerJob) and job is not WorkerJob
    ]
    assert sorted(job.__name__ for job in jobs) == ["AttachJob", "AudioExportJob", "PlaceJob"]
    for job in jobs:
        cancellable = hasattr(job, "cancelled")
        assert (job._cancelled_now is not WorkerJob._cancelled_now) == cancellable, job.__name__


def test_a_job_that_cannot_be_cancelled_but_stops_so_says_something_went_wrong(
    qtbot: QtBot,
) -> None:
    class Stops(WorkerJob):
        what = "reading the test file"

        def _work(self) -> object:
            raise ExportCancelledError

        def _done(self, result: object) -> None:
            raise AssertionError("never reached")

    said: list[str] = []
    job = Stops()
    job.failed.connect(said.append)
    job.start()
    assert job.wait(5.0)
    qtbot.waitUntil(lambda: bool(said))  # the signal arrives in this (the window's) thread
    assert said == ["Something went wrong reading the test file (it stopped); see the log."]
