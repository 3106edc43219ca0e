"""IndexNow's queue of changed URLs and the record of each submission.

A URL waits in the queue until it has been quiet for INDEXNOW_QUIET_SECONDS, so an editor who
publishes five times in ten minutes, or a sync that touches a product every run, costs one
notification, and a freshly created page is not announced before it has settled. The
submissions record says what the engines answered and, after a refusal to take more (429) or an
outage, when the next try may be made: the queue is never drained in a loop that sleeps.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexNowUrl(models.Model):
    wagtail_reference_index_ignore = True

    url = models.CharField(max_length=2000, unique=True, verbose_name=_("URL"))
    changed_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("changed at"))

    class Meta:
        verbose_name = _("URL waiting for IndexNow")
        verbose_name_plural = _("URLs waiting for IndexNow")

    def __str__(self):
        return self.url


class IndexNowSubmission(models.Model):
    wagtail_reference_index_ignore = True

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DEFERRED = "deferred", _("Deferred (try again later)")
        REFUSED = "refused", _("Refused (the settings need fixing)")

    sent_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("sent at"))
    urls = models.PositiveIntegerField(default=0, verbose_name=_("urls"))
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("status code"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices, verbose_name=_("outcome"))
    message = models.CharField(max_length=500, blank=True, verbose_name=_("message"))
    failures_in_a_row = models.PositiveSmallIntegerField(default=0, verbose_name=_("failures in a row"))
    retry_at = models.DateTimeField(null=True, blank=True, verbose_name=_("retry at"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        get_latest_by = ["sent_at", "pk"]
        verbose_name = _("IndexNow submission")
        verbose_name_plural = _("IndexNow submissions")

    def __str__(self):
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.outcome} ({self.urls})"
