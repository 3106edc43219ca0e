"""The date range and channel a report covers, read from the query string.

Bad input is reported on the form and the default (the last 30 days, every channel) is used.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from analytics.models import DayTotals

DEFAULT_DAYS = 30
MAX_DAYS = 366 * 3


def channel_label(code: str) -> str:
    if code == "web":
        return str(_("Website"))
    kind, _sep, pk = code.partition(":")
    return f"{kind.capitalize()} {pk}".strip()


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("analytics", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("analytics", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(label=pgettext_lazy("analytics", "Channel"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = DayTotals.objects.order_by("channel").values_list("channel", flat=True).distinct()
        self.fields["channel"].choices = [("", _("All channels")), *((c, channel_label(c)) for c in codes)]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    channel: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The same number of days just before this period."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.channel)

    def filter(self, queryset):
        queryset = queryset.filter(day__gte=self.start, day__lte=self.end)
        return queryset.filter(channel=self.channel) if self.channel else queryset

    def query_string(self) -> str:
        return urlencode(
            {"start": self.start.isoformat(), "end": self.end.isoformat(), "channel": self.channel}
        )


def period_from(request) -> tuple[Period, PeriodForm]:
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    start, end, channel = today - timedelta(days=DEFAULT_DAYS - 1), today, ""
    if form.is_bound and form.is_valid():
        end = form.cleaned_data["end"] or end
        start = form.cleaned_data["start"] or min(start, end)
        channel = form.cleaned_data["channel"] or ""
    return Period(start, end, channel), form
