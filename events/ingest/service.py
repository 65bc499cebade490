"""The one way in to ingest: read an article (pasted text, an uploaded or saved file, or a URL), parse it,
and, for bulk callers, save it through the one writer.

Every caller (the admin's ingest page, `parse_article`, `ingest_articles`, the demo loader, and anything
later such as a background task) goes through here, so input is decoded, capped at INGEST_MAX_BYTES and
told HTML-or-text in one place, the known actors come from `registry`, and the pure parser gets today's
date (`timezone.localdate()`) as a value: no stage reads the clock.

    article = read_file(Path("rally.html"))                  # ArticleInput(text=…, is_html=True, url=None)
    result = parse_input(article, published=date(2019, 2, 3)) # IngestResult: the draft the editor reviews
    outcome = ingest(article, crisis=crisis, user=editor)     # CommitOutcome: everything saved as drafts
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from events.ingest.commit import CommitOutcome, commit_ingest, draft_from_result
from events.ingest.extract import decode_input, looks_like_html
from events.ingest.fetch import FetchedPage, FetchError, address_is_public, check_url, fetch_url
from events.ingest.pipeline import parse_article
from events.ingest.registry import load_known_actors
from events.ingest.types import IngestError, IngestResult, KnownActor
from events.models import Crisis, ReviewStatus

HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = (".txt", *HTML_SUFFIXES)


@dataclass(frozen=True)
class ArticleInput:
    """An article as read: its text (decoded, without NULs), whether it is HTML, and its URL if fetched."""

    text: str
    is_html: bool
    url: str | None = None

    @property
    def original_format(self) -> str:
        return "html" if self.is_html else "text"


def _limit(max_bytes: int | None) -> int:
    return settings.INGEST_MAX_BYTES if max_bytes is None else max_bytes


def _too_big(size: int, limit: int) -> IngestError:
    return IngestError(f"The article is {size / (1024 * 1024):.1f} MB; the limit is {limit / (1024 * 1024):g} MB.")


def html_by_name(name: str | None) -> bool | None:
    """What a file's name says: "rally.html" → True, "rally.txt" → False, None or "-" → None (look inside)."""
    if not name or name == "-":
        return None
    return name.lower().endswith(HTML_SUFFIXES)


def read_text(raw: str | bytes, *, is_html: bool | None = None, max_bytes: int | None = None) -> ArticleInput:
    """Pasted text or a file's bytes → ArticleInput; HTML is told from `is_html`, else from the text itself.

    read_text("Thousands marched.") → ArticleInput(text="Thousands marched.", is_html=False)
    read_text(b"\\x89PNG…") → raises IngestError("This file is a PNG image, not an article. …")
    """
    limit = _limit(max_bytes)
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise _too_big(size, limit)
    text = decode_input(raw)[0]
    return ArticleInput(text=text, is_html=looks_like_html(text) if is_html is None else is_html)


def read_upload(upload, *, max_bytes: int | None = None) -> ArticleInput:
    """An uploaded file (already capped by `ingest.web.uploads`) → ArticleInput, HTML by its name."""
    limit = _limit(max_bytes)
    return read_text(upload.read(limit + 1), is_html=html_by_name(upload.name), max_bytes=limit)


def read_file(path: Path, *, max_bytes: int | None = None) -> ArticleInput:
    """A saved .txt/.html file → ArticleInput; one over the cap is refused before it is read whole."""
    limit = _limit(max_bytes)
    size = path.stat().st_size
    if size > limit:
        raise _too_big(size, limit)
    return read_text(path.read_bytes(), is_html=html_by_name(path.name), max_bytes=limit)


def read_url(url: str, *, max_bytes: int | None = None) -> ArticleInput:
    """Fetch a page through the one safe fetcher → ArticleInput; decoded by its declared charset if it has a
    usable one, else as a file would be. Anything but text/plain is HTML."""
    page = fetch_url(url, allow_private=settings.FETCH_ALLOW_PRIVATE_ADDRESSES, max_bytes=_limit(max_bytes))
    text = None
    if page.charset:
        try:
            text = page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    text = decode_input(page.body if text is None else text)[0]
    return ArticleInput(text=text, is_html=page.content_type != "text/plain", url=page.url)


def vet_url(url: str) -> str:
    """Refuse at once, without any network, a URL the fetcher would refuse later: → the URL, or FetchError.
    Names are resolved (and refused if private) when the worker fetches.

    vet_url("https://example.org/a") → "https://example.org/a"; vet_url("http://127.0.0.1/") → FetchError
    """
    allow = settings.FETCH_ALLOW_PRIVATE_ADDRESSES
    host = check_url(url, any_port=allow)[1]
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return url
    if not allow and not address_is_public(str(literal)):
        raise FetchError("That link points to a private or local network address, which is not allowed.")
    return url


def read_feed(url: str, *, etag: str = "", last_modified: str = "", max_bytes: int | None = None) -> FetchedPage:
    """Fetch an RSS/Atom feed through the same safe fetcher, conditionally: status 304 and no body when the
    feed has not changed since the fetch that gave `etag` / `last_modified`."""
    return fetch_url(
        url,
        allow_private=settings.FETCH_ALLOW_PRIVATE_ADDRESSES,
        max_bytes=_limit(max_bytes),
        feed=True,
        etag=etag,
        last_modified=last_modified,
    )


def parse_input(
    article: ArticleInput,
    *,
    published: dt.date | None = None,
    title: str | None = None,
    outlet: str | None = None,
    known_actors: Sequence[KnownActor] | None = None,
    countries: Sequence[str] = (),
) -> IngestResult:
    """ArticleInput → IngestResult, the draft an editor reviews; writes nothing.

    Known actors are loaded from the registry unless given (a bulk run loads them once).
    """
    return parse_article(
        article.text,
        is_html=article.is_html,
        published=published,
        title=title or None,
        url=article.url,
        outlet=outlet or None,
        known_actors=load_known_actors() if known_actors is None else known_actors,
        today=timezone.localdate(),
        nlp_pipeline=settings.INGEST_NLP_PIPELINE,
        countries=countries,
    )


def ingest(
    article: ArticleInput,
    *,
    crisis: Crisis,
    user=None,
    published: dt.date | None = None,
    known_actors: Sequence[KnownActor] | None = None,
    status: str = ReviewStatus.DRAFT,
) -> CommitOutcome:
    """Parse `article` and save every candidate, unreviewed, through `commit_ingest` (bulk ingest, the demo).

    ingest(read_file(path), crisis=c, user=u) → CommitOutcome(source=…, events_created=[…], duplicate=False)
    """
    countries = crisis.countries.split(",")
    result = parse_input(article, published=published, known_actors=known_actors, countries=countries)
    draft = draft_from_result(result, original=article.text, original_format=article.original_format)
    return commit_ingest(draft=draft, crisis=crisis, user=user, status=status)
