"""The orders part of the JSON API under /api/orders/ (see config/api.py)."""

from ninja import Router

router = Router(tags=["orders"])
