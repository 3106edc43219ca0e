"""The customers part of the JSON API under /api/customers/ (see config/api.py)."""

from ninja import Router

router = Router(tags=["customers"])
