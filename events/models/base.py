"""What every table shares: the content key and the version column of hand-edited rows."""

import hashlib

from django.db import models


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text, the key that stops the same article being stored twice."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VersionedModel(models.Model):
    """A row that editors change by hand: `version` goes up on every save, so a stale form is caught."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
