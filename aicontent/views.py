"""Admin views of AI jobs: the list, one job with live progress, starting and cancelling.

Every view needs the products' change permission; publishing when done also needs their
publish permission.
"""

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from aicontent import conf
from aicontent.forms import MissingTextForm, StartForm
from aicontent.jobs import NotConfigured, cancel_job, start_job
from aicontent.models import AIJob, AIJobItem, Kind
from shop.models import Product

JOBS_PER_PAGE = 30
ITEMS_PER_PAGE = 100
PRODUCT_NAMESPACE = "wagtailsnippets_shop_product"


def url(name, *args):
    return reverse(f"aicontent:{name}", args=args)


class AIAdminMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = Product
    permission_required = "change"
    header_icon = "draft"

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("wagtailadmin_home"), "label": pgettext("aicontent", "Home")},
                 {"url": url("jobs"), "label": pgettext("aicontent", "AI content")}]
        return items + [{"url": "", "label": self.get_page_title()}]

    @cached_property
    def can_publish(self):
        return self.user_has_permission("publish")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(ai_configured=conf.is_configured(),
                       not_configured_reason=conf.NOT_CONFIGURED_REASON)
        return context

    def start(self, product_ids, kind, publish, scope):
        """Start a job and go to its page; a clear message when that cannot be."""
        try:
            job = start_job(user=self.request.user, product_ids=product_ids, kind=kind,
                            publish=publish and self.can_publish, scope=scope)
        except (NotConfigured, ValueError) as error:
            messages.error(self.request, str(error))
            return None
        messages.success(self.request, _("%(job)s started on %(count)d products.")
                         % {"job": job, "count": job.total})
        return redirect(url("job", job.pk))


class JobListView(AIAdminMixin, TemplateView):
    template_name = "aicontent/job_list.html"
    page_title = pgettext_lazy("aicontent", "AI content")

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = AIJob.objects.select_related("requested_by")
        context["page_obj"] = Paginator(jobs, JOBS_PER_PAGE).get_page(self.request.GET.get("p"))
        context["missing_url"] = url("missing")
        return context


class JobDetailView(AIAdminMixin, TemplateView):
    template_name = "aicontent/job_detail.html"

    @cached_property
    def job(self):
        return get_object_or_404(AIJob.objects.select_related("requested_by"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return str(self.job)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = self.job.items.select_related("product", "revision", "previous_revision")
        status = self.request.GET.get("status")
        if status in AIJobItem.Status.values:
            items = items.filter(status=status)
        page = Paginator(items, ITEMS_PER_PAGE).get_page(self.request.GET.get("p"))
        for item in page:
            item.links = item_links(item)
        context.update(job=self.job, page_obj=page, batch_text=batch_text(self.job), status_filter=status,
                       statuses=AIJobItem.Status.choices, status_url=url("job_status", self.job.pk),
                       cancel_url=url("job_cancel", self.job.pk), retry_url=url("job_retry", self.job.pk))
        return context


def item_links(item):
    """Edit, preview the AI draft, compare it with the revision before it, and revert."""
    pk = item.product_id
    links = {"edit": reverse(f"{PRODUCT_NAMESPACE}:edit", args=(pk,)),
             "history": reverse(f"{PRODUCT_NAMESPACE}:history", args=(pk,))}
    if item.revision_id:
        links["preview"] = reverse(f"{PRODUCT_NAMESPACE}:revisions_view", args=(pk, item.revision_id))
        if item.previous_revision_id:
            links["compare"] = reverse(f"{PRODUCT_NAMESPACE}:revisions_compare",
                                       args=(pk, item.previous_revision_id, item.revision_id))
            links["revert"] = reverse(f"{PRODUCT_NAMESPACE}:revisions_revert",
                                      args=(pk, item.previous_revision_id))
    return links


def job_status_data(job):
    return {
        "id": job.pk, "status": job.status, "status_label": job.get_status_display(),
        "open": job.is_open, "total": job.total, "done": job.done, "failed": job.failed,
        "percent": job.percent, "input_tokens": job.input_tokens, "output_tokens": job.output_tokens,
        "estimated_cost": str(job.estimated_cost), "batch": job.batch_counts if job.use_batch else None,
        "error": job.error, "batch_text": batch_text(job),
        "summary": _("%(done)s done, %(failed)s failed of %(total)s; %(tokens)s tokens, about $%(cost)s")
        % {"done": job.done, "failed": job.failed, "total": job.total,
           "tokens": number_format(job.input_tokens + job.output_tokens, force_grouping=True),
           "cost": number_format(job.estimated_cost, 4)},
    }


def batch_text(job):
    counts = job.batch_counts or {}
    if not job.use_batch or not counts:
        return ""
    return _("Anthropic has answered %(succeeded)s; %(processing)s still processing.") % {
        "succeeded": counts.get("succeeded", 0), "processing": counts.get("processing", 0)}


class JobStatusView(AIAdminMixin, View):
    def get(self, request, pk):
        return JsonResponse(job_status_data(get_object_or_404(AIJob, pk=pk)))


class JobCancelView(AIAdminMixin, View):
    def post(self, request, pk):
        job = get_object_or_404(AIJob, pk=pk)
        if cancel_job(job):
            messages.success(request, _("%(job)s cancelled. Drafts already written stay; "
                                        "the other products are untouched.") % {"job": job})
        else:
            messages.warning(request, _("%(job)s had already ended.") % {"job": job})
        return redirect(url("job", job.pk))


class JobRetryView(AIAdminMixin, View):
    """A new job over the products that failed in this one."""

    def post(self, request, pk):
        job = get_object_or_404(AIJob, pk=pk)
        failed = job.items.filter(status=AIJobItem.Status.FAILED).values_list("product_id", flat=True)
        return self.start(list(failed), job.kind, job.publish_when_done,
                          _("Retry of the failed products of %(job)s") % {"job": job}) \
            or redirect(url("job", job.pk))


class StartProductJobView(AIAdminMixin, FormView):
    """Confirm an AI text for one product (from its edit view), then start the job."""

    template_name = "aicontent/start_product.html"
    form_class = StartForm

    @cached_property
    def product(self):
        product = get_object_or_404(Product, pk=self.kwargs["pk"])
        if not self.user_has_permission_for_instance("change", product):
            raise Http404
        return product

    def get_page_title(self):
        return _("AI text for %(product)s") % {"product": self.product}

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind if kind in Kind.values else Kind.DESCRIPTION}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_publish": self.can_publish}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "product": self.product,
                "edit_url": reverse(f"{PRODUCT_NAMESPACE}:edit", args=(self.product.pk,))}

    def form_valid(self, form):
        data = form.cleaned_data
        return self.start([self.product.pk], data["kind"], data.get("publish", False),
                          str(self.product)) or self.form_invalid(form)


class MissingTextJobView(AIAdminMixin, FormView):
    """Every product of a supplier or category that lacks a text, in one job."""

    template_name = "aicontent/missing_text.html"
    form_class = MissingTextForm
    page_title = gettext_lazy("Products without a text")

    def get_initial(self):
        initial = {"kind": Kind.DESCRIPTION}
        for name in ("supplier", "category", "kind"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_publish": self.can_publish}

    def form_valid(self, form):
        data = form.cleaned_data
        ids = list(form.products().values_list("pk", flat=True))
        if not ids:
            form.add_error(None, _("No product there lacks this text."))
            return self.form_invalid(form)
        return self.start(ids, data["kind"], data.get("publish", False), form.describe()) \
            or self.form_invalid(form)
