"""The published feed at its stable secret URL, with conditional GET and gzip.

Files are stored gzipped; a client that accepts gzip gets the stored bytes as they are, any
other gets them decompressed on the fly. ETag and Last-Modified come from the file itself, so a
marketplace that polls often downloads a feed only when a build published a new one.
"""

import gzip
import os

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from channels.build import feed_path
from channels.feeds import export_formats
from channels.models import Channel

CHUNK = 64 * 1024
CONTENT_TYPES = {"xml": "application/xml; charset=utf-8",
                 "tsv": "text/tab-separated-values; charset=utf-8"}


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding names gzip (or *) without q=0."""
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, _sep, params = part.partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            q = params.strip().lower().removeprefix("q=") if params.strip().lower().startswith("q=") else "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


@require_safe
def feed(request, token, fmt="xml"):
    channel = Channel.objects.filter(token=token, active=True).first()
    if channel is None or (fmt != "xml" and fmt not in export_formats(channel.kind)):
        raise Http404("No such feed")
    content_type = CONTENT_TYPES[fmt]
    path = feed_path(channel, fmt)
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise Http404("The feed has not been built yet") from None
    gzipped = accepts_gzip(request)
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-gz" if gzipped else ""}"'
    last_modified = int(stat.st_mtime)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        if gzipped:
            response = FileResponse(open(path, "rb"), filename=f"feed.{fmt}", content_type=content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = StreamingHttpResponse(_gunzip(path), content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _gunzip(path):
    with gzip.open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


@require_safe
def indexnow_key(request, key):
    """/{key}.txt holds exactly the IndexNow key, proving the host is ours."""
    if not settings.INDEXNOW_KEY or key != settings.INDEXNOW_KEY:
        raise Http404("No such file")
    return HttpResponse(key, content_type="text/plain; charset=utf-8")
