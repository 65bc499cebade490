"""Rendered reader fragments, cached under the data revision.

A timeline's results (entries, facets, chart) are the same for every reader who asks for the same URL
while nothing changes, so the rendered HTML is kept in Django's cache under a key made of the data
revision (`events.revision`), what the reader may see (editors see drafts and edit links), the fragment
and the whole query string. Any write anywhere changes the revision, so a cached fragment is never
shown after the data it shows changed; old keys simply expire (`PAGE_CACHE_SECONDS`).

Only fragments are cached, never whole responses: the page around them carries the reader's name, a
CSRF token and a fresh CSP nonce. With several app servers, point `CACHE_URL` at a shared cache (Redis)
so they share fragments; a per-process cache is correct too (the revision lives in the database), only
colder.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from events.forms import can_edit
from events.revision import current_revision


def fragment_key(request: HttpRequest, name: str, *scope) -> str:
    query = sorted((key, tuple(values)) for key, values in request.GET.lists())
    reader = "editor" if can_edit(request.user) else "reader"
    raw = repr((name, current_revision(), reader, scope, query))
    return f"fragment:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_fragment(request: HttpRequest, name: str, scope: tuple, render: Callable[[], str]) -> str:
    """`render()`'s HTML for this request, from the cache when the same fragment was rendered for the
    same kind of reader, URL and data revision; `render` runs (and is stored) only on a miss."""
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds:
        return render()
    key = fragment_key(request, name, *scope)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    return html
