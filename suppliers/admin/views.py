"""The suppliers overview with its sync buttons and live status, and the run history."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from suppliers import tasks
from suppliers.models import Supplier, SyncRun
from suppliers.sync.lock import is_locked

from . import webp
from .base import SupplierAdminMixin, TemplateView, url
from .status import status_json, suppliers_with_last_run

RUNS_PER_PAGE = 30
WARNINGS_SHOWN = SyncRun.MAX_WARNINGS


class OverviewView(SupplierAdminMixin, TemplateView):
    template_name = "suppliers/admin/overview.html"
    page_title = gettext_lazy("Suppliers")

    def get_breadcrumbs_items(self):
        return []  # the menu's top page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        suppliers = suppliers_with_last_run()
        context.update(
            suppliers=suppliers,
            any_running=any(s.is_running for s in suppliers),
            webp_remaining=webp.remaining_count(),
            status_url=url("status"),
            sync_all_url=url("sync_all"),
            webp_url=url("convert_webp"),
            unmapped_url=url("unmapped"),
            unknown_url=url("unknown_values"),
            add_url=url("add"),
            list_url=url("list"),
        )
        return context


class ActionView(SupplierAdminMixin, View):
    """A button's POST: JSON for the page's script, a message and a redirect without it."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def answer(self, level: str, text: str, status: int = 200, **data):
        if self.wants_json():
            return JsonResponse({"ok": status < 400, "message": text, **data}, status=status)
        getattr(messages, level)(self.request, text)
        return redirect(self.request.POST.get("next") or url("overview"))


class SyncNowView(ActionView):
    def post(self, request, pk):
        supplier = get_object_or_404(Supplier, pk=pk)
        if not supplier.active or not supplier.dialect:
            return self.answer("error", _("%(supplier)s cannot be synced: it is inactive or has no feed "
                                          "dialect.") % {"supplier": supplier}, status=400)
        task_id = tasks.enqueue_sync(supplier)
        if task_id is None and is_locked(supplier):
            return self.answer("error", _("A sync of %(supplier)s is already running. Wait for it to "
                                          "finish, then try again.") % {"supplier": supplier}, status=409)
        if task_id is None:
            return self.answer("error", _("A sync of %(supplier)s is already queued: it starts when a "
                                          "worker is free.") % {"supplier": supplier}, status=409)
        return self.answer("success", _("Sync of %(supplier)s queued.") % {"supplier": supplier},
                           status=202, task=task_id)


class SyncAllView(ActionView):
    def post(self, request):
        wanted = list(Supplier.objects.filter(active=True).exclude(dialect="").values_list("name", flat=True))
        queued = tasks.enqueue_all()
        busy = len(wanted) - len(queued)
        if not wanted:
            return self.answer("warning", _("No active supplier with a feed to sync."), status=400)
        text = _("Sync queued for %(queued)d of %(total)d suppliers.") % {"queued": len(queued),
                                                                         "total": len(wanted)}
        if busy:
            text += " " + _("%(busy)d already running or queued.") % {"busy": busy}
        if not queued:
            return self.answer("error", _("Every supplier is already being synced."), status=409)
        return self.answer("success", text, status=202, tasks=queued)


class ConvertWebpView(ActionView):
    def post(self, request):
        remaining = webp.remaining_count()
        if not remaining:
            return self.answer("info", _("Every image is WebP already."), remaining=0)
        task_id = webp.enqueue_conversion()
        return self.answer("success", _("Converting %(count)d images to WebP in the background.")
                           % {"count": remaining}, status=202, task=task_id,
                           remaining=webp.remaining_count())


class StatusView(SupplierAdminMixin, View):
    """What the overview's script polls every 2 seconds."""

    def get(self, request):
        response = JsonResponse(status_json())
        response["Cache-Control"] = "no-store"
        return response


class SupplierRunsView(SupplierAdminMixin, TemplateView):
    template_name = "suppliers/admin/runs.html"

    @cached_property
    def supplier(self):
        return get_object_or_404(Supplier, pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Runs of %(supplier)s") % {"supplier": self.supplier}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = SyncRun.objects.filter(supplier=self.supplier).defer("warnings").order_by("-started_at", "-pk")
        page = Paginator(runs, RUNS_PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(supplier=self.supplier, page=page, runs=page.object_list,
                       edit_url=url("edit", self.supplier.pk))
        return context


class RunDetailView(SupplierAdminMixin, TemplateView):
    template_name = "suppliers/admin/run_detail.html"

    @cached_property
    def run(self):
        return get_object_or_404(SyncRun.objects.select_related("supplier"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Run of %(supplier)s, %(started)s") % {
            "supplier": self.run.supplier, "started": self.run.started_at.strftime("%Y-%m-%d %H:%M")}

    def extra_breadcrumbs(self):
        return [{"url": url("runs", self.run.supplier_id),
                 "label": _("Runs of %(supplier)s") % {"supplier": self.run.supplier}}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        context.update(
            run=run, supplier=run.supplier,
            reasons=sorted((run.reasons or {}).items(), key=lambda item: -item[1]),
            warnings=run.warnings[:WARNINGS_SHOWN],
            warnings_hidden=max(0, run.warnings_total - min(len(run.warnings), WARNINGS_SHOWN)),
            runs_url=url("runs", run.supplier_id), status_url=url("status"),
        )
        return context
