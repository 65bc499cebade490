"""Forms. `TimelineFilterForm` is the one filter form shared by the timeline pages and every export,
so a CSV always holds exactly what the analyst sees. `ClaimFilterForm` narrows a crisis's claims."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import QueryDict

from events.dates import MAX_DATE, MIN_DATE
from events.models import (
    Actor,
    Claim,
    ClaimQuerySet,
    ContradictionGroup,
    ContradictionQuerySet,
    Event,
    EventQuerySet,
    EventType,
    ReviewStatus,
    SpeechAct,
    Verification,
)
from events.permissions import can_edit  # noqa: F401  (re-exported: views import it from here)
from events.search import search_events
from events.visibility import visible_actors

MAX_TEXT = 200
MAX_ACTORS = 20
MAX_ID = 2**63 - 1
CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2}|undated)\.(\d{1,18})$")


def no_nul(value: str) -> None:
    if "\x00" in value:
        raise ValidationError("Remove the NUL character from this field.")


class BoundedDateField(forms.DateField):
    """A date in ISO form within years the product can mean; anything else is a form error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and ("\x00" in value or len(value) > 20):
            raise ValidationError("Enter a date as YYYY-MM-DD.", code="invalid")
        day = super().to_python(value)
        if day and not (MIN_DATE <= day <= MAX_DATE):
            raise ValidationError(f"Enter a date between {MIN_DATE.year} and {MAX_DATE.year}.", code="out_of_range")
        return day


class CursorField(forms.CharField):
    """A keyset position: the date and id of the last row shown. "2019-02-02.123" → (date(2019, 2, 2), 123);
    "undated.7" → (None, 7) where `allow_undated` (claims may have no date)."""

    def __init__(self, *, allow_undated=False, **kwargs):
        self.allow_undated = allow_undated
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = CURSOR.match(value) if len(value) <= 40 else None
        try:
            if match[1] == "undated" and self.allow_undated:
                return None, int(match[2])
            return dt.date.fromisoformat(match[1]), int(match[2])
        except (TypeError, ValueError):
            raise ValidationError("This “more” link is broken: start again from the newest.", code="invalid") from None


def cursor_after(day: dt.date | None, pk: int) -> str:
    """The cursor that continues after a row: (date(2019, 2, 2), 123) → "2019-02-02.123"."""
    return f"{day.isoformat() if day else 'undated'}.{pk}"


def events_after(events: EventQuerySet, cursor: tuple[dt.date, int] | None) -> EventQuerySet:
    """The events after a "load more" cursor (`EventQuerySet.after`), or all of them without one."""
    return events.after(*cursor) if cursor else events


