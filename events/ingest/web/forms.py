"""The editor's side of ingest: the input form, the signed preview payload and the review forms.

The preview carries the parser's draft in a signed, compressed hidden field (nothing is stored until the
editor confirms); the editable fields beside it are ordinary forms. A changed payload fails the
signature check and is refused.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core import signing

from events.forms import BoundedDateField, no_nul
from events.ingest.commit import (
    FIGURE_FIELDS,
    ReviewedActor,
    ReviewedClaim,
    ReviewedDraft,
    ReviewedEvent,
)
from events.ingest.payload import preview_payload
from events.ingest.types import IngestResult
from events.models import Actor, Crisis, Event, EventActor, EventType, FigureMeasure, Precision, SpeechAct

PAYLOAD_SALT = "events.ingest.preview"
PAYLOAD_MAX_AGE = 6 * 60 * 60  # a preview left open over lunch still confirms; one left overnight does not


def over_the_cap(size: int, limit: int) -> str:
    """The upload-too-big message, with numbers that differ: (52428800, 5242880) → "The file is 50.0 MB;
    the limit is 5 MB."; (5242881, 5242880) → "The file is 5,242,881 bytes; the limit is 5,242,880 bytes
    (5 MB).", where one decimal of MB would read "5.0 MB" against "5 MB"."""
    shown, cap = f"{size / 2**20:.1f}", f"{limit / 2**20:g}"
    if float(shown) <= float(cap):
        return f"The file is {size:,} bytes; the limit is {limit:,} bytes ({cap} MB)."
    return f"The file is {shown} MB; the limit is {cap} MB."


class IngestForm(forms.Form):
    crisis = forms.ModelChoiceField(queryset=Crisis.objects.all())
    text = forms.CharField(
        label="Paste the article", required=False, widget=forms.Textarea(attrs={"rows": 12}), strip=False
    )
    file = forms.FileField(label="…or upload a .txt or .html file", required=False)
    url = forms.CharField(label="…or give its URL", required=False, max_length=2000, validators=[no_nul])
    published = BoundedDateField(label="Publication date", required=False, help_text="Leave empty to detect it.")
    title = forms.CharField(label="Headline", required=False, max_length=500, validators=[no_nul])
    outlet = forms.CharField(required=False, max_length=200, validators=[no_nul])

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8", "surrogatepass")) > settings.INGEST_MAX_BYTES:
            raise forms.ValidationError(
                f"The pasted text is larger than {settings.INGEST_MAX_BYTES // (1024 * 1024)} MB; paste one article."
            )
        return text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > settings.INGEST_MAX_BYTES:
            raise forms.ValidationError(over_the_cap(upload.size, settings.INGEST_MAX_BYTES))
        name = (upload.name or "").lower()
        if not name.endswith((".txt", ".html", ".htm")):
            raise forms.ValidationError("Upload a .txt or .html file.")
        return upload

    def clean(self):
        cleaned = super().clean()
        given = [k for k in ("text", "file", "url") if cleaned.get(k) and (k != "text" or cleaned[k].strip())]
        if not self.errors and len(given) != 1:
            raise forms.ValidationError("Give the article one way: paste its text, upload a file, or give its URL.")
        return cleaned


def sign_preview(*, result: IngestResult, original: str, original_format: str, crisis_id: int) -> str:
    """The parser's draft as a tamper-proof string for the preview form."""
    return sign_payload(
        preview_payload(result=result, original=original, original_format=original_format, crisis_id=crisis_id)
    )


def sign_payload(payload: dict) -> str:
    """A payload (the parser's, or one the editor merged or split) signed for the preview form."""
    return signing.dumps(payload, salt=PAYLOAD_SALT, compress=True)


def unsign_preview(token: str) -> dict:
    """The payload back, or `signing.BadSignature` if anything in it was changed (or it expired)."""
    return signing.loads(token, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)


class ActorReviewForm(forms.Form):
    accept = forms.BooleanField(required=False, initial=True)
    name = forms.CharField(max_length=200, validators=[no_nul])
    kind = forms.ChoiceField(choices=Actor.Kind.choices)
    link = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Same as existing actor")

    def __init__(self, *args, known_choices=(), **kwargs):
        # The registry's actors are read once for all the forms of a preview (see `known_actor_choices`).
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [("", "New actor"), *known_choices]


def known_actor_choices() -> list[tuple[int, str]]:
    """Every actor as a choice for "same as existing actor", in one query."""
    return [
        (pk, f"{name} ({kind})")
        for pk, name, kind in Actor.objects.order_by("name", "pk").values_list("pk", "name", "kind")
    ]


ROLE_CHOICES = [*EventActor.Role.choices, ("", "Not in this event")]


