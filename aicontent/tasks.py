"""django-q2 entry points (named by dotted path in async_task and schedules)."""


def run_job(job_id):
    from aicontent.jobs import run_job as run

    run(job_id)


def poll_batch(job_id):
    from aicontent.batches import poll_batch as poll

    poll(job_id)
