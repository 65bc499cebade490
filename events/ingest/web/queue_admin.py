"""The review queue and the feeds in the Django admin (registered by importing this module from
events/admin.py).

The queue is the `PendingArticle` changelist: newest first, filtered by crisis, state, origin, language
and feed; each row opens its review page (`queue.review`); actions accept (each draft whole, in the
background) or reject the selected rows. Feeds show their last success and their failed polls in a row.
Only editors hold these models' permissions: a pending draft is never shown to readers.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html

from events.admin_base import OfferedFiltersAdmin
from events.ingest.feeds import poll_feed_task
from events.ingest.tasks import enqueue_accept, reject
from events.ingest.web import queue
from events.models import Feed, PendingArticle

State = PendingArticle.State


@admin.register(PendingArticle)
class PendingArticleAdmin(OfferedFiltersAdmin):
    list_display = [
        "review_link",
        "outlet",
        "published_on",
        "crisis",
        "event_count",
        "claim_count",
        "warning_count",
        "language",
        "state_and_reason",
        "created_at",
    ]
    list_filter = ["crisis", "state", "origin", "language", "feed"]
    list_select_related = ["crisis"]
    search_fields = ["title", "outlet", "url"]
    ordering = ["-created_at", "-id"]
    actions = ["accept_selected", "reject_selected"]
    readonly_fields = [f.name for f in PendingArticle._meta.fields if f.name not in ("payload", "input_text")]
    exclude = ["payload", "input_text"]

    def has_review_permission(self, request):
        return request.user.has_perm("events.add_source") and request.user.has_perm("events.add_event")

    def has_delete_permission(self, request, obj=None):
        return False  # a rejected row is the memory that keeps an article out: reject, never delete

    def has_add_permission(self, request):
        return False  # articles enter the queue through "Ingest article" or a feed

    def has_change_permission(self, request, obj=None):
        return False  # a row changes only by review, accept, reject or its task

    @admin.display(description="article", ordering="title")
    def review_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:events_pendingarticle_review", args=[obj.pk]), obj)

    @admin.display(description="state", ordering="state")
    def state_and_reason(self, obj):
        if obj.error and obj.state in (State.FAILED, State.QUEUED, State.READY, State.DUPLICATE):
            return format_html("{}<br><small>{}</small>", obj.get_state_display(), obj.error[:200])
        return obj.get_state_display()

    @admin.action(description="Accept selected (save each draft whole)", permissions=["review"])
    def accept_selected(self, request, queryset):
        ready = list(queryset.filter(state=State.READY))
        for pending in ready:
            enqueue_accept(pending, user=request.user)
        skipped = queryset.count() - len(ready)
        note = f" {skipped} not ready for review were left alone." if skipped else ""
        self.message_user(request, f"{len(ready)} article(s) are being saved as drafts.{note}", messages.SUCCESS)

    @admin.action(description="Reject selected (they will not come back)", permissions=["review"])
    def reject_selected(self, request, queryset):
        count = reject(queryset)
        self.message_user(request, f"{count} article(s) rejected.", messages.SUCCESS)

    def changelist_view(self, request, extra_context=None):
        crisis_id = queue._crisis_id(request.GET.get("crisis__id__exact"))
        extra = {
            "title": "Review queue",
            "counts_url": reverse("admin:events_pendingarticle_counts")
            + (f"?crisis__id__exact={crisis_id}" if crisis_id else ""),
            "accept_all_url": reverse("admin:events_pendingarticle_accept_all", args=[crisis_id]) if crisis_id else "",
        }
        return super().changelist_view(request, extra_context={**extra, **(extra_context or {})})

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, admin_site=self.admin_site))

        return [
            path("<int:pk>/review/", view(queue.review), name="events_pendingarticle_review"),
            path("<int:pk>/retry/", view(queue.retry_view), name="events_pendingarticle_retry"),
            path("<int:pk>/reject/", view(queue.reject_view), name="events_pendingarticle_reject"),
            path("counts/", view(queue.counts), name="events_pendingarticle_counts"),
            path("accept-all/<int:crisis_id>/", view(queue.accept_all), name="events_pendingarticle_accept_all"),
            *super().get_urls(),
        ]


@admin.register(Feed)
class FeedAdmin(OfferedFiltersAdmin):
    list_display = ["__str__", "crisis", "active", "interval_minutes", "last_success_at", "error_count", "last_error"]
    list_filter = ["crisis", "active"]
    search_fields = ["url", "title"]
    fields = ["crisis", "url", "title", "keywords", "interval_minutes", "active"]
    readonly_fields = ["last_polled_at", "last_success_at", "error_count", "last_error"]
    actions = ["poll_now"]

    @admin.action(description="Poll selected feeds now (in the background)", permissions=["change"])
    def poll_now(self, request, queryset):
        for feed in queryset.filter(active=True):
            poll_feed_task.enqueue(feed.pk)
        self.message_user(request, "Polls queued; new articles appear in the review queue.", messages.SUCCESS)

    def get_fields(self, request, obj=None):
        return self.fields + (self.readonly_fields if obj else [])
