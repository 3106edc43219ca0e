"""django-q2 entry points (see the schedule in migrations/0002_schedule.py)."""

from analytics import aggregate, recorder


def aggregate_and_prune():
    """Write this worker's own buffer, rebuild the days that can still change, prune old events."""
    recorder.flush()
    days = aggregate.build_pending()
    pruned = aggregate.prune()
    return f"{len(days)} days aggregated, {pruned} events pruned"
