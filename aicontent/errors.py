"""API errors in words a manager understands, and which of them stop a whole job."""

import anthropic
from django.utils.translation import gettext as _


class JobAborted(Exception):
    """An error no other product would escape (bad key, unknown model): stop the job."""


FATAL = (anthropic.AuthenticationError, anthropic.PermissionDeniedError, anthropic.NotFoundError)


def describe(error: Exception) -> str:
    status = getattr(error, "status_code", None)
    if isinstance(error, anthropic.RateLimitError):
        return _("Rate limited by the Anthropic API (429), still after retrying.")
    if status == 529:
        return _("The Anthropic API is overloaded (529), still after retrying.")
    if isinstance(error, anthropic.APITimeoutError):
        return _("The Anthropic API did not answer in time.")
    if isinstance(error, anthropic.APIConnectionError):
        return _("Could not reach the Anthropic API.")
    if isinstance(error, anthropic.APIStatusError):
        return _("Anthropic API error %(status)s: %(message)s") % {
            "status": status, "message": _api_message(error)}
    return str(error) or error.__class__.__name__


def _api_message(error):
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error") if isinstance(body.get("error"), dict) else body
        if inner.get("message"):
            return str(inner["message"])
    return str(getattr(error, "message", error))
