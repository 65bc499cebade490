"""Who may reach what, over every URL the project serves: the resolver is walked (admin included) and
each pattern must have a row in `EXPECTED`, so a new URL without a decision fails here first.

Anonymous users, Ana (reads) and Erin (edits) GET every URL; Ana then POSTs to every URL that changes
something and nothing in the database may change. Drafts never reach Ana or the public on the analysts'
pages, their partials or the exports.
"""

import io
import zipfile

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tasks_db.models import DBTaskResult

from events.contradictions import find_contradictions
from events.ingest import tasks
from events.models import ActorAlias, Feed, ReviewStatus
from tests import factories
from tests.access_table import EXPECTED
from tests.figures import FIGURES

DRAFT_MARK = "DRAFTSECRET"
LOGIN = "/admin/login/"


def walk(patterns, prefix="", namespace=""):
    """(key, pattern) for every leaf pattern, depth first, as the resolver would try them."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern)), pattern


ALL_PATTERNS = dict(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_an_access_decision():
    missing = sorted(set(ALL_PATTERNS) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(ALL_PATTERNS))
    assert not missing, f"Add these URL patterns to EXPECTED with their access rules: {missing}"
    assert not stale, f"These rows of EXPECTED match no URL any more: {stale}"


@pytest.fixture
def world(crisis, editor, analyst):
    """One of everything, and a draft event and a draft claim whose text must never leak."""
    actor = factories.ActorFactory(name="Yanez Rodriguez")
    alias = ActorAlias.objects.create(actor=actor, alias="General Yanez")
    source = factories.SourceFactory(text="Protesters marched on Saturday. Troops moved at night.")
    published = factories.EventFactory(crisis=crisis, headline="Protesters marched")
    factories.EventActorFactory(event=published, actor=actor)
    factories.evidence_for(source, "Protesters marched on Saturday", event=published)
    draft = factories.EventFactory(
        crisis=crisis, headline=f"{DRAFT_MARK} event", summary=f"{DRAFT_MARK} summary", status=ReviewStatus.DRAFT
    )
    factories.EventActorFactory(event=draft, actor=actor)
    claim = factories.ClaimFactory(crisis=crisis, claimant=actor, statement="The vote was fair", event=published)
    factories.ClaimFactory(
        crisis=crisis, claimant=actor, statement=f"{DRAFT_MARK} claim", event=draft, status=ReviewStatus.DRAFT
    )
    factories.ClaimFactory(crisis=crisis, claimant=actor, statement="Published claim about a draft", event=draft)
    # A contradiction between two published tolls, with a draft's third toll among its members.
    tolls = [
        factories.ClaimFactory(crisis=crisis, event=published, statement=statement, figure_measure="killed",
                               figure_low=low, figure_high=low, figure_text=str(low), status=status)
        for statement, low, status in [("12 died", 12, ReviewStatus.PUBLISHED), ("40 died", 40, ReviewStatus.PUBLISHED),
                                       (f"{DRAFT_MARK} toll", 90, ReviewStatus.DRAFT)]
    ]  # fmt: skip
    (contradiction,) = find_contradictions(tolls)
    # What a draft ingest leaves: an actor only the draft involves, a source only the draft rests on.
    draft_actor = factories.ActorFactory(name=f"{DRAFT_MARK} actor")
    factories.EventActorFactory(event=draft, actor=draft_actor)
    draft_source = factories.SourceFactory(title=f"{DRAFT_MARK} source", text=f"{DRAFT_MARK} text of a draft.")
    factories.evidence_for(draft_source, f"{DRAFT_MARK} text", event=draft)
    factories.evidence_for(source, "Troops moved at night", event=draft)
    feed = Feed.objects.create(crisis=crisis, url="https://example.org/feed.xml")
    pending = tasks.queue_article(crisis=crisis, url="https://example.org/news/1", feed=feed)
    attempt = AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    log = AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    failure = AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1")
    objects = {
        "crisis": crisis,
        "source": source,
        "actor": actor,
        "event": published,
        "claim": claim,
        "actoralias": alias,
        "contradictiongroup": contradiction,
        "auth_group": Group.objects.get(name="Editors"),
        "auth_user": analyst,
        "axes_accessattempt": attempt,
        "axes_accesslog": log,
        "axes_accessfailurelog": failure,
        "pendingarticle": pending,
        "feed": feed,
        "django_tasks_database_dbtaskresult": DBTaskResult.objects.get(),
    }
    draft_claim = draft.claims.get(status=ReviewStatus.DRAFT)
    return {"objects": objects, "draft": draft, "draft_claim": draft_claim, "draft_actor": draft_actor,
            "draft_source": draft_source}  # fmt: skip


def url_for(key: str, world) -> str:
    objects = world["objects"]
    crisis, event = objects["crisis"], objects["event"]
    if key.startswith("admin/(?P<url>"):
        return "/admin/no/such/page/"
    if key.startswith("admin/") and key.endswith("<path:object_id>/"):
        app, model = key.split("/")[1:3]
        obj = objects[model if app == "events" else f"{app}_{model}"]
        return f"/admin/{app}/{model}/{obj.pk}/"
    name = key.split(":", 1)[1]
    by_name = {
        "crisis-timeline": [crisis.slug],
        "crisis-actors": [crisis.slug],
        "crisis-map": [crisis.slug],
        "crisis-claims": [crisis.slug],
        "crisis-contradictions": [crisis.slug],
        "crisis-events-csv": [crisis.slug],
        "crisis-claims-csv": [crisis.slug],
        "crisis-events-xlsx": [crisis.slug],
        "crisis-claims-xlsx": [crisis.slug],
        "crisis-timelinejs": [crisis.slug],
        "event-detail": [event.pk],
        "event-brief": [event.pk],
        "actor-detail": [objects["actor"].pk],
        "source-detail": [objects["source"].pk],
        "events_source_ingested": [objects["source"].pk],
        "events_pendingarticle_review": [objects["pendingarticle"].pk],
        "events_pendingarticle_retry": [objects["pendingarticle"].pk],
        "events_pendingarticle_reject": [objects["pendingarticle"].pk],
        "events_pendingarticle_accept_all": [crisis.pk],
        "app_list": ["events"],
        "view_on_site": [1, 1],
        "auth_user_password_change": [objects["auth_user"].pk],
    }
    if name in by_name:
        return reverse(key, args=by_name[name])
    for model, obj in objects.items():
        label = model if model.startswith(("auth_", "axes_", "django_tasks_")) else f"events_{model}"
        if name == f"{label}_simple_history":
            record = obj.history.order_by("history_id").first()
            return reverse(key, args=[obj.pk, record.history_id])
        if name in (f"{label}_change", f"{label}_delete", f"{label}_history"):
            return reverse(key, args=[obj.pk])
    if key == "admin:autocomplete":
        return f"{reverse(key)}?app_label=events&model_name=claim&field_name=claimant&term=Yan"
    return reverse(key)


def check(response, expected, *, public: bool):
    if expected == "public":
        expected = 200 if public else "login"
    if expected == "public-redirect":
        expected = 302 if public else "login"
    if expected == "home":
        assert response.status_code == 302 and response["Location"] == "/admin/", response
    elif expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), response
    else:
        assert response.status_code == expected, response


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):  # a spreadsheet: its text is in the zipped XML parts
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_every_url_answers_each_role_as_the_table_says(client, world, editor, analyst, settings, public):
    settings.PUBLIC_TIMELINE = public
    wrong = []
    for role, user in (("anon", None), ("analyst", analyst), ("editor", editor)):
        client.logout()
        if user:
            client.force_login(user)
        for key in ALL_PATTERNS:
            url = url_for(key, world)
            response = client.get(url)
            try:
                check(response, EXPECTED[key][role], public=public)
            except AssertionError:
                wrong.append(f"{role} GET {url} ({key}): {response.status_code} {response.get('Location', '')}")
            if role != "editor" and response.status_code == 200:
                assert DRAFT_MARK not in body(response), f"{role} saw a draft at {url}"
    assert not wrong, "\n".join(wrong)


def partial_and_filtered_urls(world) -> list[tuple[str, dict]]:
    """Every reader URL with the filters and htmx headers that reach each partial and export branch."""
    objects, draft = world["objects"], world["draft"]
    slug, actor = objects["crisis"].slug, objects["actor"].pk
    htmx = {"HTTP_HX_REQUEST": "true"}
    timeline = reverse("events:crisis-timeline", args=[slug])
    claims = reverse("events:crisis-claims", args=[slug])
    return [
        (timeline, htmx),
        (f"{timeline}?status=draft", {}),
        (f"{timeline}?q=summary", htmx),
        (f"{timeline}?cursor=2100-01-01.999999", htmx),
        (f"{timeline}?actor={actor}&claim_status=unverified", htmx),
        (f"{reverse('events:crisis-actors', args=[slug])}?name=yan", htmx),
        (f"{reverse('events:crisis-actors', args=[slug])}?name=yan", {}),
        (f"{reverse('events:crisis-map', args=[slug])}?status=draft", htmx),
        (reverse("events:crisis-map", args=[slug]), {}),
        (claims, htmx),
        (f"{claims}?cursor=2100-01-01.999999", htmx),
        (f"{claims}?claimant={actor}", {}),
        (reverse("events:crisis-contradictions", args=[slug]), {}),
        (reverse("events:crisis-contradictions", args=[slug]), htmx),
        (f"{reverse('events:crisis-contradictions', args=[slug])}?cursor=2100-01-01.999999", htmx),
        (reverse("events:event-detail", args=[draft.pk]), htmx),
        (reverse("events:event-brief", args=[draft.pk]), htmx),
        (f"{reverse('events:actor-detail', args=[actor])}?cursor=2100-01-01.999999", htmx),
        (reverse("events:source-detail", args=[objects["source"].pk]), {}),
        (f"{reverse('events:crisis-events-csv', args=[slug])}?status=draft", {}),
        (f"{reverse('events:crisis-events-csv', args=[slug])}?profile=acled", {}),
        (reverse("events:crisis-claims-csv", args=[slug]), {}),
        (f"{reverse('events:crisis-events-xlsx', args=[slug])}?status=draft", {}),
        (f"{reverse('events:crisis-events-xlsx', args=[slug])}?profile=acled", {}),
        (reverse("events:crisis-claims-xlsx", args=[slug]), {}),
        (f"{reverse('events:crisis-timelinejs', args=[slug])}?q=summary", {}),
    ]


@pytest.mark.parametrize("who", ["analyst", "public"])
def test_drafts_never_reach_readers_in_partials_or_exports(client, world, analyst, settings, who):
    settings.PUBLIC_TIMELINE = who == "public"
    if who == "analyst":
        client.force_login(analyst)
    for url, headers in partial_and_filtered_urls(world):
        response = client.get(url, **headers)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert DRAFT_MARK not in body(response), f"{who} saw a draft at {url}"
    # The editor does see it: the marker is really there to be found.
    client.force_login(User.objects.get(username="erin"))
    response = client.get(partial_and_filtered_urls(world)[1][0])
    assert DRAFT_MARK in body(response)


def snapshot() -> dict:
    """Every row of every table a user could change, to compare before and after."""
    models = [*apps.get_app_config("events").get_models(), User, Group, AccessAttempt]
    return {m._meta.label: sorted(map(repr, m.objects.values())) for m in models}


WRITE_SUFFIXES = (
    "_retry",
    "_reject",
    "_accept_all",
    "_add",
    "_change",
    "_delete",
    "_changelist",
    "_ingest",
    "_ingest_confirm",
    "_ingest_revise",
    "_import",
    "_simple_history",  # its POST reverts the object to that version
    "_password_change",
    "password_change",
)


def test_ana_changes_nothing_by_posting_to_any_url(analyst_client, world, crisis):
    objects = world["objects"]
    before = snapshot()
    posted = 0
    for key in ALL_PATTERNS:
        name = key.split(":", 1)[-1]
        if not key.startswith("admin:") or not name.endswith(WRITE_SUFFIXES) or name == "password_change":
            continue
        url = url_for(key, world)
        data = {
            "name": "Hacked",
            "headline": "Hacked",
            "statement": "Hacked",
            "alias": "Hacked",
            "crisis": crisis.pk,
            "post": "yes",
            "text": "Protesters marched in Caracas on 2 February 2019.",
            "_selected_action": [str(o.pk) for o in objects.values()],
            "action": "delete_selected",
            "username": "mallory",
            "password1": "Xy-12345678",
            "password2": "Xy-12345678",
            "is_superuser": "on",
        }
        for action in (
            ("delete_selected", "publish_selected", "merge_selected") if name.endswith("changelist") else [None]
        ):
            response = analyst_client.post(url, {**data, "action": action} if action else data)
            posted += 1
            refused = response.status_code == 403 or (
                response.status_code == 302 and response["Location"].startswith(LOGIN)
            )
            # The changelist answers an action it does not offer with "No action selected" and a redirect.
            declined = name.endswith("changelist") and response.status_code in (200, 302)
            assert refused or declined, f"POST {url} {action or ''}: {response.status_code}"
    assert posted >= 50
    world["draft"].refresh_from_db()
    assert world["draft"].status == ReviewStatus.DRAFT
    assert snapshot() == before


def test_ana_cannot_save_through_a_history_revert_form(analyst_client, crisis):
    """django-simple-history's "revert" page saves a valid POST for anyone who may view history."""
    record = crisis.history.order_by("history_id").first()
    data = {k: v for k, v in model_to_dict(crisis).items() if v is not None}
    data |= {"name": "Renamed by Ana", "start_date": crisis.start_date.isoformat()}
    url = reverse("admin:events_crisis_simple_history", args=[crisis.pk, record.history_id])
    response = analyst_client.post(url, data)
    crisis.refresh_from_db()
    assert crisis.name != "Renamed by Ana"
    assert response.status_code == 403


