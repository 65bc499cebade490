"""The only network access of the pipeline: fetch one article URL safely.

Every hop is checked before it is connected to: http/https on the default port, no credentials, every
address the name resolves to must be public, and the socket connects to the very address that was
checked (no second DNS lookup an attacker could answer differently). Redirects are followed by hand,
each one checked again, at most three. Time is bounded (connect and total), and so is the body after
decompression, so a trickling server or a gzip bomb stops early.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from events.ingest.types import IngestError

MAX_REDIRECTS = 3
CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 15.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
USER_AGENT = "CrisisTracker/1.0 (+article ingest)"
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# IPv6 addresses are only ever allowed from IANA's global unicast space; within it (and for IPv4),
# `is_global` follows the special-purpose registries except for these blocks, which Python's tables
# (3.13) call global but which are not public unicast destinations: the deprecated 6to4 relay anycast,
# the ORCHID / ORCHIDv2 and DET identifier prefixes (hashes, not locators), the 2024 documentation
# prefix, SRv6 SIDs, the dummy prefix and the deprecated site-local block.
GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
NOT_GLOBAL = tuple(
    ipaddress.ip_network(block)
    for block in (
        "192.88.99.0/24",
        "2001:10::/28",
        "2001:20::/28",
        "2001:30::/28",
        "3fff::/20",
        "5f00::/16",
        "100:0:0:1::/64",
        "fec0::/10",
    )
)


class FetchError(IngestError):
    """A URL that can't or mustn't be fetched; the message is for the editor."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    status: int  # 200, or 304 (not modified: empty body) when the request was conditional
    content_type: str
    charset: str | None
    body: bytes
    etag: str = ""
    last_modified: str = ""


PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


def address_is_public(address: str) -> bool:
    """An allowlist: True only for addresses globally routable per IANA's IPv4 and IPv6 special-purpose
    registries (unicast, in 2000::/3 for IPv6, none of NOT_GLOBAL), judging the IPv4 inside IPv6 wrappers.

    "93.184.216.34" → True; "127.0.0.1", "10.0.0.1", "100.64.0.1", "169.254.169.254", "::ffff:127.0.0.1",
    "64:ff9b::7f00:1", "192.88.99.1", "fec0::1", "2001:20::1", "3fff::1" → False.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or (ip.sixtofour if ip.sixtofour else None)
        if ip.teredo:
            return False
        for prefix in NAT64_PREFIXES:
            if ip in prefix:
                embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_is_public(str(embedded))
    if any(ip in block for block in NOT_GLOBAL if block.version == ip.version):
        return False
    if ip.version == 6 and ip not in GLOBAL_UNICAST_V6:
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback)


def check_url(url: str, *, any_port: bool = False) -> tuple[str, str, int, str]:
    """Split and vet a URL: (scheme, host, port, path-with-query), or FetchError saying why not. Only the
    scheme's standard port, unless `any_port` (the same test-only allowance as private addresses).

    "https://example.org/a?b=1" → ("https", "example.org", 443, "/a?b=1").
    """
    if len(url) > 2000:
        raise FetchError("That URL is too long.")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError("That is not a valid URL.") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError("Only http:// and https:// links can be fetched.")
    if parts.username or parts.password:
        raise FetchError("Links with a user name or password in them are not fetched.")
    if not parts.hostname:
        raise FetchError("That URL has no host name.")
    default = 443 if parts.scheme == "https" else 80
    if port not in (None, default) and not any_port:
        raise FetchError(f"Only the standard port for {parts.scheme} ({default}) is allowed.")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port or default, path


def resolve_public(host: str, port: int, *, allow_private: bool) -> str:
    """Resolve `host` and return one address to connect to; refuse if ANY answer is not public.

    Refusing a mixed answer matters: a name that resolves to one public and one private address could
    otherwise be used to reach the private one.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"The host name {host!r} could not be found.") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"The host name {host!r} could not be found.")
    if not allow_private and not all(address_is_public(a) for a in addresses):
        raise FetchError("That link points to a private or local network address, which is not allowed.")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), timeout=self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, **kwargs):
        super().__init__(host, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        raw = socket.create_connection((self._address, self.port), timeout=self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def _decoder(encoding: str):
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FetchError(f"The server sent the page in an encoding we can't read ({encoding}).")


def _read_body(response: http.client.HTTPResponse, *, max_bytes: int, deadline: float) -> bytes:
    decoder = _decoder(response.getheader("Content-Encoding", ""))
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and decoder is None and int(declared) > max_bytes:
        raise FetchError(f"The page is larger than the {max_bytes // (1024 * 1024)} MB limit.")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("The server took too long to send the page.")
        chunk = response.read1(65536)
        if not chunk:
            break
        if decoder is not None:
            # max_length stops a decompression bomb after the cap instead of inflating it whole.
            chunk = decoder.decompress(chunk, max_bytes + 1 - size)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"The page is larger than the {max_bytes // (1024 * 1024)} MB limit.")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    connect_timeout: float = CONNECT_TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
    feed: bool = False,
    etag: str = "",
    last_modified: str = "",
) -> FetchedPage:
    """Fetch an article page (or, with `feed=True`, an RSS/Atom feed, conditionally when given the `etag`
    and `last_modified` of the last fetch), following at most three redirects, each hop vetted.

    fetch_url("https://example.org/news/1") → FetchedPage(url=..., status=200, body=b"<html>...");
    fetch_url("https://example.org/feed", feed=True, etag='"v1"') → FetchedPage(status=304, body=b"") if unchanged;
    fetch_url("http://127.0.0.1/") → FetchError("That link points to a private or local network address…").
    """
    deadline = time.monotonic() + total_timeout
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join(FEED_TYPES) if feed else "text/html,text/plain;q=0.9",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    allowed = (*FEED_TYPES, "text/html") if feed else PAGE_TYPES  # some servers call their feed text/html
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = check_url(url, any_port=allow_private)
        address = resolve_public(host, port, allow_private=allow_private)
        remaining = max(0.1, deadline - time.monotonic())
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, address, port=port, timeout=min(connect_timeout, remaining))
        try:
            connection.request("GET", path, headers=headers)
            connection.sock.settimeout(min(connect_timeout, max(0.1, deadline - time.monotonic())))
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError("The server redirected without saying where to.")
                url = urljoin(url, location)
                continue
            if response.status == 304 and (etag or last_modified):
                return FetchedPage(url=url, status=304, content_type="", charset=None, body=b"", etag=etag)
            if response.status != 200:
                raise FetchError(f"The server answered {response.status} {response.reason}; no article was fetched.")
            content_type = response.getheader("Content-Type", "")
            mime = content_type.split(";", 1)[0].strip().lower()
            if mime and mime not in allowed:
                kind = "a feed" if feed else "a web page or text"
                raise FetchError(f"That link is not {kind} (it is {mime}).")
            body = _read_body(response, max_bytes=max_bytes, deadline=deadline)
            charset = None
            if "charset=" in content_type.lower():
                charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip().strip('"') or None
            return FetchedPage(
                url=url,
                status=200,
                content_type=mime or "text/html",
                charset=charset,
                body=body,
                etag=response.getheader("ETag", "")[:500],
                last_modified=response.getheader("Last-Modified", "")[:100],
            )
        except TimeoutError:
            raise FetchError("The server took too long to answer.") from None
        except ssl.SSLError:
            raise FetchError("The secure connection to that site failed (certificate or TLS error).") from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"The page could not be fetched ({exc.__class__.__name__}).") from None
        finally:
            connection.close()
    raise FetchError(f"The link redirected more than {MAX_REDIRECTS} times.")
