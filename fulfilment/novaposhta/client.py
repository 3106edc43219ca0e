"""A thin client of Nova Poshta's API 2.0: one JSON endpoint for every model and method.

Every call is POST {apiKey, modelName, calledMethod, methodProperties}; the answer is
{success, data, errors, errorCodes, warnings, info}. A refusal comes back as HTTP 200 with
success false, so the body, not the status, says whether the call worked."""

import logging

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class NovaPoshtaError(Exception):
    """The API refused a call or could not be reached; the message names the call and the reasons."""

    def __init__(self, message, *, errors=(), codes=()):
        self.errors = list(errors)
        self.codes = [str(code) for code in codes]
        super().__init__(message)


class NovaPoshtaClient:
    def __init__(self, api_key=None, url=None, print_url=None, timeout=None):
        self.api_key = settings.NOVA_POSHTA_API_KEY if api_key is None else api_key
        self.url = url or settings.NOVA_POSHTA_API_URL
        self.print_url = (print_url or settings.NOVA_POSHTA_PRINT_URL).rstrip("/")
        self.timeout = timeout or settings.NOVA_POSHTA_TIMEOUT

    @property
    def configured(self):
        return bool(self.api_key)

    def call(self, model: str, method: str, properties: dict | None = None) -> dict:
        """One call; returns the whole answer (data, info, warnings) or raises NovaPoshtaError."""
        name = f"{model}.{method}"
        body = {"apiKey": self.api_key, "modelName": model, "calledMethod": method,
                "methodProperties": properties or {}}
        try:
            response = httpx.post(self.url, json=body, timeout=self.timeout)
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise NovaPoshtaError(_("Nova Poshta %(method)s: no valid answer (%(error)s)") % {
                "method": name, "error": error}) from error
        if not isinstance(answer, dict) or not answer.get("success"):
            answer = answer if isinstance(answer, dict) else {}
            errors = [str(e) for e in answer.get("errors") or []] or [_("unknown error")]
            codes = answer.get("errorCodes") or []
            listed = ", ".join(str(code) for code in codes)
            suffix = _(" (codes %(codes)s)") % {"codes": listed} if codes else ""
            raise NovaPoshtaError(_("Nova Poshta %(method)s failed: %(errors)s") % {
                "method": name, "errors": "; ".join(errors)} + suffix, errors=errors, codes=codes)
        for warning in answer.get("warnings") or []:
            logger.info("Nova Poshta %s warning: %s", name, warning)
        return answer

    def pages(self, model: str, method: str, properties: dict | None = None, limit: int | None = None):
        """Yield every row of a paged list. Page and Limit go as strings: getCities answers
        "Page is invalid format" to a number."""
        limit = limit or settings.NOVA_POSHTA_PAGE_SIZE
        page = 1
        while True:
            answer = self.call(model, method, {**(properties or {}), "Page": str(page), "Limit": str(limit)})
            rows = answer.get("data") or []
            yield from rows
            total = (answer.get("info") or {}).get("totalCount")
            if len(rows) < limit or (total is not None and page * limit >= int(total)):
                return
            page += 1

    def print_url_for(self, kind: str, refs: list[str]) -> str:
        """The documented printing link, e.g. kind "printMarking100x100" or "printDocument"; several
        refs go comma-separated. The key is part of the link: it never leaves the server."""
        return f"{self.print_url}/orders/{kind}/orders[]/{','.join(refs)}/type/pdf/apiKey/{self.api_key}"

    def download_pdf(self, kind: str, refs: list[str]) -> bytes:
        try:
            response = httpx.get(self.print_url_for(kind, refs), timeout=self.timeout)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise NovaPoshtaError(_("Nova Poshta %(kind)s: no PDF (%(error)s)") % {
                "kind": kind, "error": error}) from error
        if not response.content.startswith(b"%PDF"):
            raise NovaPoshtaError(_("Nova Poshta %(kind)s: the answer is not a PDF (%(text)s)") % {
                "kind": kind, "text": response.text[:200].strip()})
        return response.content
