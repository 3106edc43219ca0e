"""AI bulk actions on the product listing: select products, press "AI description"."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from aicontent import conf
from aicontent.forms import BulkForm
from aicontent.jobs import start_job
from aicontent.models import Kind
from shop.models import Product


class AIBulkAction(SnippetBulkAction):
    models = [Product]
    kind = None
    template_name = "aicontent/confirm_bulk.html"
    form_class = BulkForm
    classes = {"aicontent-bulk"}

    def check_perm(self, product):
        """Change permission, and no lock held by somebody else."""
        user = self.request.user
        if not self.permission_policy.user_has_permission_for_instance(user, "change", product):
            return False
        lock = product.get_lock()
        return not (lock and lock.for_user(user))

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.permission_policy.user_has_permission(self.request.user, "publish"):
            del form.fields["publish"]
        return form

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "kind_label": Kind(self.kind).label,
                "ai_configured": conf.is_configured(),
                "not_configured_reason": conf.NOT_CONFIGURED_REASON,
                "batch_threshold": conf.batch_threshold()}

    def form_valid(self, form):
        if not conf.is_configured():
            form.add_error(None, conf.NOT_CONFIGURED_REASON)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        publish = bool(view.cleaned_form.cleaned_data.get("publish"))
        job = start_job(user=user, product_ids=[p.pk for p in objects], kind=cls.kind,
                        publish=publish, scope=_("%(count)d selected products") % {"count": len(objects)})
        view.job = job
        view.next_url = reverse("aicontent:job", args=(job.pk,))  # watch the progress next
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(job)s started on %(count)d products.") % {"job": self.job, "count": num_parent_objects}


class AIDescriptionBulkAction(AIBulkAction):
    kind = Kind.DESCRIPTION
    display_name = gettext_lazy("AI description")
    action_type = "aicontent-description"
    aria_label = gettext_lazy("Write descriptions of the selected products with AI")
    action_priority = 12


class AISEOBulkAction(AIBulkAction):
    kind = Kind.SEO
    display_name = gettext_lazy("AI SEO")
    action_type = "aicontent-seo"
    aria_label = gettext_lazy("Write SEO titles and meta descriptions of the selected products with AI")
    action_priority = 13


class AITranslationBulkAction(AIBulkAction):
    kind = Kind.TRANSLATION
    display_name = gettext_lazy("AI English")
    action_type = "aicontent-translation"
    aria_label = gettext_lazy("Translate the selected products into English with AI")
    action_priority = 14
