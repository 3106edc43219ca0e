"""Inserting many new rows at once: COPY on PostgreSQL, bulk_create elsewhere.

A first sync of 50,000 models writes about 850,000 rows (products, sizes,
stock, attributes, feed items, audit entries). Django's bulk_create builds,
validates and prepares a model instance and every value of every row in
Python, which was most of a first sync's time. On PostgreSQL the rows go
through COPY instead: plain tuples, adapted by psycopg's C code. Primary keys
the writer needs (products, sizes) are taken from the table's sequence first.

Rows are dicts keyed by field attname ("product_id", not "product"); fields
left out get their model default, auto_now fields get the current time.
Nothing here sends signals or calls save(): neither does bulk_create.
"""

from __future__ import annotations

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb


def insert(model, rows: list[dict], *, return_ids: bool = False) -> list[int]:
    """Insert rows of `model`; with return_ids, the new primary keys in the rows' order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return [obj.pk for obj in objs] if return_ids else []
    pk = model._meta.pk
    ids = reserve_ids(model, len(rows)) if return_ids else []
    generated = isinstance(pk, models.fields.AutoFieldMixin) and not return_ids  # left to the sequence
    fields = [f for f in model._meta.concrete_fields if not (f is pk and generated)]
    defaults = _defaults(fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    # psycopg's own cursor does the COPY: wrap its errors into Django's (IntegrityError...).
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for n, row in enumerate(rows):
            if return_ids:
                row = {**row, pk.attname: ids[n]}
            copy.write_row([_adapt(f, row[f.attname]) if f.attname in row else defaults[f.attname]
                            for f in fields])
    return ids


def insert_objects(objs: list[models.Model]) -> None:
    """Insert unsaved instances of one model and set their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=500)
        return
    pk = model._meta.pk
    now = timezone.now()
    rows = []
    for obj in objs:
        row = {}
        for f in model._meta.concrete_fields:
            if f is pk:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                setattr(obj, f.attname, getattr(obj, f.attname) or now)
            row[f.attname] = getattr(obj, f.attname)
        rows.append(row)
    for obj, new_id in zip(objs, insert(model, rows, return_ids=True), strict=True):
        obj.pk = new_id
        obj._state.adding = False
        obj._state.db = connection.alias


def update(objs: list[models.Model], fields: list[str]) -> None:
    """Write `fields` of existing instances of one model, like bulk_update.

    Django's bulk_update writes one CASE WHEN per field with a branch per row, which
    it resolves as expressions in Python: most of a day-to-day sync's time. On
    PostgreSQL the values travel as one array per field instead, joined on the key.
    """
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=500)
        return
    meta, quote = model._meta, connection.ops.quote_name
    pk, targets = meta.pk, [meta.get_field(name) for name in fields]
    table = quote(meta.db_table)
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in [pk, *targets])
    names = ", ".join(quote(f"v_{f.column}") for f in [pk, *targets])
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f'v_{f.column}')}" for f in targets)
    sql = (f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({names}) "
           f"WHERE {table}.{quote(pk.column)} = v.{quote(f'v_{pk.column}')}")
    with connection.cursor() as cursor:
        for start in range(0, len(objs), UPDATE_CHUNK):
            chunk = objs[start:start + UPDATE_CHUNK]
            cursor.execute(sql, [[_adapt(f, getattr(o, f.attname)) for o in chunk] for f in [pk, *targets]])


UPDATE_CHUNK = 5000


def reserve_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys from the table's own sequence (PostgreSQL)."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, column, count])
        return [row[0] for row in cursor.fetchall()]


def _defaults(fields) -> dict:
    now = timezone.now()
    out = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            out[f.attname] = now
        else:  # the field's default, or "" / None exactly as an unsaved instance would hold
            out[f.attname] = _adapt(f, f.get_default())
    return out


def _adapt(field, value):
    if isinstance(field, models.JSONField):
        return Jsonb(value)
    return value
