"""The base every curation admin in events/admin.py builds on: a version check on every form that saves a
versioned row (the object's own form and its inline rows), a changelist that only takes the filters it
offers, search terms without NUL, drafts kept from readers, and history pages that revert in a transaction.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from events.revision import lock_for_writing


class VersionCheckedForm(forms.ModelForm):
    """Refuses to save over a change someone else made since this form was opened (no lost updates).

    The admin wraps the whole change view in one transaction (and HistoryAdmin its revert page), so the
    row lock taken here holds until the save: two editors saving at once are serialised, and the second
    one sees the first one's version. Used for the object's own form and for every inline row of a
    versioned model (a stale inline row fails the whole save, like a stale object).
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = self.instance.version if self.instance.pk else None
        if version is not None and getattr(self.instance, "_reverting", False):
            # A revert form holds an old version's values; what it may overwrite is the row as it is now.
            version = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        self.fields["expected_version"].initial = version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        lock_for_writing()  # before the row lock below, or a concurrent ingest could deadlock with it
        current = (
            type(self.instance)
            .objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        expected = cleaned.get("expected_version")
        if current is None:
            raise forms.ValidationError("This entry was deleted by someone else since you opened it.")
        if expected != current:
            last = self.instance.history.order_by("-history_date").select_related("history_user").first()
            who = f" by {last.history_user}" if last and last.history_user else ""
            raise forms.ValidationError(
                f"Someone else changed this entry{who} since you opened it, so nothing was saved. "
                "Open it again to see their changes, then make yours.",
                code="stale",
            )
        self.instance.version = current + 1
        return cleaned


class OfferedFiltersChangeList(ChangeList):
    """Takes from the query string only the filters the page offers (its list filters and date
    hierarchy): any other lookup (`headline__regex=(`, `id__in=…`, `made_on__gte=…`) is refused with a
    400, never handed to the database. Unknown names still go to Django's "?e=1" page."""

    def get_filters(self, request):
        given = self.get_filters_params()
        specs, has_filters, remaining, duplicates, active = super().get_filters(request)
        hierarchy = self.date_hierarchy
        derived = {f"{hierarchy}__gte", f"{hierarchy}__lt"} if f"{hierarchy}__year" in given else set()
        model_fields = {"pk", *(f.name for f in self.lookup_opts.get_fields())}
        refused = sorted(
            key for key in remaining if (key not in derived or key in given) and key.split("__", 1)[0] in model_fields
        )
        if refused:
            raise DisallowedModelAdminLookup(f"Filtering by {refused[0]} is not offered here")
        return specs, has_filters, remaining, duplicates, active


class OfferedFiltersAdmin(admin.ModelAdmin):
    """A changelist that takes only the filters it offers (`OfferedFiltersChangeList`), and a NUL or an
    out-of-range date in a filter or a search term is a 400 or dropped, never a 500."""

    def get_changelist(self, request, **kwargs):
        return OfferedFiltersChangeList

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL refuses NUL in text, and no stored text holds one: the autocomplete's and the
        # changelist's search terms lose theirs instead of failing as a DataError (a 500).
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def get_changelist_instance(self, request):
        # PostgreSQL refuses NUL in text: a filter value with one would be a DataError (a 500).
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            raise IncorrectLookupParameters("NUL character in the query string")
        try:
            return super().get_changelist_instance(request)
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc


class HistoryAdmin(OfferedFiltersAdmin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin with its holes closed: its "revert" page saves a POST for anyone who may merely
    view history (analysts) and outside a transaction (so the version check's row lock failed); a
    date-hierarchy year past Python's range or a NUL in a filter or a search term escaped as a 500; a
    lookup the page doesn't offer reached the database; history pages showed objects the list hides.

    `reader_queryset(request, queryset)` narrows what a user who cannot edit sees (drafts): changelist,
    change and history pages and autocompletes all go through `get_queryset`."""

    object_history_list_template = "admin/events/object_history_list.html"  # no inline style (CSP)

    def reader_queryset(self, request, queryset):
        return queryset

    def get_queryset(self, request):
        return self.reader_queryset(request, super().get_queryset(request))

    def _visible_or_404(self, request, object_id):
        try:
            visible = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404("No such entry, or not one you may see.")

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the history of an object the queryset hides (as if it were deleted).
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        self._visible_or_404(request, object_id)
        request.reverting = True
        # The version check locks the row (SELECT … FOR UPDATE): the save must be one transaction with it.
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting", False):
            # simple-history hands its revert page an old version's values as the instance: the version
            # check must compare with the row as it is now (VersionCheckedForm).
            obj._reverting = True
        return super().get_form(request, obj, change, **kwargs)
