"""The suppliers' Wagtail admin: overview with sync buttons and live progress, run history,
unmapped categories, unknown attribute values, the name-rule tester and the WebP conversion.

Kept import-free on purpose: Django's admin autodiscovery imports `suppliers.admin` at
start-up, before Wagtail's hooks run. Everything is wired up from suppliers/wagtail_hooks.py.
"""