def admin_draft_urls(world) -> list[str]:
    """Every admin way to a draft: filtered lists, searches, the draft's own pages, the ingest summary of
    a source drafts rest on, and every autocomplete (Ana may call them: she has view permissions)."""
    draft, claim, actor, source = world["draft"], world["draft_claim"], world["draft_actor"], world["draft_source"]
    history = {obj: obj.history.order_by("history_id").first().history_id for obj in (draft, claim, actor, source)}
    urls = [
        "/admin/events/event/?status__exact=draft",
        "/admin/events/event/?q=SECRET",
        "/admin/events/claim/?status__exact=draft",
        "/admin/events/claim/?q=SECRET",
        "/admin/events/actor/?q=SECRET",
        "/admin/events/actoralias/?q=SECRET",
        "/admin/events/source/?q=SECRET",
        reverse("admin:events_event_change", args=[world["objects"]["event"].pk]),  # its claims inline
        reverse("admin:events_source_ingested", args=[world["objects"]["source"].pk]),
        reverse("admin:events_source_ingested", args=[source.pk]),
    ]
    for obj, model in ((draft, "event"), (claim, "claim"), (actor, "actor"), (source, "source")):
        urls += [
            reverse(f"admin:events_{model}_change", args=[obj.pk]),
            reverse(f"admin:events_{model}_history", args=[obj.pk]),
            reverse(f"admin:events_{model}_simple_history", args=[obj.pk, history[obj]]),
        ]
    for model, field in (("claim", "event"), ("claim", "claimant"), ("claim", "about"), ("eventactor", "actor")):
        urls.append(f"/admin/autocomplete/?app_label=events&model_name={model}&field_name={field}&term=DRAFT")
    urls.append("/admin/autocomplete/?app_label=events&model_name=actoralias&field_name=actor&term=")
    return urls


