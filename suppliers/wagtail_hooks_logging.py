"""Names of the sync's audit-log actions in the Wagtail admin's history views.

Wagtail only imports modules called wagtail_hooks, so suppliers/wagtail_hooks.py
imports this one: `from suppliers import wagtail_hooks_logging  # noqa: F401`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from suppliers.sync.audit import CREATE, UNPUBLISH, UPDATE


@hooks.register("register_log_actions")
def register_sync_log_actions(actions):
    actions.register_action(CREATE, _("Created by supplier sync"), _("Created from the supplier's feed"))
    actions.register_action(UPDATE, _("Updated by supplier sync"), _("Updated from the supplier's feed"))
    actions.register_action(UNPUBLISH, _("Disabled by supplier sync"),
                            _("Disabled: the model left the supplier's feed"))
