"""Hostile query strings on every view that reads GET parameters: a form error or a clamped value,
never a 5xx. Hypothesis draws the parameters (known names with hostile values, plus unknown names);
a fixed list of known-bad values runs first on every view so the classics are always covered."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import ActorAlias, ReviewStatus
from tests import factories

HOSTILE = [
    "\x00",
    "a\x00b",
    "2024-02-30",
    "99999-01-01",
    "-1",
    str(10**30),
    "2019-02-02." + str(10**30),
    "undated." + str(10**30),
    "9999-12-31.1",
    "x" * 10_000,
    "' OR 1=1 --",
    "%00",
    "<script>",
    "\u202e",
    "",
    "NaN",
    "-headline",
    "1.2.3",
    "2019-02-02",
    "1",
]
# What each view reads, and the shapes of values the views expect there (to get past the first check).
TIMELINE = ["q", "actor", "type", "date_from", "date_to", "outlet", "claim_status", "status", "cursor"]
CLAIMS = ["claimant", "verification", "speech_act", "cursor"]
ADMIN = ["q", "o", "p", "all", "e", "_popup", "_to_field", "_changelist_filters"]
ADMIN_FILTERS = {
    "event": [
        "crisis__id__exact",
        "type__exact",
        "precision__exact",
        "status__exact",
        "timeframe__exact",
        "actors__id__exact",
        "date_start__year",
        "date_start__month",
        "date_start__day",
        "date_start__gte",
    ],
    "claim": [
        "crisis__id__exact",
        "speech_act__exact",
        "verification__exact",
        "status__exact",
        "claimant__id__exact",
        "made_on__year",
        "made_on__month",
        "made_on__day",
    ],
    "source": [
        "kind__exact",
        "scale__exact",
        "published_source__exact",
        "language__exact",
        "published_on__year",
        "published_on__month",
        "published_on__day",
    ],
    "actor": ["kind__exact"],
    "crisis": ["status__exact"],
    "actoralias": [],
}


@pytest.fixture
def world(crisis, editor):
    actor = factories.ActorFactory(name="Yanez Rodriguez")
    ActorAlias.objects.create(actor=actor, alias="General Yanez")
    source = factories.SourceFactory()
    events = [factories.EventFactory(crisis=crisis) for _ in range(3)]
    factories.EventFactory(crisis=crisis, status=ReviewStatus.DRAFT)
    for event in events:
        factories.EventActorFactory(event=event, actor=actor)
    factories.evidence_for(source, "Protesters marched on Saturday", event=events[0])
    factories.ClaimFactory(crisis=crisis, claimant=actor, event=events[0])
    return {"crisis": crisis, "actor": actor, "source": source, "event": events[0]}


def reader_views(world) -> list[tuple[str, list[str], dict]]:
    """(url, parameter names, extra headers) for every analysts' view, full page and htmx partial."""
    slug, htmx = world["crisis"].slug, {"HTTP_HX_REQUEST": "true"}
    views = []
    for headers in ({}, htmx):
        views += [
            (reverse("events:crisis-timeline", args=[slug]), TIMELINE, headers),
            (reverse("events:crisis-actors", args=[slug]), ["name", *TIMELINE], headers),
            (reverse("events:crisis-claims", args=[slug]), CLAIMS, headers),
            (reverse("events:event-detail", args=[world["event"].pk]), ["cursor"], headers),
            (reverse("events:event-brief", args=[world["event"].pk]), ["cursor"], headers),
            (reverse("events:actor-detail", args=[world["actor"].pk]), ["cursor"], headers),
        ]
    views += [
        (reverse("events:crisis-list"), ["page", "q"], {}),
        (reverse("events:source-detail", args=[world["source"].pk]), ["page"], {}),
        (reverse("events:crisis-events-csv", args=[slug]), ["profile", "bom", *TIMELINE], {}),
        (reverse("events:crisis-claims-csv", args=[slug]), ["bom", *CLAIMS], {}),
        (reverse("events:crisis-timelinejs", args=[slug]), ["download", *TIMELINE], {}),
    ]
    return views


