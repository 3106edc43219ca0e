"""HTTP for untrusted URLs (feeds, photos): public addresses only, bounded in size and time.

The address check happens where the socket is opened, on the addresses the
name resolves to at that moment, for the first request and for every
redirect: a feed URL (or a DNS record that changes between a check and the
connection) cannot make the server talk to our own network. Only http and
https are spoken; no proxies from the environment, no file:// or ftp:// redirects.

A supplier whose feed or store really is on the shop's network (a 1C server in
the office, a store on the LAN) names those hosts on the supplier
(Supplier.allowed_private_hosts); only connections to exactly those names may
reach private addresses, and only for that supplier's runs. Every caller passes
`private_hosts` explicitly (photos are fetched in worker threads, where a
context variable would not follow).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import partial
from typing import BinaryIO

from . import conf

USER_AGENT = "kramnytsia-supplier-sync/1.0"
CHUNK = 256 * 1024


class BlockedAddress(OSError):
    """The host resolves to an address the shop must not connect to."""


class TooLarge(Exception):
    pass


class DeadlineExceeded(Exception):
    pass


def address_allowed(ip: str) -> bool:
    """Whether an address is public (the only kind any host may reach without being named)."""
    if conf.get("SUPPLIER_FEEDS_ALLOW_PRIVATE"):  # tests and the demo only: see conf.py
        return True
    address = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    # is_global is False for private, loopback, link-local, shared (CGNAT),
    # reserved and unspecified ranges.
    return address.is_global and not address.is_multicast


def normal_host(host: str) -> str:
    """How host names are compared: lower case, no trailing dot, no IPv6 brackets."""
    return host.strip().strip("[]").rstrip(".").lower()


def _guarded_create_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None,
                               *args, private_hosts: frozenset[str] = frozenset(), **kwargs):
    host, port = address
    named = normal_host(host) in private_hosts
    error: OSError | None = None
    for family, kind, proto, _name, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if not named and not address_allowed(sockaddr[0]):
            error = BlockedAddress(f"{host} resolves to {sockaddr[0]}, a private or local address "
                                   "(a supplier may name such hosts in its allowed private hosts)")
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"cannot resolve {host}")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, private_hosts: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = partial(_guarded_create_connection, private_hosts=private_hosts)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, private_hosts: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = partial(_guarded_create_connection, private_hosts=private_hosts)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, private_hosts: frozenset[str]):
        super().__init__()
        self.private_hosts = private_hosts

    def http_open(self, req):
        return self.do_open(partial(_HTTPConnection, private_hosts=self.private_hosts), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, private_hosts: frozenset[str]):
        super().__init__()
        self.private_hosts = private_hosts

    def https_open(self, req):
        return self.do_open(partial(_HTTPSConnection, private_hosts=self.private_hosts), req,
                            context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = 5


def _hosts(private_hosts) -> frozenset[str]:
    return frozenset(normal_host(h) for h in private_hosts or () if h and h.strip())


def build_opener(private_hosts=()) -> urllib.request.OpenerDirector:
    """An opener with our handlers only (build_opener() would add file://, ftp:// and proxies).

    `private_hosts`: host names that may resolve to private addresses (one supplier's list);
    a redirect to any other host is checked like a first request."""
    hosts = _hosts(private_hosts)
    opener = urllib.request.OpenerDirector()
    for handler in (_HTTPHandler(hosts), _HTTPSHandler(hosts), urllib.request.HTTPDefaultErrorHandler(),
                    _RedirectHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def build_api_opener(private_hosts=()) -> urllib.request.OpenerDirector:
    """Like build_opener(), but a redirect is an error: an API call carries credentials, and
    urllib would send them on to wherever the redirect points."""
    hosts = _hosts(private_hosts)
    opener = urllib.request.OpenerDirector()
    for handler in (_HTTPHandler(hosts), _HTTPSHandler(hosts), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def open_api(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
             timeout: float, private_hosts=()):
    """One API request to an http(s) URL on a public address, redirects refused (HTTPError 3xx)."""
    if not url.lower().startswith(("http://", "https://")):
        raise urllib.error.URLError(f"only http and https URLs are fetched, not {url[:40]!r}")
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"User-Agent": USER_AGENT, **(headers or {})})
    return build_api_opener(private_hosts).open(request, timeout=timeout)


def open_url(url: str, *, timeout: float, headers: dict | None = None, private_hosts=()):
    """Open an http(s) URL; raises urllib.error.HTTPError / URLError like urlopen."""
    if not url.lower().startswith(("http://", "https://")):
        raise urllib.error.URLError(f"only http and https URLs are fetched, not {url[:40]!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    return build_opener(private_hosts).open(request, timeout=timeout)


def copy_limited(response, out: BinaryIO, *, max_bytes: int, deadline: float | None = None,
                 beat: Callable[[], None] | None = None) -> int:
    """Copy a response body into `out`, refusing more than max_bytes or running past deadline."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{int(declared)} bytes announced, the limit is {max_bytes}")
    total = 0
    while True:
        chunk = response.read(CHUNK)
        if not chunk:
            return total
        total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"more than {max_bytes} bytes")
        out.write(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineExceeded("the download took too long")
        if beat is not None:
            beat()
