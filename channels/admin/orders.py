"""Marketplace orders in the Channels menu: imported orders (held ones first to find), the status
mapping editor, order imports (like feed builds) and the pushes back to the channels."""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from channels.models import Channel, ChannelPush, ImportedOrder, ImportRun, StatusMapping

from . import order_views
from .order_views import order_url


class ImportedOrderPolicy(ModelPermissionPolicy):
    """Imported orders come from the channels: nobody adds or deletes them by hand."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ImportedOrderFilterSet(WagtailFilterSet):
    attention = django_filters.BooleanFilter(
        label=_("Needs a manager"), method="filter_attention", widget=forms.NullBooleanSelect
    )
    status = django_filters.ChoiceFilter(
        choices=ImportedOrder.Status.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    channel = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.filter(kind__in=[Channel.Kind.PROM_YML, Channel.Kind.ROZETKA_YML])
    )

    class Meta:
        model = ImportedOrder
        fields = ["attention", "status", "channel"]

    def filter_attention(self, queryset, name, value):
        needs = Q(status=ImportedOrder.Status.HELD) | ~Q(attention=[])
        if value is None:
            return queryset
        return queryset.filter(needs) if value else queryset.exclude(needs)


def _attention(imported):
    return "; ".join(item.get("text", "") for item in imported.attention) or "—"


class ImportedOrderViewSet(SnippetViewSet):
    model = ImportedOrder
    icon = "list-ul"
    menu_label = _("Imported orders")
    menu_name = "imported-orders"  # stable whatever the language of the label
    filterset_class = ImportedOrderFilterSet
    list_display = [
        TitleColumn(
            "external_id", label=_("Channel's order"), get_url=lambda row: order_url("inspect", row.pk)
        ),
        "channel",
        "status",
        Column("channel_status_label", label=_("Channel status")),
        Column("attention", label=_("Needs a manager"), accessor=_attention),
        Column("order", label=_("Our order")),
        DateColumn("created_at", label=_("Imported"), sort_key="created_at"),
    ]
    list_per_page = 50
    search_fields = ["external_id", "name", "phone"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return ImportedOrder.objects.select_related("channel", "order").order_by("-created_at", "-pk")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("order/<int:pk>/", order_views.ImportedOrderView.as_view(), name="inspect"),
            path("order/<int:pk>/edit/", order_views.EditOrderView.as_view(), name="edit_order"),
            *[
                path(
                    f"order/<int:pk>/{action}/",
                    order_views.OrderActionView.as_view(action=action),
                    name=action,
                )
                for action in ("approve", "place", "dismiss", "cancel")
            ],
        ]


class StatusMappingViewSet(SnippetViewSet):
    model = StatusMapping
    icon = "arrow-right-full"
    menu_label = _("Order statuses")
    menu_name = "order-statuses"
    list_display = [
        "channel",
        "code",
        "label",
        "target",
        "push_for",
        BooleanColumn("cancel_reason", label=_("Reason to cancel with")),
    ]
    list_filter = ["channel", "target"]
    list_per_page = 100
    panels = [
        FieldPanel("channel"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("target"), FieldPanel("push_for"), FieldPanel("cancel_reason")]),
    ]


class ImportRunViewSet(SnippetViewSet):
    model = ImportRun
    icon = "download"
    menu_label = _("Order imports")
    menu_name = "order-imports"
    list_display = [
        TitleColumn("started_at", label=_("Started"), get_url=lambda row: None),
        "channel",
        "trigger",
        "status",
        DateColumn("finished_at", label=_("Finished")),
        "fetched",
        "imported",
        "updated",
        "held",
        Column("errors", label=_("Errors"), accessor=lambda run: run.message or len(run.errors) or "—"),
    ]
    list_filter = ["channel", "status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "channel",
        "trigger",
        "status",
        "started_at",
        "finished_at",
        "modified_since",
        "fetched",
        "imported",
        "updated",
        "unchanged",
        "held",
        "message",
        "errors",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/<int:pk>/", order_views.ImportNowView.as_view(), name="import_now"),
        ]


class ChannelPushViewSet(SnippetViewSet):
    model = ChannelPush
    icon = "upload"
    menu_label = _("Pushes to channels")
    menu_name = "pushes-to-channels"
    list_display = [
        TitleColumn(
            "imported_order",
            label=_("Order"),
            get_url=lambda row: order_url("inspect", row.imported_order_id),
        ),
        "action",
        "status_code",
        "state",
        "attempts",
        DateColumn("next_attempt_at", label=_("Next attempt")),
        Column("last_error", label=_("Last error")),
    ]
    list_filter = ["state", "action"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("reason/<int:pk>/", order_views.PushActionView.as_view(action="reason"), name="reason"),
            path("again/<int:pk>/", order_views.PushActionView.as_view(action="again"), name="again"),
        ]
