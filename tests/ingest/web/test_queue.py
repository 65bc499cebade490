"""The review queue in the admin (events/ingest/web/queue.py, queue_admin.py): a queued article's page
while its task runs and once parsed, the queue's live counts, accept and reject, the admin index's line."""

from pathlib import Path

import pytest
from django.urls import reverse

from events.ingest import tasks
from events.ingest.service import read_text
from events.models import Event, PendingArticle, Source
from tests import factories
from tests.ingest.web.test_views import confirm_data

DEMO = (Path(__file__).resolve().parents[3] / "events" / "demo" / "venezuela.txt").read_text(encoding="utf-8")
State = PendingArticle.State
HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
CHANGELIST = reverse("admin:events_pendingarticle_changelist")


def article(n: int) -> str:
    return f"Rally {n}\n\nThousands of supporters marched in Caracas on Saturday, witnesses said ({n}).\n"


def queue(crisis, editor, text) -> PendingArticle:
    return tasks.queue_article(crisis=crisis, user=editor, article=read_text(text))


def review_url(pending) -> str:
    return reverse("admin:events_pendingarticle_review", args=[pending.pk])


def test_a_queued_article_shows_its_state_three_ways_and_polls_while_it_runs(
    editor_client, crisis, editor, django_assert_num_queries
):
    pending = queue(crisis, editor, article(1))
    with django_assert_num_queries(5):  # session, user, permissions ×2 (cached after), the row with its crisis
        page = editor_client.get(review_url(pending))
    html = page.content.decode()
    assert page.status_code == 200 and "Queued" in html and 'hx-trigger="every 2s"' in html
    assert "<html" in html and page["Vary"].count("HX-Request") == 1
    partial = editor_client.get(review_url(pending), **HTMX)
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="pending-state"') and "<html" not in body
    restored = editor_client.get(review_url(pending), **RESTORE)
    assert "<html" in restored.content.decode() and "HX-Request" in restored["Vary"]


def test_once_parsed_the_poll_reloads_into_the_review_of_the_stored_draft(editor_client, crisis, editor, run_tasks):
    pending = queue(crisis, editor, DEMO)
    run_tasks()
    assert editor_client.get(review_url(pending), **HTMX)["HX-Refresh"] == "true"
    review = editor_client.get(review_url(pending))
    assert review.status_code == 200 and review.context["event_rows"] and review.context["crisis"] == crisis
    assert review.context["payload"] == PendingArticle.objects.get(pk=pending.pk).payload
    assert '<mark class="ev' in review.content.decode()


def test_a_failed_article_shows_its_reason_and_can_be_tried_again_or_rejected(editor_client, crisis, editor):
    pending = tasks.queue_article(crisis=crisis, user=editor, url="https://example.org/news/1")
    PendingArticle.objects.filter(pk=pending.pk).update(state=State.FAILED, error="The server answered 404.")
    html = editor_client.get(review_url(pending)).content.decode()
    assert "The server answered 404." in html and "Try again" in html and "hx-trigger" not in html
    retried = editor_client.post(reverse("admin:events_pendingarticle_retry", args=[pending.pk]))
    assert retried.status_code == 302 and PendingArticle.objects.get(pk=pending.pk).state == State.QUEUED
    editor_client.post(reverse("admin:events_pendingarticle_reject", args=[pending.pk]))
    assert PendingArticle.objects.get(pk=pending.pk).state == State.REJECTED


def test_a_rejected_link_is_remembered_when_given_again(editor_client, crisis, editor):
    url = "https://example.org/news/rejected"
    pending = tasks.queue_article(crisis=crisis, user=editor, url=url)
    tasks.reject(PendingArticle.objects.filter(pk=pending.pk))
    again = editor_client.post(reverse("admin:events_source_ingest"), {"crisis": crisis.pk, "url": url}, follow=True)
    assert "already in" in again.content.decode() and PendingArticle.objects.filter(url=url).count() == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1/admin/", "http://[::1]/", "ftp://example.org/a", "http://x:99/"])
def test_a_hostile_link_is_refused_before_anything_is_queued(editor_client, crisis, url):
    response = editor_client.post(reverse("admin:events_source_ingest"), {"crisis": crisis.pk, "url": url})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert not PendingArticle.objects.exists()


