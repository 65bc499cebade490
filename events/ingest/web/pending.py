"""The review form's token for a queued article: it names the `PendingArticle` whose stored draft is being
reviewed (signed, so a form cannot name a row it was not given), where a pasted preview carries its whole
signed draft instead.

    pending_from_token(pending_token(p)) → p;  pending_from_token(<a preview's token>) → None
"""

from __future__ import annotations

from django.core import signing

from events.models import PendingArticle

PENDING_SALT = "events.ingest.pending"


def pending_token(pending: PendingArticle) -> str:
    return signing.dumps({"pending": pending.pk}, salt=PENDING_SALT)


def pending_from_token(token: str) -> PendingArticle | None:
    """The row a queue token names, or None for any other token (a signed preview, or junk)."""
    try:
        data = signing.loads(token, salt=PENDING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pending"), int):
        return None
    return PendingArticle.objects.select_related("crisis").filter(pk=data["pending"]).first()
