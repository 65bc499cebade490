"""Forms. `TimelineFilterForm` is the one filter form shared by the timeline pages and every export,
so a CSV always holds exactly what the analyst sees."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from events.models import Actor, Event, EventQuerySet, EventType, ReviewStatus, Verification

MIN_DATE = dt.date(1800, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)
MAX_TEXT = 200


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


class TimelineFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=MAX_TEXT, validators=[no_nul])
    actor = forms.ModelMultipleChoiceField(label="Actors", queryset=Actor.objects.all(), required=False)
    type = forms.MultipleChoiceField(label="Event type", choices=EventType.choices, required=False)
    date_from = BoundedDateField(label="From", required=False)
    date_to = BoundedDateField(label="To", required=False)
    outlet = forms.CharField(label="Outlet", required=False, max_length=MAX_TEXT, validators=[no_nul])
    claim_status = forms.ChoiceField(
        label="Claim status", choices=[("", "Any"), *Verification.choices], required=False
    )
    status = forms.ChoiceField(label="Review status", choices=[("", "Any"), *ReviewStatus.choices], required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the range is before its start.")
        return cleaned

    def filter(self, events: EventQuerySet) -> EventQuerySet:
        """Apply the valid filters to `events` (call after `is_valid()`; invalid fields are ignored)."""
        data = getattr(self, "cleaned_data", {})
        if actors := data.get("actor"):
            events = events.filter(participations__actor__in=actors).distinct()
        if types := data.get("type"):
            events = events.of_type(*types)
        events = events.between(data.get("date_from"), data.get("date_to"))
        if outlet := data.get("outlet"):
            events = events.filter(evidence__source__outlet__iexact=outlet).distinct()
        if claim_status := data.get("claim_status"):
            events = events.filter(claims__verification=claim_status).distinct()
        if status := data.get("status"):
            events = events.filter(status=status)
        if q := data.get("q"):
            from events.search import search_events

            events = search_events(events, q)
        return events


def filtered_events(*, params, crisis, user) -> tuple[TimelineFilterForm, EventQuerySet]:
    """The events of `crisis` that `user` may see, narrowed by the GET `params`: one place for pages and exports."""
    form = TimelineFilterForm(params)
    form.is_valid()
    events = Event.objects.for_crisis(crisis).visible_to(user)
    return form, form.filter(events)
