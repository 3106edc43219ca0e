"""Dispatches in the admin: list with status and errors, the lines of each, send now / again."""

import django_filters
from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from fulfilment import dispatching
from fulfilment.admin.actions import ActionView
from fulfilment.documents.grouping import order_groups
from fulfilment.models import Dispatch

PERMISSION = "fulfilment.change_dispatch"


class DispatchFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Dispatch.Status.choices, widget=forms.RadioSelect,
                                         empty_label=gettext_lazy("All"))

    class Meta:
        model = Dispatch
        fields = ["status"]


class DispatchIndexView(IndexView):
    run_url_name = None

    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(PERMISSION):
            buttons.append(HeaderButton(_("Dispatch now"), url=reverse(self.run_url_name), icon_name="mail"))
        return buttons


class DispatchInspectView(InspectView):
    template_name = "fulfilment/admin/dispatch_inspect.html"
    resend_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dispatch = self.object
        context.update(dispatch=dispatch, groups=order_groups(dispatch),
                       can_resend=dispatch.status in (Dispatch.Status.FAILED, Dispatch.Status.PENDING)
                       and self.request.user.has_perm(PERMISSION),
                       resend_url=reverse(self.resend_url_name, args=[dispatch.pk]))
        return context


class DispatchNowView(ActionView):
    """GET asks to confirm; POST collects and sends now, in a window of its own."""

    permission = PERMISSION
    methods = ("GET", "POST")
    index_url_name = None

    def get(self, request):
        return TemplateResponse(request, "fulfilment/admin/dispatch_now.html", {
            "pending": dispatching.pending_lines().count(), "header_title": _("Dispatch now")})

    def post(self, request):
        result = dispatching.run(manual=True)
        messages.success(request, _("%(sent)s dispatch(es) sent (window %(window)s).") % result)
        return redirect(self.index_url_name)


class DispatchResendView(ActionView):
    permission = PERMISSION
    inspect_url_name = None

    def post(self, request, pk):
        dispatch = get_object_or_404(Dispatch, pk=pk)
        if dispatching.send(dispatch, force=True):
            messages.success(request, _("The dispatch was sent."))
        else:
            dispatch.refresh_from_db()
            messages.error(request, _("The dispatch was not sent: %(error)s") % {
                "error": dispatch.last_error or dispatch.get_status_display()})
        return redirect(self.inspect_url_name, pk)


class DispatchViewSet(ModelViewSet):
    model = Dispatch
    url_prefix = "dispatches"
    url_namespace = "dispatch_admin"
    icon = "mail"
    menu_label = gettext_lazy("Dispatches")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = DispatchIndexView
    inspect_view_class = DispatchInspectView
    list_display = [Column("supplier_name", label=pgettext_lazy("fulfilment", "Supplier")), "window",
                    "status", "attempts", Column("line_count", label=gettext_lazy("Lines")), "sent_at",
                    "last_error"]
    filterset_class = DispatchFilterSet
    search_fields = ["supplier_name", "window"]
    search_backend_name = None
    form_fields = []
    ordering = ["-created_at"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(run_url_name=self.get_url_name("run"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(resend_url_name=self.get_url_name("resend"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("run/", DispatchNowView.as_view(index_url_name=self.get_url_name("index")), name="run"),
            path("resend/<int:pk>/", DispatchResendView.as_view(
                inspect_url_name=self.get_url_name("inspect")), name="resend"),
        ]