def admin_views() -> list[tuple[str, list[str], dict]]:
    views = [(reverse(f"admin:events_{m}_changelist"), ADMIN + f, {}) for m, f in ADMIN_FILTERS.items()]
    autocomplete = ["app_label", "model_name", "field_name", "term", "page"]
    views.append((reverse("admin:autocomplete"), autocomplete, {}))
    views.append((reverse("admin:events_source_ingest"), ["crisis", "text"], {}))
    return views


def fetch(client, url, params, headers):
    """The response with its whole body read: a streaming export fails while streaming, not before."""
    response = client.get(url, params, **headers)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content


# Lone surrogates cannot be sent in a URL at all, so they are not drawn.
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
value = st.one_of(
    st.sampled_from(HOSTILE),
    text,
    st.integers(-(10**30), 10**30).map(str),
    st.dates().map(str),
    st.from_regex(r"\A\d{1,6}-\d{1,2}-\d{1,2}(\.\d{1,40})?\Z"),
)


def params_for(names):
    known = st.dictionaries(st.sampled_from(names), st.lists(value, min_size=1, max_size=3), max_size=5)
    unknown = st.dictionaries(text, value, max_size=2)
    return st.tuples(known, unknown).map(lambda kv: {**kv[1], **kv[0]})


READER_VIEWS = 17  # six views twice (page, htmx partial), two pages, three exports
EXAMPLES = {"reader": 20, "admin": 20}
RUN = {"examples": 0, "fixed": 0, "5xx": 0}


@pytest.fixture(scope="module", autouse=True)
def report_the_figures(request):
    """After this file's tests, the figures for the hardening note (every test checks its own share)."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and (RUN["examples"] or RUN["fixed"]):
        reporter.write_line(
            f"fuzz: {RUN['examples']} drawn + {RUN['fixed']} fixed requests, {RUN['5xx']} responses >= 500"
        )


def no_server_error(client, url, params, headers):
    status, _ = fetch(client, url, params, headers)
    if status >= 500:
        RUN["5xx"] += 1
    assert status < 500, f"{status} for GET {url} {params!r} {headers}"


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_known_hostile_values_on_every_view_never_give_a_5xx(client, world, analyst, editor, role):
    # Ana on the pages and exports she reads, Erin on the admin she curates with.
    client.force_login(analyst if role == "analyst" else editor)
    views = reader_views(world) if role == "analyst" else admin_views()
    sent = 0
    for url, names, headers in views:
        for bad in HOSTILE:
            no_server_error(client, url, {name: bad for name in names}, headers)
            sent += 1
        for name in names:
            for bad in ("\x00", "2024-02-30", str(10**30), "9" * 10_000):
                no_server_error(client, url, {name: bad}, headers)
                sent += 1
    RUN["fixed"] += sent
    # Every view got every value: a view list that came back empty would otherwise pass having sent nothing.
    assert views and sent == sum(len(HOSTILE) + 4 * len(names) for _, names, _ in views)


@pytest.mark.parametrize("index", range(READER_VIEWS))
def test_drawn_parameters_on_reader_views_never_give_a_5xx(client, world, analyst, index):
    client.force_login(analyst)
    views = reader_views(world)
    assert len(views) == READER_VIEWS
    url, names, headers = views[index]

    drawn = []

    @settings(
        max_examples=EXAMPLES["reader"], deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(params=params_for(names))
    def run(params):
        drawn.append(params)
        no_server_error(client, url, params, headers)

    run()
    RUN["examples"] += len(drawn)
    assert drawn, "Hypothesis drew no parameters: nothing was checked"


@pytest.mark.parametrize("index", range(len(admin_views())))
def test_drawn_parameters_on_admin_views_never_give_a_5xx(client, world, editor, index):
    client.force_login(editor)
    url, names, headers = admin_views()[index]

    drawn = []

    @settings(
        max_examples=EXAMPLES["admin"], deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(params=params_for(names))
    def run(params):
        drawn.append(params)
        no_server_error(client, url, params, headers)

    run()
    RUN["examples"] += len(drawn)
    assert drawn, "Hypothesis drew no parameters: nothing was checked"