def test_drafts_never_reach_analysts_in_the_admin(client, world, analyst, editor):
    seen = []
    for user in (analyst, editor):
        client.force_login(user)
        for url in admin_draft_urls(world):
            response = client.get(url, follow=True)
            assert response.status_code in (200, 404), (url, response.status_code)
            if DRAFT_MARK in body(response):
                seen.append((user.username, url))
    FIGURES["drafts seen by analysts"] += sum(1 for who, _ in seen if who == "ana")
    FIGURES["hostile requests: admin drafts (analyst)"] += len(admin_draft_urls(world))
    assert not [url for who, url in seen if who == "ana"]
    # Erin does see them: the marks are there to be found, on most of these pages.
    assert len(seen) >= 15


def test_actors_and_sources_only_drafts_involve_stay_with_the_editors(client, world, analyst, editor, settings):
    actor, source = world["draft_actor"], world["draft_source"]
    timeline = reverse("events:crisis-timeline", args=[world["objects"]["crisis"].slug])
    for who, user in (("public", None), ("analyst", analyst)):
        settings.PUBLIC_TIMELINE = who == "public"
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(reverse("events:actor-detail", args=[actor.pk])).status_code == 404
        assert client.get(reverse("events:source-detail", args=[source.pk])).status_code == 404
        # A chip for a named actor shows the name only if it is one the reader may see.
        assert DRAFT_MARK not in body(client.get(f"{timeline}?actor={actor.pk}"))
    client.force_login(editor)
    assert client.get(reverse("events:actor-detail", args=[actor.pk])).status_code == 200
    assert client.get(reverse("events:source-detail", args=[source.pk])).status_code == 200
