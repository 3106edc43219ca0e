"""The catalog's Wagtail admin: product listing, filters, bulk actions and the stock grid.

Kept import-free on purpose: Django's admin autodiscovery imports `shop.admin`
at start-up, before Wagtail's hooks run. Everything is wired up from
shop/wagtail_hooks.py.
"""