def test_the_queue_lists_articles_newest_first_and_filters_them(
    editor_client, crisis, editor, run_tasks, django_assert_max_num_queries
):
    other = factories.CrisisFactory(name="Elsewhere")
    first, second = queue(crisis, editor, article(1)), queue(crisis, editor, article(2))
    queue(other, editor, article(3))
    run_tasks()
    with django_assert_max_num_queries(14):
        page = editor_client.get(f"{CHANGELIST}?crisis__id__exact={crisis.pk}&state__exact=ready")
    rows = list(page.context["cl"].result_list)
    assert rows == [second, first]
    html = page.content.decode()
    assert review_url(first) in html and "Accept all ready articles" in html and "Rally 2" in html


def test_accept_selected_and_reject_selected_act_on_ready_rows_only(editor_client, crisis, editor, run_tasks):
    keep, drop, waiting = queue(crisis, editor, DEMO), queue(crisis, editor, article(1)), None
    run_tasks()
    waiting = queue(crisis, editor, article(2))  # still queued: accepting it does nothing
    data = {"action": "accept_selected", "_selected_action": [keep.pk, waiting.pk]}
    response = editor_client.post(CHANGELIST, data, follow=True)
    assert "1 article(s) are being saved" in response.content.decode()
    run_tasks()
    assert PendingArticle.objects.get(pk=keep.pk).state == State.ACCEPTED
    assert Source.objects.count() == 1 and Event.objects.filter(crisis=crisis).exists()
    editor_client.post(CHANGELIST, {"action": "reject_selected", "_selected_action": [drop.pk]})
    assert PendingArticle.objects.get(pk=drop.pk).state == State.REJECTED


def test_accept_all_saves_every_ready_article_of_the_crisis(editor_client, crisis, editor, run_tasks):
    rows = [queue(crisis, editor, article(n)) for n in range(3)]
    run_tasks()
    response = editor_client.post(reverse("admin:events_pendingarticle_accept_all", args=[crisis.pk]))
    assert response.status_code == 302
    run_tasks()
    assert {p.state for p in PendingArticle.objects.filter(pk__in=[r.pk for r in rows])} == {State.ACCEPTED}
    assert Source.objects.count() == 3


def test_the_counts_move_while_tasks_run_and_stop_polling_when_done(editor_client, crisis, editor, run_tasks):
    queue(crisis, editor, article(1))
    queue(crisis, editor, article(2))
    url = f"{reverse('admin:events_pendingarticle_counts')}?crisis__id__exact={crisis.pk}"
    before = editor_client.get(url, **HTMX)
    assert before.context["active"] == 2 and "every 2s" in before.content.decode()
    assert "<html" not in before.content.decode() and "HX-Request" in before["Vary"]
    run_tasks()
    after = editor_client.get(url, **HTMX).content.decode()
    assert "Ready for review: <strong>2</strong>" in after and "hx-trigger" not in after
    full = editor_client.get(url)
    assert "<html" in full.content.decode()


@pytest.mark.parametrize("crisis_id", ["abc", "99999999999999999999999", "-1", "1 OR 1=1"])
def test_odd_crisis_filters_on_the_counts_give_all_crises_not_an_error(editor_client, crisis_id):
    url = f"{reverse('admin:events_pendingarticle_counts')}?crisis__id__exact={crisis_id}"
    response = editor_client.get(url)
    assert response.status_code == 200 and response.context["crisis_id"] is None


def test_the_admin_index_says_how_many_wait_for_review(client, crisis, editor, analyst, run_tasks):
    queue(crisis, editor, article(1))
    queue(crisis, editor, article(2))
    run_tasks()
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Review queue: <strong>2</strong> articles waiting for review" in html
    client.force_login(analyst)
    assert "Review queue" not in client.get(reverse("admin:index")).content.decode()


def test_analysts_reach_no_queue_page(analyst_client, crisis, editor):
    pending = queue(crisis, editor, article(1))
    assert analyst_client.get(review_url(pending)).status_code == 403
    assert analyst_client.get(CHANGELIST).status_code == 403
    assert analyst_client.post(reverse("admin:events_pendingarticle_accept_all", args=[crisis.pk])).status_code in (
        403,
        405,
    )
    assert PendingArticle.objects.get(pk=pending.pk).state == State.QUEUED


def test_a_review_sent_twice_saves_once(editor_client, crisis, editor, run_tasks):
    pending = queue(crisis, editor, DEMO)
    run_tasks()
    data = confirm_data(editor_client.get(review_url(pending)))
    confirm = reverse("admin:events_source_ingest_confirm")
    assert editor_client.post(confirm, data).status_code == 302
    events = Event.objects.count()
    again = editor_client.post(confirm, data, follow=True)
    assert "no longer waiting for review (Accepted)" in again.content.decode()
    assert Source.objects.count() == 1 and Event.objects.count() == events
    assert PendingArticle.objects.get(pk=pending.pk).state == State.ACCEPTED