def given(data, name: str) -> list[str]:
    """The non-blank values submitted for `name`, from a QueryDict or a plain dict."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
    values = [values] if isinstance(values, str) else values
    return [v for v in values if isinstance(v, str) and v.strip()]


class BoxField(forms.CharField):
    """A map area, "south,west,north,east" in degrees: "10.1,-67.2,10.6,-66.8" → four Decimals."""

    LIMITS = ((-90, 90), (-180, 180), (-90, 90), (-180, 180))

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        message = "This map area is not valid: open the map again."
        parts = value.split(",") if len(value) <= 100 else []
        try:
            box = tuple(Decimal(part.strip()) for part in parts)
        except InvalidOperation:
            raise ValidationError(message, code="invalid") from None
        if len(box) != 4 or not all(
            b.is_finite() and low <= b <= high for b, (low, high) in zip(box, self.LIMITS, strict=True)
        ):
            raise ValidationError(message, code="invalid")
        south, west, north, east = box
        if south > north or west > east:
            raise ValidationError(message, code="invalid")
        return box


class ActorChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if value and len(value) > MAX_ACTORS:
            raise ValidationError(f"Choose at most {MAX_ACTORS} actors.", code="too_many")
        for pk in value or ():
            # An id past the database's integer range would fail inside the query (a 500), not in the form.
            if not (isinstance(pk, str) and pk.strip().isdecimal() and len(pk.strip()) <= 19 and int(pk) <= MAX_ID):
                raise ValidationError(f"“{pk[:20]}” is not an actor.", code="invalid_pk_value")
        return super().clean(value)


class TimelineFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=MAX_TEXT, validators=[no_nul])
    actor = ActorChoiceField(label="Actors", queryset=Actor.objects.all(), required=False)
    type = forms.MultipleChoiceField(label="Event type", choices=EventType.choices, required=False)
    date_from = BoundedDateField(label="From", required=False)
    date_to = BoundedDateField(label="To", required=False)
    outlet = forms.CharField(label="Outlet", required=False, max_length=MAX_TEXT, validators=[no_nul])
    claim_status = forms.ChoiceField(label="Claim status", choices=[("", "Any"), *Verification.choices], required=False)
    status = forms.ChoiceField(label="Review status", choices=[("", "Any"), *ReviewStatus.choices], required=False)
    bbox = BoxField(label="Map area", required=False, max_length=100, validators=[no_nul])
    contradicted = forms.BooleanField(label="Only entries whose claims contradict each other", required=False)
    # The crisis as it could have been known that day: entries, claims and sources published by then.
    known_on = BoundedDateField(label="As known on", required=False)
    # Paging, not filtering: exports ignore it.
    cursor = CursorField(required=False, widget=forms.HiddenInput)

    FILTERS = (
        "q",
        "actor",
        "type",
        "date_from",
        "date_to",
        "outlet",
        "claim_status",
        "status",
        "contradicted",
        "known_on",
        "bbox",
    )

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        if user is not None and not can_edit(user):
            # Only editors can see drafts, so only they get to choose between drafts and published entries.
            del self.fields["status"]
            # An actor only drafts involve is part of those drafts: not a filter (or a chip) readers may name.
            self.fields["actor"].queryset = visible_actors(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the range is before its start.")
        return cleaned

    def visible_claims(self) -> ClaimQuerySet:
        """The claims a claim-status filter may look at: never a draft the user may not see."""
        return Claim.objects.visible_to(self.user) if self.user is not None else Claim.objects.published()

    def visible_contradictions(self) -> ContradictionQuerySet:
        """Standing contradictions (not dismissed) with two claims at least that the user may see."""
        return ContradictionGroup.objects.standing().seen_by(self.visible_claims())

    def as_known_on(self) -> dt.date | None:
        return getattr(self, "cleaned_data", {}).get("known_on")

    def filter(self, events: EventQuerySet, *, skip=()) -> EventQuerySet:
        """Apply the valid filters to `events` (call after `is_valid()`; invalid fields are ignored).

        `skip` names filters to leave out, for counting what each option of that filter would leave.
        The filters themselves are `EventQuerySet` methods (`with_any_actor`, `reported_by`, …); the form only
        validates the URL's values and picks them.
        """
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in skip}
        events = events.with_any_actor(*[a.pk for a in data.get("actor") or ()]).of_type(*data.get("type") or ())
        events = events.between(data.get("date_from"), data.get("date_to"))
        if outlet := data.get("outlet"):
            events = events.reported_by(outlet)
        if claim_status := data.get("claim_status"):
            events = events.with_claim_status(claim_status, claims=self.visible_claims())
        if status := data.get("status"):
            events = events.filter(status=status)
        if box := data.get("bbox"):
            events = events.within(*box)
        if data.get("contradicted"):
            events = events.with_contradictions(self.visible_contradictions())
        if day := data.get("known_on"):
            events = events.known_on(day)
        if q := data.get("q"):
            events = search_events(events, q)
        return events

    def after_cursor(self, events: EventQuerySet) -> EventQuerySet:
        return events_after(events, getattr(self, "cleaned_data", {}).get("cursor"))

    def params(self, **changes) -> QueryDict:
        """The filters as given (blank ones dropped, paging dropped): the URL to share, push or extend.

        Invalid values stay, so a reload shows the same error. `changes` replace keys: a list sets several
        values, None removes the key.
        """
        query = QueryDict(mutable=True)
        for name in self.FILTERS:
            if name in self.fields and (values := given(self.data, name)):
                query.setlist(name, values)
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query.setlist(name, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
        return query

    def is_filtered(self) -> bool:
        return bool(self.params())


def filtered_events(*, params, crisis, user) -> tuple[TimelineFilterForm, EventQuerySet]:
    """The events of `crisis` that `user` may see, narrowed by the GET `params`: one place for pages and exports."""
    form = TimelineFilterForm(params, user=user)
    form.is_valid()
    events = Event.objects.for_crisis(crisis).visible_to(user)
    return form, form.filter(events)


class PageForm(forms.Form):
    """Only a keyset cursor: the pages that list entries without filters (an actor's events)."""

    cursor = CursorField(required=False, widget=forms.HiddenInput)

    def after_cursor(self, events: EventQuerySet) -> EventQuerySet:
        return events_after(events, getattr(self, "cleaned_data", {}).get("cursor"))


CLAIM_ORDER = (F("made_on").desc(nulls_last=True), "-id")


class KnownOnForm(forms.Form):
    """Only "as known on": the pages of one entry, opened from a timeline as known on a day."""

    known_on = BoundedDateField(label="As known on", required=False)

    def as_known_on(self) -> dt.date | None:
        return getattr(self, "cleaned_data", {}).get("known_on")


class ClaimFilterForm(forms.Form):
    claimant = forms.ModelChoiceField(label="Claimant", queryset=Actor.objects.all(), required=False)
    verification = forms.ChoiceField(label="Status", choices=[("", "Any"), *Verification.choices], required=False)
    speech_act = forms.ChoiceField(label="Speech act", choices=[("", "Any"), *SpeechAct.choices], required=False)
    # The claims as they could have been known that day (`ClaimQuerySet.known_on`), as on the timeline.
    known_on = BoundedDateField(label="As known on", required=False)
    cursor = CursorField(required=False, allow_undated=True, widget=forms.HiddenInput)

    FILTERS = ("claimant", "verification", "speech_act", "known_on")

    def filter(self, claims: ClaimQuerySet, *, skip=()) -> ClaimQuerySet:
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in skip}
        if claimant := data.get("claimant"):
            claims = claims.filter(claimant=claimant)
        if verification := data.get("verification"):
            claims = claims.filter(verification=verification)
        if speech_act := data.get("speech_act"):
            claims = claims.filter(speech_act=speech_act)
        if day := data.get("known_on"):
            claims = claims.known_on(day)
        return claims

    def as_known_on(self) -> dt.date | None:
        return getattr(self, "cleaned_data", {}).get("known_on")

    def after_cursor(self, claims: ClaimQuerySet) -> ClaimQuerySet:
        """Keyset paging in `CLAIM_ORDER`: newest `made_on` first, undated claims last."""
        cursor = getattr(self, "cleaned_data", {}).get("cursor")
        if not cursor:
            return claims
        day, pk = cursor
        if day is None:
            return claims.filter(made_on__isnull=True, pk__lt=pk)
        return claims.filter(Q(made_on__lt=day) | Q(made_on=day, pk__lt=pk) | Q(made_on__isnull=True))

    def params(self, **changes) -> QueryDict:
        query = QueryDict(mutable=True)
        for name in self.FILTERS:
            if values := given(self.data, name):
                query[name] = values[-1]
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = str(value)
        return query
