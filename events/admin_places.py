"""Correcting an event's place in the admin: a select2 autocomplete over the gazetteer (not over a table).

The event form's `geonameid` field searches `events.gazetteer.search_places` through `gazetteer_places`
(a view hung off EventAdmin.get_urls(), editors only). Picking a place fills the event's country, ISO
code, admin1, coordinates and geo_precision; the location keeps what the editor typed, if anything.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from events.admin_base import VersionCheckedForm
from events.gazetteer import place_by_id, search_places
from events.models import Event

MAX_TERM = 100
RESULTS = 20


class GazetteerSelect(forms.Select):
    """The admin's own select2 (the same files its autocomplete fields load), fed by `gazetteer_places`."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs.update(
            {
                "class": (attrs.get("class", "") + " admin-autocomplete").strip(),
                "data-ajax--url": str(reverse_lazy("admin:events_event_places")),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-theme": "admin-autocomplete",
                "data-allow-clear": "true",
                "data-placeholder": "Type a town or country",
            }
        )
        return attrs

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
            ),
            css={"screen": (f"admin/css/vendor/select2/select2{extra}.css", "admin/css/autocomplete.css")},
        )


class GazetteerPlaceField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, widget=GazetteerSelect, **kwargs)

    def clean(self, value):
        geonameid = super().clean(value)
        if geonameid is not None and place_by_id(geonameid) is None:
            raise forms.ValidationError("That place is not in the gazetteer: pick one from the list.")
        return geonameid


class EventForm(VersionCheckedForm):
    geonameid = GazetteerPlaceField(
        label="Place",
        help_text="Pick a town or country: it fills the country, ISO code, admin1, coordinates and precision.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "geonameid" in self.fields:
            # Only the chosen place is rendered as an option; select2 fetches the others as the editor types.
            current = self.data.get(self.add_prefix("geonameid")) if self.is_bound else self.initial.get("geonameid")
            place = place_by_id(int(current)) if str(current or "").isdigit() else None
            self.fields["geonameid"].widget.choices = [("", "")] + ([(place.geonameid, place.label)] if place else [])

    def clean(self):
        cleaned = super().clean()
        geonameid = cleaned.get("geonameid")
        if geonameid and "geonameid" in self.changed_data:
            typed = cleaned.get("location_name", "") if "location_name" in self.changed_data else ""
            probe = Event()
            probe.assign_place(place_by_id(geonameid), location=typed)
            for name in Event.PLACE_FIELDS:
                if name in self.fields:
                    cleaned[name] = getattr(probe, name)
        return cleaned


@require_GET
def gazetteer_places(request, *, model_admin) -> HttpResponse:
    """select2's JSON for a typed term: {"results": [{"id": 3646738, "text": "Caracas, Venezuela"}, …]}."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    term = request.GET.get("term", "").replace("\x00", "")[:MAX_TERM]
    results = [{"id": place.geonameid, "text": place.label} for place in search_places(term, limit=RESULTS)]
    return JsonResponse({"results": results, "pagination": {"more": False}})
