"""A crisis's timeline: three ways (page, htmx partial, history restore), every filter, the chart, access,
bad parameters and page hygiene. Paging and query counts: test_timeline_paging.py."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from events import dates
from events.models import Event, Precision
from events.templatetags.timeline import date_label, date_span
from tests import factories
from tests.views import HX, RESTORE, headlines

FEB_2 = dt.date(2019, 2, 2)


# Three ways -------------------------------------------------------------------------------------------------


def test_full_page_has_layout_filters_chart_and_entries(analyst_client, world):
    response = analyst_client.get(world["url"])
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert "<html" in html and 'id="filters"' in html and 'id="results"' in html and 'class="histogram"' in html
    assert headlines(response) == [
        "Air force general defects",
        "Rally in the capital",
        "Amnesty law drafted",
        "Maduro speaks",
    ]


def test_htmx_request_gets_results_and_out_of_band_filters(analyst_client, world):
    response = analyst_client.get(world["url"], {"type": "protest"}, headers=HX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<section id="results"')
    assert 'id="f-type" hx-get' in html and 'hx-swap-oob="true"' in html
    assert headlines(response) == ["Rally in the capital"]
    assert response["HX-Push-Url"] == f"{world['url']}?type=protest"
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_full_page(analyst_client, world):
    response = analyst_client.get(world["url"], {"type": "protest"}, headers=RESTORE)
    assert "<html" in response.content.decode()
    assert "HX-Push-Url" not in response
    assert "HX-Request" in response["Vary"]


def test_plain_form_submission_redirects_to_the_short_url(analyst_client, world):
    response = analyst_client.get(world["url"], {"q": "", "type": "protest", "date_from": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{world['url']}?type=protest"


# Dates and grouping -----------------------------------------------------------------------------------------


def test_entries_sit_under_honest_date_headings(analyst_client, world):
    html = analyst_client.get(world["url"]).content.decode()
    assert "Saturday 2 February 2019" in html
    assert "c. 2 February 2019" in html and "c. 2 Feb 2019" in html
    assert "February 2019</h3>" in html and ">Feb 2019</time>" in html
    assert "Tuesday 15 January 2019" in html
    # The month-precision law is never put on an invented day.
    law = html.index("Amnesty law drafted")
    heading = html[html.rfind('<h3 class="group-heading">', 0, law) : law]
    assert heading.startswith('<h3 class="group-heading">February 2019</h3>')


def test_entry_shows_type_actors_place_outlets_claims_and_dispute(analyst_client, world):
    html = analyst_client.get(world["url"]).content.decode()
    entry = html[html.index(f'id="event-{world["defection"].pk}"') :]
    entry = entry[: entry.index("</article>")]
    assert "Defection" in entry and "Caracas" in entry
    assert "Yanez Rodriguez" in entry and "Nicolás Maduro" in entry
    assert "2 independent sources" in entry
    assert "1 claim" in entry  # the draft claim is not counted for an analyst
    assert "Disputed" in entry
    assert "Draft" not in entry


def test_editor_sees_drafts_marked_and_draft_claims_counted(editor_client, world):
    response = editor_client.get(world["url"])
    assert "Unreviewed sighting" in headlines(response)
    html = response.content.decode()
    assert 'badge-draft">Draft' in html
    entry = html[html.index(f'id="event-{world["defection"].pk}"') :]
    assert "2 claims" in entry[: entry.index("</article>")]
    assert 'id="f-status"' in html


# Filters ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"actor": "yanez"}, ["Air force general defects"]),
        ({"actor": ["yanez", "guaido"]}, ["Air force general defects", "Rally in the capital", "Amnesty law drafted"]),
        ({"type": ["protest", "statement"]}, ["Rally in the capital", "Maduro speaks"]),
        # A month-precision entry may fall on 10 February, so it overlaps the range.
        ({"date_from": "2019-02-10", "date_to": "2019-02-12"}, ["Amnesty law drafted"]),
        ({"date_to": "2019-01-31"}, ["Maduro speaks"]),
        ({"outlet": "reuters"}, ["Air force general defects"]),
        ({"claim_status": "disputed"}, ["Air force general defects"]),
        ({"claim_status": "confirmed"}, []),  # only the draft claim is confirmed
        ({"q": "amnesty"}, ["Amnesty law drafted"]),
        ({"q": "immunity"}, ["Amnesty law drafted"]),  # summary
        ({"q": "saturday morning"}, ["Air force general defects"]),  # evidence
        ({"actor": "maduro", "type": "statement", "date_from": "2019-01-01"}, ["Maduro speaks"]),
        ({"actor": "guaido", "q": "amnesty", "outlet": "BBC"}, ["Amnesty law drafted"]),
    ],
)
def test_each_filter_and_combinations(analyst_client, world, params, expected):
    params = {
        k: (
            [str(world[x].pk) for x in v]
            if k == "actor" and isinstance(v, list)
            else str(world[v].pk)
            if k == "actor"
            else v
        )
        for k, v in params.items()
    }
    response = analyst_client.get(world["url"], params)
    assert response.status_code == 200
    assert headlines(response) == expected
    assert not response.context["form"].errors


def test_review_status_filter_is_for_editors_only(analyst_client, editor, world):
    editor_client = Client()
    editor_client.force_login(editor)
    assert headlines(editor_client.get(world["url"], {"status": "draft"})) == ["Unreviewed sighting"]
    # An analyst's URL with status=draft is not an error and shows nothing hidden.
    response = analyst_client.get(world["url"], {"status": "draft"})
    assert "Unreviewed sighting" not in headlines(response)
    assert 'id="f-status"' not in response.content.decode()


def test_filter_counts_say_what_each_option_would_leave(analyst_client, world):
    response = analyst_client.get(world["url"], {"type": "protest"})
    facets = response.context["facets"]
    # Type counts ignore the type filter itself but respect the others.
    assert {t["value"]: t["count"] for t in facets["types"]} == {
        "protest": 1,
        "defection": 1,
        "legislation": 1,
        "statement": 1,
    }
    # Actor counts respect the type filter: only Guaidó is in a (published) protest.
    assert {a["name"]: a["count"] for a in facets["actors"]} == {"Juan Guaidó": 1}
    assert [(o["value"], o["count"]) for o in facets["outlets"]] == []
    html = response.content.decode()
    assert 'for="f-type-defection">Defection <span class="count">1</span>' in html


def test_chosen_actor_stays_listed_even_without_entries(analyst_client, world):
    response = analyst_client.get(world["url"], {"actor": world["yanez"].pk, "type": "statement"})
    actors = {a["name"]: a for a in response.context["facets"]["actors"]}
    assert actors["Yanez Rodriguez"]["checked"]
    assert f'id="f-actor-{world["yanez"].pk}" checked' in response.content.decode()


def test_active_filters_are_removable_chips(analyst_client, world):
    response = analyst_client.get(world["url"], {"type": "protest", "actor": world["guaido"].pk})
    chips = {c["label"]: c["query"].urlencode() for c in response.context["chips"]}
    assert chips == {"Juan Guaidó": "type=protest", "Protest": f"actor={world['guaido'].pk}"}
    # The chosen actor's own page (aliases, claims) is one click away.
    assert f'href="{world["guaido"].get_absolute_url()}"' in response.content.decode()


def test_actor_chip_links_filter_the_timeline(analyst_client, world):
    html = analyst_client.get(world["url"]).content.decode()
    link = f'href="{world["url"]}?actor={world["yanez"].pk}" hx-get="{world["url"]}?actor={world["yanez"].pk}"'
    assert link in html


# Chart ------------------------------------------------------------------------------------------------------


def test_histogram_bars_narrow_the_range_and_mark_uncertain_dates(analyst_client, world):
    response = analyst_client.get(world["url"])
    chart = response.context["chart"]
    assert chart.unit == "day"
    bars = {bar.start: bar for bar in chart.bars}
    assert bars[FEB_2].certain == 1  # the defection
    assert bars[FEB_2].possible == 2  # the rally, dated "c. 2 Feb", and the February law: lighter
    assert bars[dt.date(2019, 2, 10)].possible == 1  # the month-precision law may fall any day of February
    assert bars[dt.date(2019, 2, 10)].certain == 0
    html = response.content.decode()
    href = f"{world['url']}?date_from=2019-02-02&amp;date_to=2019-02-02"
    assert f'<a href="{href}" hx-get="{href}"' in html
    assert "style=" not in html


def test_histogram_switches_to_weeks_and_months_for_longer_spans(analyst_client, world):
    factories.EventFactory(crisis=world["crisis"], date_start=dt.date(2019, 9, 1))
    assert analyst_client.get(world["url"]).context["chart"].unit == "week"
    factories.EventFactory(crisis=world["crisis"], date_start=dt.date(2021, 9, 1))
    assert analyst_client.get(world["url"]).context["chart"].unit == "month"


# Access -----------------------------------------------------------------------------------------------------


def test_anonymous_must_log_in_by_default(client, world):
    for url in (world["url"], reverse("events:crisis-list")):
        response = client.get(url, headers=HX)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_public_timeline_shows_anonymous_visitors_only_published_entries(client, world, settings):
    settings.PUBLIC_TIMELINE = True
    response = client.get(world["url"])
    assert response.status_code == 200
    assert "Unreviewed sighting" not in headlines(response)
    assert "A secret draft claim" not in response.content.decode()
    partial = client.get(world["url"], {"status": "draft"}, headers=HX)
    assert "Unreviewed sighting" not in partial.content.decode()


def test_analyst_never_gets_drafts_even_from_partials(analyst_client, world):
    for params in ({}, {"actor": world["yanez"].pk}, {"q": "sighting"}, {"date_from": "2019-02-03"}):
        for headers in ({}, HX):
            assert (
                "Unreviewed sighting" not in analyst_client.get(world["url"], params, headers=headers).content.decode()
            )


def test_draft_claims_cannot_be_found_through_the_claim_status_filter(analyst_client, world):
    facets = analyst_client.get(world["url"]).context["facets"]
    assert {s["value"]: s["count"] for s in facets["claim_statuses"]}["confirmed"] == 0


def test_unknown_crisis_is_404(analyst_client, db):
    assert analyst_client.get(reverse("events:crisis-timeline", kwargs={"slug": "nope"})).status_code == 404


def test_timeline_accepts_only_get(analyst_client, world):
    assert analyst_client.post(world["url"]).status_code == 405


# Bad parameters ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, field",
    [
        ({"date_from": "2024-02-30"}, "date_from"),
        ({"date_from": "1066-10-14"}, "date_from"),
        ({"date_from": "2019-03-01", "date_to": "2019-02-01"}, "date_to"),
        ({"cursor": "abc"}, "cursor"),
        ({"cursor": "2019-02-30.5"}, "cursor"),
        ({"q": "x" * 10_000}, "q"),
        ({"q": "amnesty\x00"}, "q"),
        ({"outlet": "\x00"}, "outlet"),
        ({"actor": "abc"}, "actor"),
        ({"actor": "\x00"}, "actor"),
        ({"actor": "999999"}, "actor"),
        ({"actor": "1" * 10_000}, "actor"),
        ({"type": "volcano"}, "type"),
        ({"claim_status": "\x00"}, "claim_status"),
        ({"date_to": "9" * 10_000}, "date_to"),
    ],
)
def test_bad_parameters_are_form_errors_never_500(analyst_client, world, params, field):
    for headers in ({}, HX):
        response = analyst_client.get(world["url"], params, headers=headers)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert 'role="alert"' in response.content.decode()


def test_a_bad_filter_is_ignored_while_the_good_ones_apply(analyst_client, world):
    response = analyst_client.get(world["url"], {"date_from": "2024-02-30", "type": "statement"})
    assert headlines(response) == ["Maduro speaks"]


def test_broken_cursor_on_load_more_says_so_instead_of_repeating_entries(analyst_client, world):
    response = analyst_client.get(world["url"], {"cursor": "abc"}, headers=HX)
    assert response.context["entries"] == []
    html = response.content.decode()
    assert "Newest entries" in html and 'id="results"' not in html


# Labels and page hygiene ------------------------------------------------------------------------------------


def test_the_date_filters_print_the_one_label_the_exports_print():
    # The labels themselves are tested in tests/test_dates.py; the template filter must be that function.
    event = Event(date_start=FEB_2, date_end=dt.date(2019, 2, 5), precision=Precision.APPROXIMATE)
    assert date_label(event) == dates.date_label(event.date_start, event.date_end, event.precision) == "c. 2–5 Feb 2019"
    assert date_span(event) == "2–5 Feb 2019"


def test_pages_have_no_inline_styles_or_scripts(analyst_client, world):
    urls = [
        reverse("events:crisis-list"),
        world["url"],
        world["defection"].get_absolute_url(),
        world["yanez"].get_absolute_url(),
        reverse("events:crisis-claims", kwargs={"slug": world["crisis"].slug}),
        reverse("events:crisis-actors", kwargs={"slug": world["crisis"].slug}) + "?name=yan",
    ]
    for url in urls:
        html = analyst_client.get(url).content.decode()
        assert "style=" not in html, url
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], url
        assert "<main" in html and "<nav" in html and 'lang="en"' in html


def test_actor_chips_escape_hostile_names(analyst_client, crisis):
    # Chips are built in Python (events.views.entries.chips), not by the template: they must escape too.
    hostile = '<img src=x onerror="alert(1)"> "Quote" & Co'
    event = factories.EventFactory(crisis=crisis, headline="Rally")
    factories.EventActorFactory(event=event, actor=factories.ActorFactory(name=hostile), role="initiator")
    html = analyst_client.get(reverse("events:crisis-timeline", kwargs={"slug": crisis.slug})).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &quot;Quote&quot; &amp; Co" in html
