"""AI buttons in the product editor's action menu; disabled, with the reason, without a key."""

from django.urls import reverse
from django.utils.http import urlencode
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.permissions import get_permission_name

from aicontent import conf
from aicontent.models import Kind
from shop.models import Product


class AIMenuItem(ActionMenuItem):
    template_name = "aicontent/action_menu_item.html"
    icon_name = "draft"

    def __init__(self, kind, order):
        super().__init__(order=order)
        self.kind = kind
        self.label = Kind(kind).label
        self.name = f"action-aicontent-{kind}"

    def is_shown(self, context):
        if context.get("view") != "edit" or not super().is_shown(context):
            return False
        return context["request"].user.has_perm(get_permission_name("change", Product))

    def get_url(self, parent_context):
        if not conf.is_configured():
            return None
        instance = parent_context["instance"]
        return reverse("aicontent:product", args=(instance.pk,)) + "?" + urlencode({"kind": self.kind})

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["not_configured_reason"] = conf.NOT_CONFIGURED_REASON
        return context

