"""Curation in the Django admin: editors change everything, analysts (view-only group) read it."""

from functools import partial

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path

from events import (
    admin_contradictions,  # noqa: F401  (registers the contradictions' admin)
    admin_places,
    curation,
)
from events.admin_base import HistoryAdmin, VersionCheckedForm
from events.contradictions import find_contradictions
from events.exports import admin_pages as export_pages
from events.ingest.web import queue_admin  # noqa: F401  (registers the review queue and the feeds)
from events.ingest.web import views as ingest_views
from events.models import Actor, ActorAlias, Claim, Crisis, Event, EventActor, Evidence, ReviewStatus, Source
from events.permissions import can_edit
from events.visibility import readable_sources, visible_actors


def editor(request) -> bool:
    return can_edit(request.user)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["source", "start", "end", "quote"]
    raw_id_fields = ["source"]


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


class ClaimInlineFormSet(BaseInlineFormSet):
    """A claim added under an event belongs to the event's crisis (the form has no crisis field)."""

    def save_new(self, form, commit=True):
        form.instance.crisis_id = self.instance.crisis_id
        return super().save_new(form, commit=commit)


class ClaimInline(admin.StackedInline):
    model = Claim
    # Claims are versioned: a row changed in the claim admin since this page opened fails the whole save.
    form = VersionCheckedForm
    formset = ClaimInlineFormSet
    fk_name = "event"
    extra = 0
    fields = ["claimant", "claimant_text", "statement", "speech_act", "verification", "status", "expected_version"]
    autocomplete_fields = ["claimant"]
    show_change_link = True

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if editor(request) else queryset.published()


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Crisis)
class CrisisAdmin(HistoryAdmin):
    list_display = ["name", "status", "start_date", "countries", "event_count"]
    list_filter = ["status"]
    search_fields = ["name", "summary", "countries"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        counted = None if editor(request) else Q(events__status=ReviewStatus.PUBLISHED)  # drafts aren't counted
        return super().get_queryset(request).annotate(event_count=Count("events", filter=counted))

    @admin.display(ordering="event_count", description="events")
    def event_count(self, obj):
        return obj.event_count


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "outlet", "published_on", "published_source", "kind", "scale", "evidence_count"]
    list_filter = ["kind", "scale", "published_source", "language"]
    search_fields = ["title", "outlet", "url", "authors"]
    date_hierarchy = "published_on"
    readonly_fields = ["content_hash", "created_by", "created_at"]

    def get_queryset(self, request):
        status = ReviewStatus.PUBLISHED
        counted = None if editor(request) else Q(evidence__event__status=status) | Q(evidence__claim__status=status)
        return super().get_queryset(request).annotate(evidence_count=Count("evidence", filter=counted))

    def reader_queryset(self, request, queryset):
        return readable_sources(request.user, queryset)

    @admin.display(ordering="evidence_count", description="evidence")
    def evidence_count(self, obj):
        return obj.evidence_count

    def get_readonly_fields(self, request, obj=None):
        # Evidence offsets point into the cleaned text: once saved it can't change.
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["text", "original", "original_format"] if obj else fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, admin_site=self.admin_site))

        return [
            path("ingest/", view(ingest_views.ingest), name="events_source_ingest"),
            path("ingest/confirm/", view(ingest_views.confirm), name="events_source_ingest_confirm"),
            path("ingest/revise/", view(ingest_views.revise), name="events_source_ingest_revise"),
            path("<int:pk>/ingested/", view(ingest_views.summary), name="events_source_ingested"),
            *super().get_urls(),
        ]


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "country", "wikidata_id", "event_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias", "country"]
    # The event count is an aggregate, after which the model's default ordering no longer applies.
    ordering = ["name", "pk"]
    inlines = [ActorAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        counted = None if editor(request) else Q(events__status=ReviewStatus.PUBLISHED)
        return super().get_queryset(request).annotate(event_count=Count("events", distinct=True, filter=counted))

    def reader_queryset(self, request, queryset):
        return visible_actors(request.user, queryset)

    @admin.display(ordering="event_count", description="events")
    def event_count(self, obj):
        return obj.event_count

    @admin.action(description="Merge selected actors into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        actors = list(queryset)
        if len(actors) < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return None
        survivor_id = request.POST.get("survivor")
        if "confirm" in request.POST and survivor_id:
            survivor = next((a for a in actors if str(a.pk) == survivor_id), None)
            if survivor is None:
                self.message_user(request, "Pick the actor to keep among the selected ones.", messages.ERROR)
                return None
            curation.merge_actors(survivor=survivor, others=actors, user=request.user)
            self.message_user(request, f"Merged {len(actors) - 1} actor(s) into {survivor}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge actors",
            "actors": actors,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/actor/merge.html", context)


class ReviewActionsMixin:
    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description="Publish selected", permissions=["change"])
    def publish_selected(self, request, queryset):
        count = curation.set_review_status(queryset=queryset, status=ReviewStatus.PUBLISHED, user=request.user)
        self.message_user(request, f"Published {count}.", messages.SUCCESS)

    @admin.action(description="Return selected to draft", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = curation.set_review_status(queryset=queryset, status=ReviewStatus.DRAFT, user=request.user)
        self.message_user(request, f"Returned {count} to draft.", messages.SUCCESS)


@admin.register(Event)
class EventAdmin(ReviewActionsMixin, HistoryAdmin):
    form = admin_places.EventForm
    actions = [*ReviewActionsMixin.actions, "export_selected_csv"]
    list_display = ["headline", "crisis", "date_start", "date_end", "precision", "type", "status", "source_count"]
    list_filter = ["crisis", "type", "precision", "status", "timeframe", ("actors", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["headline", "summary", "evidence__quote"]
    date_hierarchy = "date_start"
    ordering = ["-date_start", "-id"]  # as the model's, kept past the source count aggregate (autocomplete pages)
    list_select_related = ["crisis"]
    inlines = [EventActorInline, EvidenceInline, ClaimInline]
    fieldsets = [
        (None, {"fields": ["crisis", "headline", "summary", "type", "timeframe", "status", "expected_version"]}),
        ("Date", {"fields": ["date_start", "date_end", "precision", "date_text"]}),
        (
            "Place",
            {
                "fields": [
                    "geonameid",
                    "location_name",
                    ("country", "country_code", "admin1"),
                    ("latitude", "longitude", "geo_precision"),
                    "fatalities",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("evidence__source", distinct=True))

    def reader_queryset(self, request, queryset):
        return queryset if editor(request) else queryset.published()

    @admin.display(ordering="source_count", description="sources")
    def source_count(self, obj):
        return obj.source_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Claims edited or added in the inline, or moved with the event: find again what they contradict.
        find_contradictions(form.instance.claims.all())

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_selected_csv(self, request, queryset):
        return export_pages.selected_events_csv(request, queryset)

    def get_urls(self):
        view = self.admin_site.admin_view(partial(export_pages.admin_import, model_admin=self))
        places = self.admin_site.admin_view(partial(admin_places.gazetteer_places, model_admin=self))
        return [
            path("import/", view, name="events_event_import"),
            path("places/", places, name="events_event_places"),
            *super().get_urls(),
        ]


@admin.register(Claim)
class ClaimAdmin(ReviewActionsMixin, HistoryAdmin):
    form = VersionCheckedForm
    list_display = ["__str__", "crisis", "speech_act", "made_on", "verification", "status"]
    list_filter = ["crisis", "speech_act", "verification", "status", ("claimant", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["statement", "claimant_text", "claimant__name"]
    date_hierarchy = "made_on"
    list_select_related = ["crisis", "claimant"]
    autocomplete_fields = ["claimant", "about", "event"]
    inlines = [EvidenceInline]
    fields = [
        "crisis",
        "claimant",
        "claimant_text",
        "statement",
        "speech_act",
        "made_on",
        "event",
        "about",
        ("figure_measure", "figure_text"),
        ("figure_value", "figure_unit"),
        ("figure_low", "figure_high"),
        ("poll_pollster", "poll_base"),
        "verification",
        "verification_note",
        "status",
        "expected_version",
    ]

    def reader_queryset(self, request, queryset):
        return queryset if editor(request) else queryset.published()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the claim's "about" actors are saved: they decide what it is compared with.
        find_contradictions([form.instance])

    def delete_queryset(self, request, queryset):
        # The claims they disagreed with are looked at again: an undecided group of one claim goes.
        others = list(Claim.objects.filter(contradiction_memberships__group__members__claim__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        find_contradictions(Claim.objects.filter(pk__in=[c.pk for c in others]))

    def delete_model(self, request, obj):
        self.delete_queryset(request, Claim.objects.filter(pk=obj.pk))


@admin.register(ActorAlias)
class ActorAliasAdmin(HistoryAdmin):
    list_display = ["alias", "actor"]
    search_fields = ["alias", "actor__name"]
    autocomplete_fields = ["actor"]

    def reader_queryset(self, request, queryset):
        return queryset.filter(actor__in=visible_actors(request.user)) if not editor(request) else queryset


admin.site.site_header = "Crisis Tracker"
admin.site.site_title = "Crisis Tracker"
admin.site.index_title = "Curation"
