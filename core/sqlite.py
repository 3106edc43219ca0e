"""SQLite's LOWER() and UPPER() fold ASCII only, so "Лофери" never matches "лофери" there.

Registered on every new SQLite connection, Python's own case mapping replaces them, and
`Lower(...)` in a query folds Cyrillic the same way PostgreSQL does. Deterministic, so SQLite
may still use them in indexes and constant folding.
"""


def unicode_case(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("lower", 1, _lower, deterministic=True)
    raw.create_function("upper", 1, _upper, deterministic=True)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _upper(value):
    return value.upper() if isinstance(value, str) else value
