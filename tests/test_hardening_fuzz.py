"""Hostile query strings on every view that reads GET parameters: a form error or a clamped value,
never a 5xx. Hypothesis draws the parameters (known names with hostile values, plus unknown names);
a fixed list of known-bad values runs first on every view so the classics are always covered."""

import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import ActorAlias, ReviewStatus
from tests import factories
from tests.figures import FIGURES

HOSTILE = [
    "(",
    "a{99999}",
    "[",
    "1,2,x",
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
TIMELINE = ["q", "actor", "type", "date_from", "date_to", "outlet", "claim_status", "status", "bbox", "cursor"]
CLAIMS = ["claimant", "verification", "speech_act", "known_on", "cursor"]
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
            (reverse("events:crisis-map", args=[slug]), TIMELINE, headers),
            (reverse("events:crisis-claims", args=[slug]), CLAIMS, headers),
            (reverse("events:event-detail", args=[world["event"].pk]), ["known_on", "cursor"], headers),
            (reverse("events:event-brief", args=[world["event"].pk]), ["known_on", "cursor"], headers),
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


# Lookups an attacker may put in the query string on any field, offered as a filter or not.
LOOKUPS = ["regex", "iregex", "in", "exact", "iexact", "gte", "lt", "range", "year", "month", "isnull", "contains"]


def lookup_names(model_name: str) -> list[str]:
    """Every field of the model (relations through their id) with every lookup in LOOKUPS."""
    model = next(m for m in admin.site._registry if m._meta.label_lower == f"events.{model_name}")
    fields = [f.name for f in model._meta.get_fields() if f.concrete or f.is_relation]
    fields = [f"{f}__id" if model._meta.get_field(f).is_relation else f for f in fields]
    return [f"{field}__{lookup}" for field in fields for lookup in LOOKUPS]


def autocompletes() -> list[tuple[str, str, str]]:
    """(app_label, model_name, field_name) of every autocomplete field of every admin and its inlines."""
    found = []
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            source = model if owner is model_admin else owner.model
            found += [(source._meta.app_label, source._meta.model_name, f) for f in owner.autocomplete_fields]
    return found


def admin_views() -> list[tuple[str, list[str], dict]]:
    """(url, parameter names, fixed parameters): every changelist with its filters and every lookup on
    every field, every autocomplete with its term and page, the ingest page."""
    views = [
        (reverse(f"admin:events_{m}_changelist"), ADMIN + f + lookup_names(m), {}) for m, f in ADMIN_FILTERS.items()
    ]
    views += [
        (reverse("admin:autocomplete"), ["term", "page"], {"app_label": a, "model_name": m, "field_name": f})
        for a, m, f in autocompletes()
    ]
    autocomplete = ["app_label", "model_name", "field_name", "term", "page"]
    views.append((reverse("admin:autocomplete"), autocomplete, {}))
    views.append((reverse("admin:events_source_ingest"), ["crisis", "text"], {}))
    return views


def area(url: str) -> str:
    if "/autocomplete/" in url:
        return "hostile requests: admin autocomplete"
    if url.startswith("/admin/"):
        return "hostile requests: admin changelists" if url.count("/") == 4 else "hostile requests: admin pages"
    return "hostile requests: reader pages and exports"


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


READER_VIEWS = 19  # seven views twice (page, htmx partial), two pages, three exports
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
    fixed = {k: v for k, v in headers.items() if not k.startswith("HTTP_")}
    headers = {k: v for k, v in headers.items() if k.startswith("HTTP_")}
    status, _ = fetch(client, url, {**params, **fixed}, headers)
    FIGURES[area(url)] += 1
    if status >= 500:
        RUN["5xx"] += 1
        FIGURES["5xx seen"] += 1
    assert status < 500, f"{status} for GET {url} {params!r} {fixed} {headers}"


@pytest.mark.parametrize("role", ["analyst", "editor", "analyst-admin"])
def test_known_hostile_values_on_every_view_never_give_a_5xx(client, world, analyst, editor, role):
    # Ana on the pages and exports she reads and on the admin she may view; Erin on the admin she curates with.
    client.force_login(editor if role == "editor" else analyst)
    views = reader_views(world) if role == "analyst" else admin_views()
    sent = 0
    for url, names, headers in views:
        for bad in HOSTILE:
            no_server_error(client, url, {name: bad for name in names}, headers)
            sent += 1
        for index, name in enumerate(names):
            for bad in probes(name, index):
                no_server_error(client, url, {name: bad}, headers)
                sent += 1
    RUN["fixed"] += sent
    # Every view got every value: a view list that came back empty would otherwise pass having sent nothing.
    expected = sum(len(HOSTILE) + sum(len(probes(n, i)) for i, n in enumerate(names)) for _, names, _ in views)
    assert views and sent == expected


OFFERED = {*ADMIN, *(name for names in ADMIN_FILTERS.values() for name in names)}
PROBES = ("\x00(", "2024-02-30", str(10**30), "9" * 10_000)


def probes(name: str, index: int) -> tuple[str, ...]:
    """The values sent alone in `name`: all four for a parameter a page reads or offers; one, in turn,
    for each of the many lookups no page offers (they are all refused the same way, before any query)."""
    if name in OFFERED or name.rsplit("__", 1)[-1] not in LOOKUPS:
        return PROBES
    return (PROBES[index % len(PROBES)],)


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
@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_drawn_parameters_on_admin_views_never_give_a_5xx(client, world, analyst, editor, role, index):
    client.force_login(editor if role == "editor" else analyst)
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
