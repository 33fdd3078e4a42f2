"""Every background job says what its work is and what it does with the result: the hooks that
WorkerJob leaves to its subclasses are all given (a missing one would only show as "Something went
wrong" when the runner exports or attaches)."""

from __future__ import annotations

from couchtimer.ui import export_actions
from couchtimer.ui.export_actions import WorkerJob


def test_every_job_gives_its_work_and_its_result_and_a_cancellable_one_its_cancel() -> None:
    jobs = [
        job
        for job in vars(export_actions).values()
        if isinstance(job, type) and issubclass(job, WorkerJob) and job is not WorkerJob
    ]
    assert sorted(job.__name__ for job in jobs) == ["AttachJob", "AudioExportJob", "PlaceJob"]
    for job in jobs:
        assert job._work is not WorkerJob._work, job.__name__
        assert job._done is not WorkerJob._done, job.__name__
        cancellable = hasattr(job, "cancelled")
        assert (job._cancelled_now is not WorkerJob._cancelled_now) == cancellable, job.__name__
