"""Running queued background tasks inside a test, as `creativeports db_worker` runs them."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> int:
    """Run every task waiting in the database queue with the worker's own code; return how many ran.

    The worker command's loop also closes "old" database connections between tasks, which inside
    a test's transaction would close the test's own connection; the rest (claiming each task,
    running it, recording its result) is the command's.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
