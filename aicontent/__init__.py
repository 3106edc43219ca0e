"""AI-written product texts (Ukrainian description and SEO, English translation) with Claude.

A manager starts an AIJob on some products (bulk action, the product editor's menu, or
"products without a text" of a supplier or category). django-q2 runs it: small jobs call the
Messages API per product, large ones go through the Message Batches API. Every answer is
validated (validation.py) and saved as a new draft revision with an audit-log entry
(drafts.py), so Wagtail's revision compare, preview and revert review it.

Modules: conf (settings, client), facts (what the model may know), prompts (requests),
validation, drafts, jobs (direct path, cancel), batches, tasks (django-q2 entry points),
views/forms/urls/bulk_actions/action_menu/wagtail_hooks (the admin).
"""