class EventReviewForm(forms.Form):
    accept = forms.BooleanField(required=False, initial=True)
    headline = forms.CharField(max_length=300, validators=[no_nul])
    type = forms.ChoiceField(choices=EventType.choices)
    date_start = BoundedDateField(label="From")
    date_end = BoundedDateField(label="To")
    precision = forms.ChoiceField(choices=Precision.choices)
    date_text = forms.CharField(required=False, max_length=200, label="Date as written")
    timeframe = forms.ChoiceField(choices=Event.Timeframe.choices)
    same_as = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Same as", choices=[])
    # An event number, read only by the "Merge" button (`views.revise`): saving ignores it, so a stray value
    # never blocks a save. A number box, not a list of every other event: that grows with the square.
    merge_with = forms.CharField(
        required=False, label="Merge with event no.", widget=forms.NumberInput(attrs={"min": 1, "step": 1})
    )

    def __init__(self, *args, same_choices=(), actor_keys=(), event_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["same_as"].choices = [("", "New event"), *same_choices]
        self.fields["merge_with"].widget.attrs["max"] = event_count
        # One role per actor the parser put in the event: `role_0` is the role of the event's first actor.
        self.role_fields = []
        for j, key in enumerate(actor_keys):
            name = f"role_{j}"
            self.fields[name] = forms.ChoiceField(choices=ROLE_CHOICES, required=False, label=key)
            self.role_fields.append(name)

    def details(self):
        """The bound fields shown in the card's grid, below the full-width headline."""
        names = ("type", "date_start", "date_end", "precision", "date_text", "timeframe", "same_as")
        return [self[name] for name in names]

    def roles(self):
        """The bound role fields with the actor each is for, for the template: [(key, bound field), …]."""
        return [(self.fields[name].label, self[name]) for name in self.role_fields]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_start"), cleaned.get("date_end")
        if start and end and start > end:
            self.add_error("date_end", "The latest day is before the earliest day.")
        return cleaned


class ClaimReviewForm(forms.Form):
    accept = forms.BooleanField(required=False, initial=True)
    claimant = forms.ChoiceField(required=False, choices=[])
    claimant_text = forms.CharField(required=False, max_length=200, label="Claimant as written")
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), validators=[no_nul])
    speech_act = forms.ChoiceField(choices=SpeechAct.choices)
    figure_value = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    figure_unit = forms.CharField(required=False, max_length=50)
    figure_measure = forms.ChoiceField(required=False, label="Measure", choices=[("", "—"), *FigureMeasure.choices])
    figure_low = forms.DecimalField(required=False, max_digits=20, decimal_places=4, label="Lowest")
    figure_high = forms.DecimalField(required=False, max_digits=20, decimal_places=4, label="Highest")
    figure_text = forms.CharField(required=False, max_length=200, label="Figure as written", validators=[no_nul])
    poll_pollster = forms.CharField(required=False, max_length=200, label="Pollster", validators=[no_nul])
    poll_base = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, label="Poll base")
    event = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, choices=[])

    def __init__(self, *args, actor_choices=(), event_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimant"].choices = [("", "Unattributed"), *actor_choices]
        self.fields["event"].choices = [("", "No event"), *event_choices]

    FIGURE_FIELDS = FIGURE_FIELDS

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("figure_low"), cleaned.get("figure_high")
        if low is not None and high is not None and low > high:
            self.add_error("figure_high", "The highest figure is below the lowest.")
        return cleaned


def build_reviewed_draft(payload: dict, actor_forms, event_forms, claim_forms) -> ReviewedDraft:
    """Combine the signed payload (text, spans) with the editor's accepted and corrected fields."""
    actors = []
    for data, form in zip(payload["actors"], actor_forms, strict=True):
        c = form.cleaned_data
        if c.get("accept"):
            actors.append(
                ReviewedActor(
                    key=data["name"],
                    name=c["name"],
                    kind=c["kind"],
                    mentions=tuple(data["mentions"]),
                    actor_id=c.get("link"),
                )
            )
    accepted_keys = {a.key for a in actors}
    events, index_map = [], {}
    for i, (data, form) in enumerate(zip(payload["events"], event_forms, strict=True)):
        c = form.cleaned_data
        if not c.get("accept"):
            continue
        index_map[i] = len(events)
        events.append(
            ReviewedEvent(
                headline=c["headline"],
                type=c["type"],
                date_start=c["date_start"],
                date_end=c["date_end"],
                precision=c["precision"],
                date_text=c.get("date_text") or "",
                spans=tuple(tuple(s) for s in data["spans"]),
                actors=tuple(
                    (key, c[f"role_{j}"])
                    for j, (key, _) in enumerate(data["actors"])
                    if key in accepted_keys and c.get(f"role_{j}")
                ),
                location=data.get("location") or "",
                timeframe={"current": "now"}.get(c["timeframe"], c["timeframe"]),
                same_as=c.get("same_as"),
            )
        )
    claims = []
    published = dt.date.fromisoformat(payload["published"]) if payload.get("published") else None
    for data, form in zip(payload["claims"], claim_forms, strict=True):
        c = form.cleaned_data
        if not c.get("accept"):
            continue
        claimant = c.get("claimant") or None
        event_index = c.get("event")
        claims.append(
            ReviewedClaim(
                claimant=claimant if claimant in accepted_keys else None,
                claimant_text=c.get("claimant_text") or "",
                statement=c["statement"],
                speech_act=c["speech_act"],
                start=data["start"],
                end=data["end"],
                figure_value=c.get("figure_value"),
                figure_unit=c.get("figure_unit") or "",
                figure_measure=c.get("figure_measure") or "",
                figure_low=c.get("figure_low"),
                figure_high=c.get("figure_high"),
                figure_text=c.get("figure_text") or "",
                poll_pollster=c.get("poll_pollster") or "",
                poll_base=c.get("poll_base"),
                event_index=index_map.get(event_index) if event_index is not None else None,
                about=tuple(k for k in data["about"] if k in accepted_keys),
                made_on=published,
            )
        )
    return ReviewedDraft(
        title=(payload.get("title") or payload["body"][:80]).strip()[:500],
        body=payload["body"],
        original=payload["original"],
        original_format=payload["original_format"],
        url=payload.get("url"),
        outlet=(payload.get("outlet") or "")[:200],
        authors=", ".join(payload.get("authors") or [])[:500],
        published=published,
        published_source=payload.get("published_source") or "",
        actors=tuple(actors),
        events=tuple(events),
        claims=tuple(claims),
        language=(payload.get("language") or "en")[:10],
    )
